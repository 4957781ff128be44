import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../worker/app'
import { systemClock } from '../../worker/clock'
import { casePhotos, cases, partners, users } from '../../worker/db/schema'
import { targetPhotoBytes } from '../../worker/domain/photo'
import { cameraJpeg } from '../support/camera-photo'
import { categoryId, kelurahanA, validReport } from '../support/app'
import { freshDb } from '../support/db'
import { controlValue, hiddenFieldsOf } from '../support/html'
import { addWorkerUser, sendToWorker, signInOnWorker, startWorker, workerConfig, workerPassword, type TestWorker } from '../support/worker'

describe('Worker entry in workerd', () => {
  let w: TestWorker
  beforeEach(async () => {
    w = await startWorker()
  })
  afterEach(() => w.dispose())

  const send = (path: string, init: { cookie?: string; form?: Record<string, string> } = {}) => sendToWorker(w, path, init)
  const signIn = (username: string) => signInOnWorker(w, username)

  it('answers /healthz 200 while the database is reachable, 503 while it is down, and recovers', async () => {
    const ok = await send('/healthz')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ status: 'ok', database: 'reachable' })
    w.hrana.setDown(true)
    const down = await send('/healthz')
    expect(down.status).toBe(503)
    expect(await down.json()).toMatchObject({ database: 'unreachable' })
    w.hrana.setDown(false)
    expect((await send('/healthz')).status).toBe(200)
  })

  it('serves the same service worker script, manifest and icons as Node (issue 22)', async () => {
    const sw = await send('/sw.js')
    expect(sw.headers.get('Cache-Control')).toBe('no-cache')
    expect(await sw.text()).toBe(readFileSync('views/static/sw.js', 'utf8'))
    const manifest = (await (await send('/manifest.webmanifest')).json()) as { start_url: string; icons: { src: string }[] }
    expect(manifest.start_url).toBe('/my-cases')
    const icon = await send(manifest.icons[1].src)
    expect(icon.headers.get('Content-Type')).toBe('image/png')
    expect(Buffer.from(await icon.arrayBuffer()).equals(readFileSync('views/static/icon-512.png'))).toBe(true)
  })

  it('compresses pages once: gzip inside gzip would show as garbage in a browser', async () => {
    // Miniflare, like Cloudflare, gzips by Content-Encoding; dispatchFetch undoes one layer.
    const res = await send('/login')
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/i)
  })

  it('signs in a user created on Node and accepts the session cookie', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const cookie = await signIn(operator.username)
    const page = await send('/intake', { cookie })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form')
    // Same work factor on both sides: sign-in did not re-hash the password.
    const [stored] = await w.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, operator.id))
    expect(stored!.hash).toMatch(/^pbkdf2-sha256\$100000\$/)
  })

  it('takes a report end to end: one case in the libSQL file, routed to the facilitator, even when submitted twice', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const facilitator = await addWorkerUser(w.db, 'fasilitator', [kelurahanA])
    const cookie = await signIn(operator.username)
    const idem = controlValue(await (await send('/intake', { cookie })).text(), 'idem')!
    const form = validReport({ idem, category: String(await categoryId(w.db, 'lansia-terlantar')) })

    // A double click sends both at once; a retry after a timeout sends the same form again.
    const [first, doubleClick] = await Promise.all([send('/intake', { cookie, form }), send('/intake', { cookie, form })])
    const retry = await send('/intake', { cookie, form })
    for (const res of [first, doubleClick, retry]) {
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe(first.headers.get('Location'))
    }

    const stored = await w.db.select().from(cases).where(eq(cases.idempotencyKey, idem))
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ status: 'ditugaskan', assignedTo: facilitator.id, createdBy: operator.id })
    expect(first.headers.get('Location')).toBe(`/cases/${stored[0]!.id}?baru=1`)
  })

  it('shows the intake form and files a report in one round trip each once reference data is cached: the session is checked in the write batch', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const cookie = await signIn(operator.username)
    await send('/intake', { cookie }) // warms the reference cache
    w.hrana.resetCount()
    expect((await send('/intake', { cookie })).status).toBe(200)
    expect(w.hrana.pipelines).toBe(1)
    const form = validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) })
    w.hrana.resetCount()
    expect((await send('/intake', { cookie, form })).status).toBe(303)
    expect(w.hrana.pipelines).toBe(1)
    expect(await w.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))).toHaveLength(1)
  })

  it('shows the case list and Kasus saya in one round trip each: the session and the rows in scope in one batch', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const facilitator = await addWorkerUser(w.db, 'fasilitator', [kelurahanA])
    const cookie = await signIn(operator.username)
    const mine = await signIn(facilitator.username)
    const filed = await send('/intake', { cookie, form: validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) }) })
    const ticket = (await w.db.select({ ticket: cases.ticket }).from(cases).where(eq(cases.id, Number(/\/cases\/(\d+)/.exec(filed.headers.get('Location')!)![1]))))[0]!.ticket
    for (const [path, who] of [['/cases', cookie], ['/my-cases', mine]] as const) {
      await send(path, { cookie: who }) // warms the reference cache
      w.hrana.resetCount()
      const shown = await send(path, { cookie: who })
      expect(shown.status, path).toBe(200)
      expect(await shown.text(), path).toContain(ticket)
      expect(w.hrana.pipelines, path).toBe(1)
    }
  })

  it('shows a case page in one round trip: the session, the case in scope, every panel and the audit row of the read in one batch', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const cookie = await signIn(operator.username)
    const filed = await send('/intake', { cookie, form: validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) }) })
    const path = filed.headers.get('Location')!.replace(/\?.*/, '')
    expect((await send(path, { cookie })).status).toBe(200) // warms the reference cache
    w.hrana.resetCount()
    const shown = await send(path, { cookie })
    expect(shown.status).toBe(200)
    expect(await shown.text()).toContain('Riwayat')
    expect(w.hrana.pipelines).toBe(1)
    const reads = await w.db.$client.execute({ sql: `SELECT count(*) AS n FROM audit_log WHERE action = 'case.read' AND case_id = ?`, args: [Number(path.split('/').pop())] })
    expect(Number(reads.rows[0]!.n)).toBe(2)
  })

  it('saves a case action from the page’s form in one round trip: decided on its signed snapshot, written in the batch that checks the session', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const facilitator = await addWorkerUser(w.db, 'fasilitator', [kelurahanA])
    const filed = await send('/intake', { cookie: await signIn(operator.username), form: validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) }) })
    const path = filed.headers.get('Location')!.replace(/\?.*/, '')
    const cookie = await signIn(facilitator.username)
    const formOf = async (note: string) => {
      const html = await (await send(path, { cookie })).text()
      return { version: controlValue(html, 'version')!, snapshot: controlValue(html, 'snapshot')!, idem: controlValue(html, 'idem')!, note }
    }
    const accept = await formOf('Sudah ditelepon.')
    w.hrana.resetCount()
    expect((await send(`${path}/accept`, { cookie, form: accept })).status).toBe(303)
    expect(w.hrana.pipelines).toBe(1)
    const visit = await formOf('Sudah dikunjungi.')
    w.hrana.resetCount()
    expect((await send(`${path}/visit`, { cookie, form: visit })).status).toBe(303)
    expect(w.hrana.pipelines).toBe(1)
    // The same form again (a double tap): answered as saved after reading, nothing written twice.
    expect((await send(`${path}/visit`, { cookie, form: visit })).status).toBe(303)
    const id = Number(path.split('/').pop())
    const events = await w.db.$client.execute({ sql: `SELECT kind, actor_id FROM case_events WHERE case_id = ? AND kind IN ('accept', 'visit') ORDER BY id`, args: [id] })
    expect(events.rows.map((r) => [r.kind, Number(r.actor_id)])).toEqual([
      ['accept', facilitator.id],
      ['visit', facilitator.id],
    ])
  })

  it('marks a duplicate and refers to a listed partner in one round trip each: the original found and the partner re-checked inside the write (issue 25)', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const facilitator = await addWorkerUser(w.db, 'fasilitator', [kelurahanA])
    const [partner] = await w.db.insert(partners).values({ name: 'Dinas Kesehatan Kota', partnerType: 'dinkes', createdAt: 0 }).returning()
    const operatorCookie = await signIn(operator.username)
    const file = async () => (await send('/intake', { cookie: operatorCookie, form: validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) }) })).headers.get('Location')!.replace(/\?.*/, '')
    const [original, copy] = [await file(), await file()]
    const cookie = await signIn(facilitator.username)
    const formOf = async (path: string, action: string, fields: Record<string, string>) => ({ ...hiddenFieldsOf(await (await send(path, { cookie })).text(), `${path}/${action}`)!, ...fields })
    const [kase] = await w.db.select({ ticket: cases.ticket }).from(cases).where(eq(cases.id, Number(original.split('/').pop())))
    const acts: [string, string, Record<string, string>][] = [
      [copy, 'duplicate', { duplicate_of: kase!.ticket, note: 'Laporan yang sama.' }],
      [original, 'accept', { note: 'Sudah ditelepon.' }],
      [original, 'refer', { partner_id: String(partner!.id), request: 'Pemeriksaan kesehatan.' }],
    ]
    for (const [path, action, fields] of acts) {
      const form = await formOf(path, action, fields)
      w.hrana.resetCount()
      expect((await send(`${path}/${action}`, { cookie, form })).status, action).toBe(303)
      expect(w.hrana.pipelines, action).toBe(1)
    }
    const [dup] = await w.db.select({ status: cases.status, duplicateOf: cases.duplicateOf }).from(cases).where(eq(cases.id, Number(copy.split('/').pop())))
    expect(dup).toEqual({ status: 'duplikat', duplicateOf: Number(original.split('/').pop()) })
    const referral = await w.db.$client.execute({ sql: 'SELECT partner_id, partner_name FROM referrals WHERE case_id = ?', args: [Number(original.split('/').pop())] })
    expect(referral.rows.map((r) => [Number(r.partner_id), r.partner_name])).toEqual([[partner!.id, 'Dinas Kesehatan Kota']])
  })

  it('answers /cek for the right ticket and digits in one round trip: the holds, the case and its timeline in one batch', async () => {
    const operator = await addWorkerUser(w.db, 'operator')
    const cookie = await signIn(operator.username)
    const filed = await send('/intake', { cookie, form: validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) }) })
    const id = Number(/\/cases\/(\d+)/.exec(filed.headers.get('Location')!)![1])
    const [kase] = await w.db.select({ ticket: cases.ticket, phone: cases.reporterPhone }).from(cases).where(eq(cases.id, id))
    const form = { tiket: kase!.ticket, hp4: kase!.phone!.slice(-4) }
    expect((await send('/cek', { form })).status).toBe(200) // warms the reference cache
    w.hrana.resetCount()
    const found = await send('/cek', { form })
    expect(found.status).toBe(200)
    expect(await found.text()).toContain(kase!.ticket)
    expect(w.hrana.pipelines).toBe(1)
  })
})

