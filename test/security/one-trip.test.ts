import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { alerts, cases, sessions, users } from '../../worker/db/schema'
import type { Role } from '../../worker/domain/access'
import { categoryId, createTestApp, kelurahanA, kelurahanB, validReport, type TestApp } from '../support/app'
import { caseRow, fileCase, forceStatus } from '../support/handling'
import { signChoices, signSnapshot } from '../../worker/security/case-snapshot'
import { harmlessWrite, watchChanges } from './world'

// The routes answered in one round trip (issue 25, worker/session.ts) read the session in the same
// batch as their own reads or writes, and judge it after: a session refused there must be refused
// exactly as before, and its batch must have written nothing (sessionAdmits guards the writes).

type Route = { name: string; role: Role; path: (t: TestApp) => Promise<string> | string; form?: (t: TestApp, user: { id: number; role: string }) => Promise<Record<string, string>> }

let t: TestApp
let changes: Awaited<ReturnType<typeof watchChanges>>
let caseA: { id: number; ticket: string }
let caseQ: { id: number }
let assignees: { id: number; displayName: string }[]

const report = async (t: TestApp) => validReport({ category: String(await categoryId(t.db, 'lansia-terlantar')) })

const routes: Route[] = [
  { name: 'the intake form', role: 'operator', path: () => '/intake' },
  { name: 'filing a report', role: 'operator', path: () => '/intake', form: report },
  { name: 'the case list', role: 'operator', path: () => '/cases' },
  { name: 'Kasus saya', role: 'fasilitator', path: () => '/my-cases' },
  { name: 'the case page', role: 'fasilitator', path: () => `/cases/${caseA.id}` },
  // The page's form: decided on its signed snapshot, written in the batch that checks the session.
  { name: 'a case action', role: 'fasilitator', path: () => `/cases/${caseA.id}/visit`, form: async (t, user) => ({ ...(await visitForm(t)), snapshot: signSnapshot(t.config.snapshotSecret, { kase: await caseRow(t, caseA.id), actor: user }) }) },
  // A form kept from before the snapshot (a phone's queue): the session, the case and the form's key in one batch, then the write.
  { name: 'a case action without a snapshot', role: 'fasilitator', path: () => `/cases/${caseA.id}/visit`, form: visitForm },
  // The queue's assign form: its snapshot and the listed facilitators, written with the ticket read back in the same batch.
  { name: 'an assign from the queue', role: 'supervisor', path: () => `/cases/${caseQ.id}/assign`, form: queueAssignForm },
]

/** To whichever of the two listed facilitators does not hold the case now (assigning again to the holder is refused). */
async function queueAssignForm(t: TestApp, user: { id: number; role: string }) {
  const kase = await caseRow(t, caseQ.id)
  const to = assignees.find((a) => a.id !== kase.assignedTo)!
  const secret = t.config.snapshotSecret
  return { version: String(kase.version), return: 'queue', assignee: String(to.id), note: 'Dialihkan.', snapshot: signSnapshot(secret, { kase, actor: user }), choices: signChoices(secret, 'assignees', assignees) }
}

async function visitForm(t: TestApp) {
  return { version: String((await caseRow(t, caseA.id)).version), note: 'Sudah dikunjungi.', idem: crypto.randomUUID() }
}

beforeAll(async () => {
  t = await createTestApp()
  const supervisor = await t.cookieFor(await t.addUser('supervisor'))
  const facilitator = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  caseA = await forceStatus(t, (await fileCase(t, supervisor)).id, 'ditangani', facilitator.id)
  caseQ = await forceStatus(t, (await fileCase(t, supervisor)).id, 'baru', null)
  assignees = [await t.addUser('fasilitator', { kelurahan: [kelurahanB] }), await t.addUser('fasilitator', { kelurahan: [kelurahanB] })]
  changes = await watchChanges(t)
})

/** A fresh user of `role` (a facilitator of kelurahan A) with a live session. */
async function signedIn(role: Role) {
  const user = await t.addUser(role, { kelurahan: role === 'fasilitator' ? [kelurahanA] : [] })
  return { user, cookie: await t.cookieFor(user) }
}

async function send(route: Route, cookie: string, user: { id: number; role: string }) {
  return t.request(await route.path(t), { cookie, ...(route.form ? { form: await route.form(t, user) } : {}) })
}

/** Sign-in again for a page; 401 for a form. */
function expectSignIn(route: Route, res: Response) {
  if (route.form) expect(res.status, route.name).toBe(401)
  else {
    expect(res.status, route.name).toBe(303)
    expect(res.headers.get('Location'), route.name).toMatch(/^\/login\?next=/)
  }
}

