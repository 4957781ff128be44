import { beforeAll, describe, expect, it } from 'vitest'
import { matrix } from './authz-matrix'
import { cookie, exempt, fixtures, unsafe, unsafeTargets } from './fixtures'
import { actors, createWorld, fillPath, handlerRoutes, harmlessWrite, watchChanges, type World } from './world'

/** Bodies in every content type a cross-site page can send without a preflight, and some it cannot. */
const bodies: { name: string; contentType?: string; body: (form: Record<string, string>) => BodyInit | undefined }[] = [
  { name: 'urlencoded', contentType: 'application/x-www-form-urlencoded', body: (f) => new URLSearchParams(f).toString() },
  { name: 'uppercase urlencoded', contentType: 'APPLICATION/X-WWW-FORM-URLENCODED', body: (f) => new URLSearchParams(f).toString() },
  { name: 'multipart', body: (f) => Object.entries(f).reduce((d, [k, v]) => (d.append(k, v), d), new FormData()) },
  { name: 'text/plain', contentType: 'text/plain', body: (f) => Object.entries(f).map(([k, v]) => `${k}=${v}`).join('\n') },
  { name: 'no content type', body: (f) => new Blob([new URLSearchParams(f).toString()]) },
  { name: 'json', contentType: 'application/json', body: (f) => JSON.stringify(f) },
]

async function counts(w: World): Promise<Record<string, number>> {
  const client = w.t.db.$client
  const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_changes'")).rows.map((r) => String(r.name))
  const rows = await client.batch(tables.map((t) => `SELECT count(*) AS n FROM "${t}"`), 'read')
  return Object.fromEntries(tables.map((t, i) => [t, Number(rows[i]!.rows[0]!.n)]))
}

describe('cross-site requests', () => {
  let w: World
  let changes: Awaited<ReturnType<typeof watchChanges>>
  beforeAll(async () => {
    w = await createWorld()
    await w.t.addUser('operator', { username: 'masuk' })
    changes = await watchChanges(w.t)
  })

  it('refuses every state change from another site, in every content type, and writes nothing', async () => {
    const list = await unsafeTargets(w)
    expect(list.length).toBeGreaterThan(40)
    const crossSite: Record<string, string>[] = [
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://sub.localhost' },
      { Origin: 'null' },
      {},
    ]
    let tried = 0
    for (const target of list) {
      const session = await cookie(w, target.actor)
      const before = await counts(w)
      await changes.reset()
      for (const variant of bodies) {
        for (const origin of variant.name === 'urlencoded' ? crossSite : crossSite.slice(0, 1)) {
          const headers = new Headers(origin)
          if (session) headers.set('Cookie', session)
          if (variant.contentType) headers.set('Content-Type', variant.contentType)
          const res = await w.t.app.request(target.path, { method: 'POST', headers, body: variant.body(target.form) })
          expect(res.status, `${target.key} ${variant.name} ${JSON.stringify(origin)}`).toBe(403)
          tried++
        }
      }
      expect(await changes.since(), target.key).toEqual([])
      expect(await counts(w), target.key).toEqual(before)
    }
    console.log(`cross-site requests refused: ${tried}`)
  })

  it('lets a same-origin request through the CSRF check (it may still fail for other reasons)', async () => {
    for (const target of await unsafeTargets(w)) {
      const res = await w.t.request(target.path, { method: 'POST', cookie: await cookie(w, target.actor), form: target.form })
      const body = await res.text()
      expect(body, target.key).not.toContain('Permintaan lintas situs ditolak')
      expect(res.status, target.key).toBeLessThan(500)
    }
  })

  it('exempts only the API-key routes and the signed WhatsApp webhook, which take no cookie', async () => {
    const exemptRoutes = handlerRoutes(w.t.app).filter((k) => unsafe.has(k.split(' ')[0]!) && exempt(k.split(' ')[1]!))
    expect(exemptRoutes).toEqual(['POST /open311/v2/requests.json', 'POST /whatsapp'])
    // There a cookie opens nothing either: without Meta's signature the call is refused.
    const hook = await w.t.app.request('/whatsapp', { method: 'POST', headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', Cookie: (await cookie(w, 'admin'))!, 'Content-Type': 'text/plain' }, body: '{}' })
    expect(hook.status).toBe(401)
    // A browser's cookie opens nothing there: without the key the call is refused.
    const res = await w.t.app.request('/open311/v2/requests.json', { method: 'POST', headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', Cookie: (await cookie(w, 'admin'))!, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'service_code=x' })
    expect(res.status).toBe(400)
  })
})

describe('reading', () => {
  it('changes nothing in the database on any GET, for any caller (read audits, API quotas and session touches aside)', async () => {
    const w = await createWorld()
    const changes = await watchChanges(w.t)
    let tried = 0
    for (const key of handlerRoutes(w.t.app)) {
      const [method, pattern] = key.split(' ') as [string, string]
      if (method !== 'GET' || !matrix[key]) continue
      for (const actor of actors) {
        const req = fixtures[key] ? await fixtures[key](w, actor) : {}
        const session = await cookie(w, actor)
        await changes.reset()
        const url = fillPath(pattern, req.params ?? {}) + (req.query ? `?${req.query}` : '')
        for (const headers of [{}, { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }] as Record<string, string>[]) {
          const res = await w.t.request(url, { cookie: session, headers })
          expect(res.status, `${key} as ${actor}`).toBeLessThan(500)
          tried++
        }
        // Reading personal data is itself recorded (UU PDP Pasal 31), and API calls are counted.
        const written = await changes.since(harmlessWrite)
        expect(written, `${key} as ${actor}`).toEqual([])
      }
    }
    console.log(`GET requests without a write: ${tried}`)
  })
})
