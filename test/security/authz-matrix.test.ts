import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { cases } from '../../worker/db/schema'
import { kelurahanB } from '../support/app'
import { fileCase, forceStatus } from '../support/handling'
import { actionMatrix, matrix, showsPersonalData, type Expect } from './authz-matrix'
import { actionSetup, caseIn, cookie, fixtures, send, type Req } from './fixtures'
import { actors, createWorld, fillPath, handlerRoutes, harmlessWrite, watchChanges, type Actor, type World } from './world'

function check(expected: Expect, method: string, res: Response, label: string) {
  if (expected === 'ok') expect(res.status, label).toBeGreaterThanOrEqual(200)
  if (expected === 'ok') expect(res.status, label).toBeLessThan(400)
  if (expected === 'login' && method === 'GET') {
    expect(res.status, label).toBe(303)
    expect(res.headers.get('Location'), label).toMatch(/^\/login(\?|$)/)
  }
  if (expected === 'login' && method !== 'GET') expect(res.status, label).toBe(401)
  if (expected === 403 || expected === 404) expect(res.status, label).toBe(expected)
}

describe('authorization matrix', () => {
  let w: World
  let changes: Awaited<ReturnType<typeof watchChanges>>
  beforeAll(async () => {
    w = await createWorld()
    await w.t.addUser('operator', { username: 'masuk' })
    changes = await watchChanges(w.t)
  })

  it('has an entry for every route of the app, and no entry for a route that is gone', () => {
    const routes = handlerRoutes(w.t.app)
    expect(routes.filter((r) => !(r in matrix)), 'routes without a matrix entry').toEqual([])
    expect(Object.keys(matrix).filter((r) => !routes.includes(r)), 'matrix entries for routes that no longer exist').toEqual([])
  })

  // ~1,600 requests: bounded by their number, not by a machine's speed (17 s alone, 30 s on a busy one).
  it('answers every route × caller as the matrix says, and a refused request writes nothing', async () => {
    let checked = 0
    const audited = new Set<string>()
    const run = async (key: string, method: string, pattern: string, actor: Actor, expected: Expect, req: Req) => {
      await w.t.db.run(sql`DELETE FROM rate_limits`)
      const session = await cookie(w, actor)
      await changes.reset()
      const auditRows = async () => Number((await w.t.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`))!.n)
      const auditBefore = await auditRows()
      const res = await send(w, method, fillPath(pattern, req.params ?? {}), session, req)
      const label = `${key} as ${actor}`
      check(expected, method, res, label)
      if (expected === 'ok' && showsPersonalData.has(key)) {
        expect(await auditRows(), `${label} showed personal data without an audit row`).toBeGreaterThan(auditBefore)
        audited.add(key)
      }
      if (expected !== 'ok') expect(await changes.since(harmlessWrite), `${label} wrote`).toEqual([])
      checked++
    }
    for (const [key, entry] of Object.entries(matrix)) {
      const [method, pattern] = key.split(' ') as [string, string]
      if (entry === 'per-action') {
        for (const [action, expectations] of Object.entries(actionMatrix)) {
          for (const actor of actors) {
            const setup = actionSetup[action]!
            const kase = await caseIn(w, setup.status)
            await run(`${method} /cases/:id/${action}`, method, pattern, actor, expectations[actor], { params: { id: kase.id, action }, form: setup.form(w, kase.version) })
            if (expectations[actor] !== 'ok') expect(await w.t.db.select().from(cases).where(eq(cases.id, kase.id)), `${action} as ${actor} changed the case`).toEqual([kase])
          }
        }
        continue
      }
      // Callers who are let through last: what they change (a disabled user) must not decide a refusal.
      for (const actor of [...actors].sort((a, b) => Number(entry[a] === 'ok') - Number(entry[b] === 'ok'))) {
        const req = fixtures[key] ? await fixtures[key](w, actor) : {}
        await run(key, method, pattern, actor, entry[actor], req)
      }
    }
    const callers = actors.length
    console.log(`routes × roles checked: ${checked} (${Object.keys(matrix).length} routes, ${Object.keys(actionMatrix).length} case actions, ${callers} callers: ${actors.join(', ')})`)
    expect(checked).toBeGreaterThan(Object.keys(matrix).length * actors.length)
    // The audit column: every personal-data route was let through for someone, and audited each time.
    expect([...audited].sort()).toEqual([...showsPersonalData].sort())
  }, 180_000)

  it('shows a facilitator of A nothing of a case in B: every case route answers 404', async () => {
    const cookieA = () => cookie(w, 'fasilitatorA')
    const b = w.caseB
    const paths = [`/cases/${b.id}`, `/cases/${b.id}/photos/${w.photos.B}`, `/surat-tugas/${w.letters.B}`]
    for (const path of paths) expect((await w.t.request(path, { cookie: await cookieA() })).status, path).toBe(404)
    for (const [action, setup] of Object.entries(actionSetup)) {
      const kase = await forceStatus(w.t, (await fileCase(w.t, (await cookie(w, 'supervisor'))!, { kelurahan: kelurahanB })).id, setup.status, w.users.fasilitatorB.id)
      const session = await cookieA()
      await changes.reset()
      const res = await w.t.request(`/cases/${kase.id}/${action}`, { cookie: session, form: setup.form(w, kase.version) })
      expect(res.status, action).toBe(404)
      expect(await changes.since(harmlessWrite), action).toEqual([])
    }
    // Someone else's alert does not open either.
    expect((await w.t.request(`/alerts/${w.alertOf.fasilitatorB}/open`, { cookie: await cookieA(), form: {} })).status).toBe(404)
  })

  it('shows a mitra the cases referred to their partner and nothing else: every other route with that case answers 404', async () => {
    const p = w.referred
    // The list: P's mitra sees the referred case, Q's mitra does not, nor any other case.
    const listP = await (await w.t.request('/mitra', { cookie: await cookie(w, 'mitraP') })).text()
    expect(listP).toContain(`/mitra/cases/${p.id}`)
    const listQ = await (await w.t.request('/mitra', { cookie: await cookie(w, 'mitraQ') })).text()
    for (const ticket of [p.ticket, w.caseA.ticket, w.caseB.ticket]) expect(listQ).not.toContain(ticket)
    expect(listP).not.toContain(w.caseA.ticket)
    // Cases never referred to P are 404 to P's mitra, as is every staff route, even for P's own case.
    for (const id of [w.caseA.id, w.caseB.id, w.closed.id, 999_999]) {
      expect((await w.t.request(`/mitra/cases/${id}`, { cookie: await cookie(w, 'mitraP') })).status, `/mitra/cases/${id}`).toBe(404)
      const session = await cookie(w, 'mitraP')
      await changes.reset()
      const res = await w.t.request(`/mitra/cases/${id}/answer`, { cookie: session, form: { answer: 'diterima', note: '' } })
      expect(res.status, `/mitra/cases/${id}/answer`).toBe(404)
      expect(await changes.since(harmlessWrite)).toEqual([])
    }
    let tried = 0
    for (const key of Object.keys(matrix)) {
      const [method, pattern] = key.split(' ') as [string, string]
      if (!pattern.startsWith('/cases/:id')) continue
      const actions = matrix[key] === 'per-action' ? Object.keys(actionSetup) : [undefined]
      for (const action of actions) {
        const req = matrix[key] === 'per-action' ? { form: actionSetup[action!]!.form(w, p.version) } : fixtures[key] ? await fixtures[key](w, 'mitraP') : {}
        const path = fillPath(pattern, { ...req.params, id: p.id, ...(action ? { action } : {}) })
        const session = await cookie(w, 'mitraP')
        await changes.reset()
        const res = await send(w, method, path, session, req)
        expect(res.status, `${method} ${path} as mitraP`).toBe(404)
        expect(await changes.since(harmlessWrite), `${method} ${path} as mitraP wrote`).toEqual([])
        tried++
      }
    }
    expect(tried).toBeGreaterThan(15)
  })

  it('shows asisten and wali kota the cases escalated to them, photos included, and nothing else: not by page, photo, list or NIK search (issue 16)', async () => {
    // The world alerted both about case A only (an escalation); case B never reached them.
    const nik = '6171054107900003'
    await w.t.db.update(cases).set({ personNik: nik }).where(eq(cases.id, w.caseB.id))
    for (const actor of ['asisten', 'walikota'] as const) {
      const get = async (path: string) => w.t.request(path, { cookie: await cookie(w, actor) })
      expect((await get(`/cases/${w.caseA.id}`)).status, `${actor} case A`).toBe(200)
      expect((await get(`/cases/${w.caseA.id}/photos/${w.photos.A}`)).status, `${actor} photo A`).toBe(200)
      expect((await get(`/cases/${w.caseB.id}`)).status, `${actor} case B`).toBe(404)
      expect((await get(`/cases/${w.caseB.id}/photos/${w.photos.B}`)).status, `${actor} photo B`).toBe(404)
      for (const q of ['', `q=${nik}`, `q=${encodeURIComponent(w.caseB.ticket)}`, 'q=Warga']) {
        // The results only: the search box and the CSV link show back what was typed.
        const html = await (await get(`/cases?${q}`)).text()
        expect(html, `${actor} /cases?${q}`).not.toContain(`href="/cases/${w.caseB.id}"`)
        expect(html, `${actor} /cases?${q}`).not.toContain('Warga Kelurahan B')
      }
      expect(await (await get('/cases?q=Warga')).text()).toContain(w.caseA.ticket)
      const csv = await (await get('/cases/export.csv')).text()
      expect(csv).toContain(w.caseA.ticket)
      expect(csv).not.toContain(w.caseB.ticket)
    }
    // The agency's own readers see every case (DOMAIN.md: the Kepala "reads every case").
    for (const actor of ['kepala', 'supervisor'] as const) expect((await w.t.request(`/cases/${w.caseB.id}`, { cookie: await cookie(w, actor) })).status, actor).toBe(200)
  })

  it('never lists or finds a case of B for a facilitator of A', async () => {
    const queries = ['', 'q=Warga', `q=${encodeURIComponent(w.caseB.ticket)}`, `kelurahan=${kelurahanB}`, 'status=ditangani', 'overdue=1', 'q=%25', 'q=_']
    for (const q of queries) {
      for (const headers of [{}, { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }] as Record<string, string>[]) {
        // The results only: the search box shows back what was typed.
        const html = (await (await w.t.request(`/cases?${q}`, { cookie: await cookie(w, 'fasilitatorA'), headers })).text()).replace(/<form method="get"[\s\S]*?<\/form>/, '')
        expect(html, q).not.toContain(w.caseB.ticket)
        expect(html, q).not.toContain('Warga Kelurahan B')
      }
    }
    const list = await (await w.t.request('/cases?q=Warga', { cookie: await cookie(w, 'fasilitatorA') })).text()
    expect(list).toContain(w.caseA.ticket)
    for (const path of ['/my-cases', '/alerts']) {
      const html = await (await w.t.request(path, { cookie: await cookie(w, 'fasilitatorA') })).text()
      expect(html, path).not.toContain(w.caseB.ticket)
    }
  })
})