const caseCount = async () => Number((await t.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM cases`))!.n)

describe('one round trip per request: the session judged from the route’s own batch', () => {
  for (const route of routes) {
    it(`refuses ${route.name} at the next request of a user just disabled, writing nothing`, async () => {
      const { user, cookie } = await signedIn(route.role)
      expect((await send(route, cookie, user)).status, `${route.name} while active`).toBeLessThan(400)
      await t.db.update(users).set({ active: false }).where(eq(users.id, user.id))
      const before = await caseCount()
      await changes.reset()
      expectSignIn(route, await send(route, cookie, user))
      // Not even the audit row of a read: nothing was shown.
      expect(await changes.since(), route.name).toEqual([])
      expect(await caseCount()).toBe(before)
    })

    it(`refuses ${route.name} at the next request after signing out, writing nothing`, async () => {
      const { user, cookie } = await signedIn(route.role)
      expect((await send(route, cookie, user)).status, `${route.name} while signed in`).toBeLessThan(400)
      expect((await t.request('/logout', { cookie, method: 'POST' })).status).toBe(303)
      await changes.reset()
      expectSignIn(route, await send(route, cookie, user))
      expect(await changes.since(), route.name).toEqual([])
    })

    it(`refuses ${route.name} to an idle session (30 minutes) and does not keep it alive`, async () => {
      const { user, cookie } = await signedIn(route.role)
      await t.db.update(sessions).set({ lastSeenAt: t.clock.now() - 31 * 60_000 }).where(eq(sessions.userId, user.id))
      await changes.reset()
      expectSignIn(route, await send(route, cookie, user))
      expect(await changes.since(), route.name).toEqual([])
      expect((await t.db.select({ at: sessions.lastSeenAt }).from(sessions).where(eq(sessions.userId, user.id)))[0]!.at).toBe(t.clock.now() - 31 * 60_000)
    })
  }

  it('refuses a report from a role that may not file one (403), a half-signed-in supervisor (to /2fa) and a temporary password (403), creating no case', async () => {
    const facilitator = await signedIn('fasilitator')
    const half = await t.addUser('supervisor')
    const token = crypto.randomUUID()
    // A supervisor who gave the password but not the second factor yet.
    const { sha256Hex } = await import('../../worker/security/tokens')
    await t.db.insert(sessions).values({ id: await sha256Hex(token), userId: half.id, createdAt: t.clock.now(), lastSeenAt: t.clock.now(), secondFactorAt: null })
    const temporary = await signedIn('operator')
    await t.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, temporary.user.id))
    const filing = routes[1]!
    for (const [who, cookie, status] of [
      ['facilitator', facilitator.cookie, 403],
      ['supervisor without second factor', `${t.cookieName}=${token}`, 401],
      ['operator with a temporary password', temporary.cookie, 403],
    ] as const) {
      const before = await caseCount()
      await changes.reset()
      const res = await send(filing, cookie, { id: 0, role: 'operator' })
      expect(res.status, who).toBe(status)
      expect(await changes.since(), who).toEqual([])
      expect(await caseCount(), who).toBe(before)
    }
    // The same sessions' pages go where they did before: the second factor, the new password.
    const page = await t.request('/intake', { cookie: `${t.cookieName}=${token}` })
    expect(page.headers.get('Location')).toBe('/2fa?next=%2Fintake')
    expect((await t.request('/cases', { cookie: temporary.cookie })).headers.get('Location')).toBe('/account/password')
  })

  it('answers a facilitator outside the case’s area 404 from the same batch, with no audit row of a read, and the one inside 200 with one', async () => {
    const outside = await t.addUser('fasilitator', { kelurahan: [kelurahanB] })
    const outsideCookie = await t.cookieFor(outside)
    const inside = await signedIn('fasilitator')
    await changes.reset()
    expect((await t.request(`/cases/${caseA.id}`, { cookie: outsideCookie })).status).toBe(404)
    expect(await changes.since()).toEqual([])
    expect((await t.request(`/cases/${caseA.id}`, { cookie: inside.cookie })).status).toBe(200)
    expect(await changes.since()).toEqual(['insert audit_log (case.read)'])
    // The list in the same batch shows only the area's cases.
    const list = await (await t.request('/cases', { cookie: outsideCookie })).text()
    const [kase] = await t.db.select({ ticket: cases.ticket }).from(cases).where(eq(cases.id, caseA.id))
    expect(list).not.toContain(kase!.ticket)
    expect(await (await t.request('/cases', { cookie: inside.cookie })).text()).toContain(kase!.ticket)
    // And an action on it: 404, nothing written.
    await changes.reset()
    expect((await t.request(`/cases/${caseA.id}/visit`, { cookie: outsideCookie, form: { version: '1', note: 'Sudah dikunjungi.' } })).status).toBe(404)
    expect(await changes.since()).toEqual([])
  })

  it('lists each role’s own cases when the scope is chosen in the batch: all for the desk, the area for a facilitator, the escalated ones for the asisten', async () => {
    const supervisor = await t.cookieFor(await t.addUser('supervisor'))
    const caseB = await fileCase(t, supervisor, { kelurahan: kelurahanB, person_name: 'Warga Kelurahan B' })
    const asisten = await t.addUser('asisten')
    await t.db.insert(alerts).values({ userId: asisten.id, kind: 'eskalasi', caseId: caseA.id, rung: 2, createdAt: t.clock.now(), runId: 'uji', dedupeKey: 'uji:asisten' })
    const tickets = async (cookie: string) => {
      const html = await (await t.request('/cases', { cookie })).text()
      return [caseA, caseB].map((k) => html.includes(k.ticket))
    }
    expect(await tickets((await signedIn('operator')).cookie)).toEqual([true, true])
    expect(await tickets((await signedIn('fasilitator')).cookie)).toEqual([true, false])
    expect(await tickets(await t.cookieFor(asisten))).toEqual([true, false])
    expect(await tickets(await t.cookieFor(await t.addUser('walikota')))).toEqual([false, false])
  })

  it('files a report with the session checked in its batch: one case, created by the signed-in operator', async () => {
    const { user, cookie } = await signedIn('operator')
    const form = await report(t)
    await changes.reset()
    const res = await t.request('/intake', { cookie, form })
    expect(res.status).toBe(303)
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    expect(kase!.createdBy).toBe(user.id)
    expect((await changes.since(harmlessWrite)).filter((c) => c.includes('cases'))).toEqual(['insert cases'])
  })
})
