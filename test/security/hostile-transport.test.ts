import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { count } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxPhotoBytes } from '../../worker/domain/photo'
import { casePhotos, cases } from '../../worker/db/schema'
import { kelurahanA } from '../support/app'
import { fakeJpeg } from '../support/handling'
import { caseIn, cookie, routeTargets, unsafeTargets, type Target } from './fixtures'
import { coreValues, corpusSample, corpusValues, expectNoRawReflection } from './hostile'
import { createWorld, handlerRoutes, harmlessWrite, watchChanges, type World } from './world'

let w: World
let changes: Awaited<ReturnType<typeof watchChanges>>
let tried = 0
beforeAll(async () => {
  w = await createWorld()
  await w.t.addUser('operator', { username: 'masuk' })
  changes = await watchChanges(w.t)
})
afterAll(() => console.log(`hostile transport: inputs tried: ${tried}`))

/** Sends `init` to `target` as its caller, from our own origin; no 5xx, and a refusal writes nothing. */
async function attempt(target: Target, init: { path?: string; method?: string; headers?: Record<string, string>; body?: BodyInit }, label: string) {
  const session = await cookie(w, target.actor)
  await w.t.db.$client.execute('DELETE FROM rate_limits')
  await changes.reset()
  const res = await w.t.request(init.path ?? target.path, { method: init.method ?? 'POST', cookie: session, headers: init.headers, body: init.body })
  tried++
  expect(res.status, `${target.key} ${label}`).toBeLessThan(500)
  if (res.status >= 400) expect(await changes.since(harmlessWrite), `${target.key} ${label}: a refused request wrote`).toEqual([])
  await res.arrayBuffer()
  return res
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const urlencoded = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('query parameters', () => {
  it('answers every GET route with corpus values in every query parameter, never a 5xx or unescaped', { timeout: 120_000 }, async () => {
    // The names the app reads (c.req.query) and every GET form's fields, as the pages offer them.
    const names = new Set(['q', 'page', 'next', 'ok', 'tersimpan', 'tiket', 'tahun', 'kelurahan', 'kelurahan_q', 'category', 'status', 'overdue', 'done', 'baru', 'created', 'api_key', 'from', 'to', 'actor', 'action'])
    const targets = await routeTargets(w, new Set(['GET']))
    for (const t of targets) {
      const html = await (await w.t.request(t.path + (t.query ? `?${t.query}` : ''), { cookie: await cookie(w, t.actor) })).text()
      for (const m of html.matchAll(/<form\b[^>]*method="get"[^>]*>([\s\S]*?)<\/form>/gi)) for (const n of m[1]!.matchAll(/\sname="([^"]+)"/g)) names.add(n[1]!)
    }
    const params = [...names]
    const corpus = corpusValues()
    const core = coreValues()
    let nth = 0
    // Routes that read their query get the whole corpus; the others a sample (they ignore it).
    const readsQuery = /^\/(login|cases|alerts|alerts\/settings|intake\/kelurahan|cek|satisfaction|2fa|admin\/(users|layanan|profile|ladder|imports|audit).*|dashboard.*|open311\/v2\/requests.*|cases\/\d+)$/
    for (const t of targets) {
      const values = readsQuery.test(t.path) ? corpusSample(corpus, nth++) : core
      const session = await cookie(w, t.actor)
      for (let i = 0; i < values.length; i++) {
        const query = new URLSearchParams(params.map((p, j) => [p, values[(i + 7 * j) % values.length]!]))
        if (t.query) for (const [k, v] of new URLSearchParams(t.query)) if (k === 'api_key') query.set(k, v)
        const res = await w.t.request(`${t.path}?${query}`, { cookie: session })
        tried++
        expect(res.status, `${t.key} #${i}`).toBeLessThan(500)
        const location = res.headers.get('Location')
        if (location) expect(location, `${t.key} #${i}: redirect`).not.toMatch(/^(\/\/|\/\\|[a-z]+:)/i)
        if ((res.headers.get('Content-Type') ?? '').includes('html')) {
          const html = await res.text()
          for (const [name, value] of query) expectNoRawReflection(html, value, `${t.key} ?${name}`)
        } else await res.arrayBuffer()
      }
      // Percent-encoding that is not UTF-8, or not percent-encoding at all.
      for (const raw of ['%FF', '%C0%AF', '%E0%80', '%', '%%', '%u003c', '%ED%A0%80', '%00']) {
        const res = await w.t.request(`${t.path}?${params.map((p) => `${p}=${raw}`).join('&')}${t.query?.includes('api_key') ? `&${t.query}` : ''}`, { cookie: session })
        tried++
        expect(res.status, `${t.key} ?=${raw}`).toBeLessThan(500)
      }
    }
  })
})

describe('bodies', () => {
  it('survives wrong and missing content types on every state-changing route', { timeout: 120_000 }, async () => {
    for (const t of await unsafeTargets(w)) {
      const fields = form(t.form)
      const variants: [string, Record<string, string>, BodyInit | undefined][] = [
        ['json', { 'Content-Type': 'application/json' }, JSON.stringify(t.form)],
        ['broken json', { 'Content-Type': 'application/json' }, '{"a":'],
        ['text/plain', { 'Content-Type': 'text/plain' }, fields],
        ['multipart without boundary', { 'Content-Type': 'multipart/form-data' }, fields],
        ['multipart with a wrong boundary', { 'Content-Type': 'multipart/form-data; boundary=zzz' }, '--yyy\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--yyy--'],
        ['truncated multipart', { 'Content-Type': 'multipart/form-data; boundary=zzz' }, '--zzz\r\nContent-Disposition: form-data; name="note"\r\n\r\nhalf'],
        ['utf-7', { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-7' }, form({ ...t.form, note: '+ADw-script+AD4-alert(1)+ADw-/script+AD4-' })],
        ['uppercase form type', { 'Content-Type': 'APPLICATION/X-WWW-FORM-URLENCODED' }, fields],
        ['no content type', {}, new Blob([fields])],
        ['xml', { 'Content-Type': 'application/xml' }, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
        ['gzip claimed', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip' }, new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff])],
        ['empty', urlencoded, ''],
      ]
      for (const [label, headers, body] of variants) await attempt(t, { headers, body }, label)
    }
  })

  it('survives invalid UTF-8, null bytes, 1,000 repeats of a field and 10,000 fields', { timeout: 120_000 }, async () => {
    const enc = new TextEncoder()
    for (const t of await unsafeTargets(w)) {
      const names = Object.keys(t.form).length ? Object.keys(t.form) : ['note']
      const raw = (bytes: number[]) => new Uint8Array([...enc.encode(`${form(t.form)}&${names[0]}=`), ...bytes])
      await attempt(t, { headers: urlencoded, body: raw([0xc0, 0xaf]) }, 'raw C0 AF')
      await attempt(t, { headers: urlencoded, body: raw([0xff, 0xfe, 0xfd]) }, 'raw FF')
      await attempt(t, { headers: urlencoded, body: raw([0xed, 0xa0, 0x80]) }, 'raw surrogate')
      await attempt(t, { headers: urlencoded, body: `${form(t.form)}&${names[0]}=%FF%C0%AF` }, 'percent-encoded invalid UTF-8')
      await attempt(t, { headers: urlencoded, body: `${form(t.form)}&${names[0]}=%` }, 'lone percent')
      await attempt(t, { headers: urlencoded, body: form(Object.fromEntries(Object.entries(t.form).map(([k, v]) => [k, `${v}\u0000x`]))) }, 'null bytes')
      const multi = new FormData()
      for (const [k, v] of Object.entries(t.form)) multi.append(k, v)
      multi.append(names[0]!, new Blob([new Uint8Array([0xc0, 0xaf, 0xff])]) as unknown as string)
      await attempt(t, { body: multi }, 'multipart invalid UTF-8')
      const repeated = names.flatMap((n) => Array.from({ length: 1_000 }, (_, i) => `${encodeURIComponent(n)}=${i % 2 ? 'a' : encodeURIComponent(t.form[n] ?? 'b')}`)).join('&')
      await attempt(t, { headers: urlencoded, body: repeated }, '1,000 repeats of each field')
      await attempt(t, { headers: urlencoded, body: `${form(t.form)}&${Array.from({ length: 10_000 }, (_, i) => `f${i}=${i}`).join('&')}` }, '10,000 fields')
      await attempt(t, { headers: urlencoded, body: `${form(t.form)}&a[b][c][d]=1&__proto__[x]=1&constructor[prototype][x]=1` }, 'nested names')
    }
  })

  it('answers a 1 MB value without a 5xx, and a 10 MB body with 413 on every route', async () => {
    const big = 'a'.repeat(1024 * 1024)
    for (const t of await unsafeTargets(w)) {
      const first = Object.keys(t.form)[0] ?? 'note'
      await attempt(t, { headers: urlencoded, body: form({ ...t.form, [first]: big }) }, '1 MB value')
      // Imports take spreadsheets up to 20 MB (worker/routes/admin/imports.tsx); above that, 413 too.
      const size = /^\/admin\/imports\/(cases|users)$/.test(t.path) ? 21 * 1024 * 1024 : 10 * 1024 * 1024
      const res = await attempt(t, { headers: urlencoded, body: `${form(t.form)}&pad=${'b'.repeat(size)}` }, `${size / 1024 / 1024} MB body`)
      expect(res.status, `${t.key} huge body`).toBe(413)
    }
  })
})

describe('methods', () => {
  it('answers TRACE, OPTIONS, HEAD, PUT, PATCH and DELETE on every route without a 5xx; TRACE and OPTIONS get 405 with Allow', async () => {
    const paths = [...new Set((await routeTargets(w, new Set(['GET', 'POST']))).map((t) => t.path))]
    for (const path of paths) {
      for (const method of ['TRACE', 'OPTIONS', 'HEAD', 'PUT', 'PATCH', 'DELETE']) {
        for (const session of [undefined, await cookie(w, 'admin')]) {
          // undici refuses to build a TRACE Request; Hono reads only `method` from it.
          const req = new Request(new URL(path, w.t.config.origin), { headers: { Origin: w.t.config.origin, 'Sec-Fetch-Site': 'same-origin', ...(session ? { Cookie: session } : {}) } })
          Object.defineProperty(req, 'method', { value: method })
          await changes.reset()
          const res = await w.t.app.fetch(req)
          tried++
          expect(res.status, `${method} ${path}`).toBeLessThan(500)
          // 404/405 for the methods no route has; 401/403 where sign-in is checked before routing.
          if (method === 'TRACE' || method === 'OPTIONS') {
            // 405 with Allow (issue 16; ASVS 13.4.4), not a 404 that hides the method refusal.
            expect(res.status, `${method} ${path}`).toBe(405)
            expect(res.headers.get('Allow'), `${method} ${path}`).toBe('GET, HEAD, POST')
          }
          if (method !== 'HEAD') expect(await changes.since(harmlessWrite), `${method} ${path}`).toEqual([])
        }
      }
    }
    expect(handlerRoutes(w.t.app).some((k) => k.startsWith('TRACE ') || k.startsWith('OPTIONS '))).toBe(false)
  })
})

describe('uploads', () => {
  const png = (width: number, height: number) => {
    const bytes = new Uint8Array(2048)
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    new DataView(bytes.buffer).setUint32(16, width)
    new DataView(bytes.buffer).setUint32(20, height)
    bytes.set([8, 6, 0, 0, 0], 24)
    return bytes
  }
  const jpegSized = (width: number, height: number) => {
    const bytes = fakeJpeg(4096)
    // An SOF0 segment right after SOI/APP0: FF C0, length 17, precision 8, height, width.
    bytes.set([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3], 0)
    // The scan follows the frame header (at 21), so the segments can be walked to the end.
    bytes.set([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0], 21)
    return bytes
  }
  const html = new TextEncoder().encode('<html><body><script>alert(1)</script></body></html>')
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><foreignObject><body onload="alert(1)"/></foreignObject></svg>')
  const polyglot = new Uint8Array([...new TextEncoder().encode('GIF89a/*'), ...html])
  const bad: [string, string, string, Uint8Array][] = [
    ['a .jpg that is HTML', 'foto.jpg', 'image/jpeg', html],
    ['an SVG with script', 'foto.svg', 'image/svg+xml', svg],
    ['an SVG named .jpg', 'foto.jpg', 'image/jpeg', svg],
    ['a GIF/HTML polyglot', 'foto.gif', 'image/gif', polyglot],
    ['a PNG claiming 50,000 × 50,000 px', 'bom.png', 'image/png', png(50_000, 50_000)],
    ['a JPEG claiming 60,000 × 60,000 px', 'bom.jpg', 'image/jpeg', jpegSized(60_000, 60_000)],
    ['an oversized JPEG', 'besar.jpg', 'image/jpeg', fakeJpeg(maxPhotoBytes + 1)],
    ['a JPEG declared as PNG', 'foto.png', 'image/png', fakeJpeg()],
    ['an HTML file named with traversal', '../../../etc/passwd.jpg', 'image/jpeg', html],
    ['a null byte in the name', 'a.jpg\u0000.php', 'image/jpeg', html],
    ['an empty file', 'kosong.jpg', 'image/jpeg', new Uint8Array(0)],
  ]

  async function stored() {
    const [photos] = await w.t.db.select({ n: count() }).from(casePhotos)
    const files = readdirSync(w.t.photoDir, { recursive: true }).filter((f) => String(f).match(/\.(jpg|png|webp|tmp)$/))
    return { rows: photos!.n, files: files.length }
  }

  it('refuses files that are not what they claim, image bombs and oversized photos on a visit, storing nothing', async () => {
    for (const [label, name, type, bytes] of bad) {
      const kase = await caseIn(w, 'ditangani')
      const body = new FormData()
      body.set('version', String(kase.version))
      body.set('note', 'Kunjungan.')
      body.append('photos', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }))
      const before = await stored()
      const session = await cookie(w, 'fasilitatorA')
      await changes.reset()
      const res = await w.t.request(`/cases/${kase.id}/visit`, { method: 'POST', cookie: session, body })
      tried++
      expect(res.status, label).toBe(422)
      expect(await changes.since(harmlessWrite), label).toEqual([])
      expect(await stored(), label).toEqual(before)
    }
  })

  it('refuses the same on the public report, and keeps the report out', async () => {
    for (const [label, name, type, bytes] of bad.filter(([l]) => l !== 'an empty file')) {
      const page = await (await w.t.request('/lapor')).text()
      const idem = /name="idem" value="([^"]+)"/.exec(page)![1]!
      const body = new FormData()
      const category = /<option value="(\d+)"/.exec(page.slice(page.indexOf('name="category"')))![1]!
      for (const [k, v] of Object.entries({ idem, reporter_name: 'Budi', reporter_phone: '0812 3456 7890', reporter_relation: 'tetangga', person_name: 'Nenek', kelurahan: kelurahanA, address: 'Jl. Uji 1', category, description: 'Lansia sendirian.', consent: 'ya' })) body.set(k, v)
      body.set('foto', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }))
      const [before] = await w.t.db.select({ n: count() }).from(cases)
      const files = await stored()
      await w.t.db.$client.execute('DELETE FROM rate_limits')
      const res = await w.t.request('/lapor', { method: 'POST', body })
      tried++
      expect(res.status, label).toBe(422)
      expect(await res.text(), label).toContain('Budi')
      const [after] = await w.t.db.select({ n: count() }).from(cases)
      expect(after!.n, label).toBe(before!.n)
      expect(await stored(), label).toEqual(files)
    }
  })

  it('stores a good photo under a name of its own, never the one sent', async () => {
    const kase = await caseIn(w, 'ditangani')
    const body = new FormData()
    body.set('version', String(kase.version))
    body.set('note', 'Kunjungan.')
    body.append('photos', new File([jpegSized(1600, 1200) as Uint8Array<ArrayBuffer>], '../../../../tmp/evil\u202Egpj.jpg', { type: 'image/jpeg' }))
    const res = await w.t.request(`/cases/${kase.id}/visit`, { method: 'POST', cookie: await cookie(w, 'fasilitatorA'), body })
    expect(res.status).toBe(303)
    const rows = await w.t.db.select().from(casePhotos)
    expect(rows.at(-1)!.storageKey).toMatch(new RegExp(`^cases/${kase.id}/[A-Za-z0-9_-]{16,64}\\.jpg$`))
    expect(readdirSync(join(w.t.photoDir, 'cases', String(kase.id)))).toHaveLength(1)
  })
})