describe('Worker photo shrinking in workerd', () => {
  it('stores a 1 MB camera photo sent with JavaScript off shrunk to at most 200 KB (Photon loads in workerd)', { timeout: 120_000 }, async () => {
    const w = await startWorker({ photos: true })
    try {
      const operator = await addWorkerUser(w.db, 'operator')
      const facilitator = await addWorkerUser(w.db, 'fasilitator', [kelurahanA])
      const headers = { Origin: workerConfig.origin, 'Sec-Fetch-Site': 'same-origin' }
      const signIn = async (username: string) => {
        const res = await w.mf.dispatchFetch(`${workerConfig.origin}/login`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: workerPassword, next: '/' }).toString(), redirect: 'manual' })
        return res.headers.getSetCookie().find((c) => c.startsWith('__Host-sigap='))!.split(';')[0]!
      }
      const opCookie = await signIn(operator.username)
      const form = validReport({ category: String(await categoryId(w.db, 'lansia-terlantar')) })
      const filed = await w.mf.dispatchFetch(`${workerConfig.origin}/intake`, { method: 'POST', headers: { ...headers, Cookie: opCookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' })
      const [kase] = await w.db.select().from(cases)
      expect(filed.status).toBe(303)
      const camera = cameraJpeg(2000, 1500)
      expect(camera.length).toBeGreaterThan(1024 * 1024)
      const body = new FormData()
      body.set('version', String(kase!.version))
      body.set('note', 'Sudah bertemu keluarga.')
      body.append('photos', new File([camera as Uint8Array<ArrayBuffer>], 'IMG_0001.jpg', { type: 'image/jpeg' }))
      const sent = new Request('http://x/', { method: 'POST', body })
      const accepted = await w.mf.dispatchFetch(`${workerConfig.origin}/cases/${kase!.id}/accept`, {
        method: 'POST',
        headers: { ...headers, Cookie: await signIn(facilitator.username), 'Content-Type': sent.headers.get('Content-Type')! },
        body: new Uint8Array(await sent.arrayBuffer()),
        redirect: 'manual',
      })
      expect(accepted.status).toBe(303)
      const [photo] = await w.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase!.id))
      expect(photo).toMatchObject({ contentType: 'image/jpeg' })
      expect(photo!.size).toBeLessThanOrEqual(targetPhotoBytes)
    } finally {
      await w.dispose()
    }
  })
})

describe('Worker password hashing (SECURITY.md B12)', () => {
  const cap = 100_000
  afterEach(() => vi.restoreAllMocks())

  it('creates users and signs them in with the production cap emulated', async () => {
    // A local workerd accepts any count; production answers with this error above the cap.
    const deriveBits = crypto.subtle.deriveBits.bind(crypto.subtle)
    vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((algorithm, key, length) => {
      if ((algorithm as Pbkdf2Params).iterations > cap) {
        throw new DOMException('Pbkdf2 failed: iteration counts above 100000 are not supported', 'NotSupportedError')
      }
      return deriveBits(algorithm, key, length)
    })
    const { db } = await freshDb()
    const app = createApp({ db, clock: systemClock, config: workerConfig, socketAddress: () => '127.0.0.1' })
    const operator = await addWorkerUser(db, 'operator')
    const res = await app.request('/login', {
      method: 'POST',
      headers: { Origin: workerConfig.origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: operator.username, password: workerPassword }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('Set-Cookie')).toMatch(/^__Host-sigap=/)
    // The hash the Worker's settings wrote: its count is what production must accept.
    const [stored] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, operator.id))
    expect(Number(stored!.hash.split('$')[1])).toBe(cap)
  })
})
