import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { casePhotos, userKelurahan, users } from '../../worker/db/schema'
import { readSnapshot, signSnapshot } from '../../worker/security/case-snapshot'
import { kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { controlValue } from '../support/html'
import { caseInHand, caseRow, eventsOf, fakeJpeg, fileCase, forceStatus, multipart } from '../support/handling'

// Issue 25: a case action from the page's own form is decided on the form's signed snapshot of the
// case and written in the one batch that checks the session; whatever that batch finds changed
// (or a snapshot that is not the server's) is answered by reading the case, as before.

/** Calls to the libSQL client (each one round trip to a remote database) while `work` runs. */
async function roundTrips(t: TestApp, work: () => Promise<Response>): Promise<{ result: Response; trips: number }> {
  const client = t.db.$client as unknown as Record<string, (...args: unknown[]) => unknown>
  const methods = ['execute', 'batch', 'migrate', 'executeMultiple'] as const
  const originals = methods.map((m) => client[m]!)
  let trips = 0
  for (const [i, m] of methods.entries()) {
    client[m] = (...args: unknown[]) => {
      trips++
      return originals[i]!.apply(t.db.$client, args)
    }
  }
  try {
    return { result: await work(), trips }
  } finally {
    for (const [i, m] of methods.entries()) client[m] = originals[i]!
  }
}

/** The hidden fields of the page's action forms, as the viewer's browser would send them. */
async function pageForm(t: TestApp, caseId: number, cookie: string) {
  const html = await (await t.request(`/cases/${caseId}`, { cookie })).text()
  return { version: controlValue(html, 'version')!, snapshot: controlValue(html, 'snapshot')!, idem: controlValue(html, 'idem')! }
}

describe('a case action in one round trip (issue 25)', () => {
  it('saves a visit from the page’s form in one round trip; a form without the snapshot still saves, reading the case first', async () => {
    const { t, fac, kase, facCookie } = await caseInHand()
    const form = await pageForm(t, kase.id, facCookie)
    expect(readSnapshot(t.config.snapshotSecret, kase.id, form.snapshot)).toEqual({ kase: { id: kase.id, status: 'ditangani', version: kase.version, assignedTo: fac.id, receivedAt: kase.receivedAt }, actor: { id: fac.id, role: 'fasilitator' } })
    const fast = await roundTrips(t, async () => t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form: { ...form, note: 'Kunjungan pertama.' } }))
    expect(fast.result.status).toBe(303)
    expect(fast.result.headers.get('Location')).toBe(`/cases/${kase.id}?done=visit#case-handling`)
    expect(fast.trips).toBe(1)
    const { snapshot: _snapshot, ...old } = await pageForm(t, kase.id, facCookie)
    const slow = await roundTrips(t, async () => t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form: { ...old, note: 'Kunjungan kedua.' } }))
    expect(slow.result.status).toBe(303)
    expect(slow.trips).toBe(2)
    const visits = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')
    expect(visits.map((e) => [e.note, e.actorId, e.idempotencyKey])).toEqual([
      ['Kunjungan pertama.', fac.id, form.idem],
      ['Kunjungan kedua.', fac.id, old.idem],
    ])
    expect((await caseRow(t, kase.id)).version).toBe(kase.version + 2)
  })

  it('accepts, resolves and closes through the snapshot: the same records as the rules decide, the audit row included', async () => {
    const { t, fac, supervisor, kase } = await caseInHand()
    await forceStatus(t, kase.id, 'ditugaskan', fac.id)
    t.clock.advance({ hours: 1 })
    // Sessions made after the clock moved: an hour idle would have ended them.
    let facCookie = await t.cookieFor(fac)
    const acceptForm = { ...(await pageForm(t, kase.id, facCookie)), note: 'Sudah ditelepon.' }
    const accepted = await roundTrips(t, async () => t.request(`/cases/${kase.id}/accept`, { cookie: facCookie, form: acceptForm }))
    expect(accepted.result.status).toBe(303)
    expect(accepted.trips).toBe(1)
    t.clock.advance({ hours: 2 })
    facCookie = await t.cookieFor(fac)
    const resolved = await t.request(`/cases/${kase.id}/resolve`, { cookie: facCookie, form: { ...(await pageForm(t, kase.id, facCookie)), outcome: 'bantuan_diberikan', note: 'Sembako diberikan.' } })
    expect(resolved.status).toBe(303)
    const supCookie = await t.cookieFor(supervisor)
    const closed = await t.request(`/cases/${kase.id}/close`, { cookie: supCookie, form: { ...(await pageForm(t, kase.id, supCookie)), note: '' } })
    expect(closed.status).toBe(303)
    const after = await caseRow(t, kase.id)
    expect(after).toMatchObject({ status: 'ditutup', assignedTo: fac.id, outcome: 'bantuan_diberikan', version: kase.version + 3 })
    expect(after.handleMinutes).toBe(Math.ceil((t.clock.now() - kase.receivedAt) / 60_000))
    expect(after.handleMinutes).toBeGreaterThanOrEqual(180)
    expect((await eventsOf(t, kase.id)).map((e) => e.kind).slice(-3)).toEqual(['accept', 'resolve', 'close'])
    const audit = await t.db.$client.execute({ sql: `SELECT action FROM audit_log WHERE case_id = ? AND action LIKE 'case.%' AND action != 'case.read' ORDER BY id`, args: [kase.id] })
    expect(audit.rows.map((r) => r.action).slice(-3)).toEqual(['case.accept', 'case.resolve', 'case.close'])
  })

  it('answers a form sent twice at once, or again later, as saved, with one record', async () => {
    const { t, kase, facCookie } = await caseInHand()
    const form = { ...(await pageForm(t, kase.id, facCookie)), note: 'Sekali saja.' }
    const answers = await Promise.all([1, 2, 3].map(() => t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form })))
    const later = await t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form, headers: { 'Sigap-User': String((await caseRow(t, kase.id)).assignedTo) } })
    expect([...answers, later].map((r) => r.status)).toEqual([303, 303, 303, 303])
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(1)
  })

  it('answers a page that grew stale 409 with the typed note back, writing nothing', async () => {
    const { t, kase, facCookie, supCookie } = await caseInHand()
    const form = await pageForm(t, kase.id, facCookie)
    expect((await t.request(`/cases/${kase.id}/visit`, { cookie: supCookie, form: { ...(await pageForm(t, kase.id, supCookie)), note: 'x' } })).status).toBe(403)
    expect((await t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form: { ...(await pageForm(t, kase.id, facCookie)), note: 'Lebih dulu.' } })).status).toBe(303)
    const stale = await t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form: { ...form, note: 'Dari halaman lama.' } })
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('sudah diubah orang lain')
    expect(html).toContain('Dari halaman lama.')
    expect(html).toContain(`name="version" value="${kase.version + 1}"`)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit').map((e) => e.note)).toEqual(['Lebih dulu.'])
  })

  it('acts as the signed-in user, never as the one a snapshot names: a colleague sending it acts as themself, a queued form of another user is refused', async () => {
    const { t, fac, colleague, kase, facCookie } = await caseInHand()
    await forceStatus(t, kase.id, 'ditugaskan', fac.id)
    const form = { ...(await pageForm(t, kase.id, facCookie)), note: 'Diterima rekan.' }
    // A phone's queue that names the snapshot's user, sent under another session: 401, nothing written.
    const queued = await t.request(`/cases/${kase.id}/accept`, { cookie: await t.cookieFor(colleague), form, headers: { 'Sigap-User': String(fac.id) } })
    expect(queued.status).toBe(401)
    expect(await eventsOf(t, kase.id).then((e) => e.filter((x) => x.kind === 'accept'))).toHaveLength(0)
    // The same snapshot under the colleague's session (of the same area): decided again for the colleague.
    const res = await t.request(`/cases/${kase.id}/accept`, { cookie: await t.cookieFor(colleague), form })
    expect(res.status).toBe(303)
    expect(await caseRow(t, kase.id)).toMatchObject({ status: 'ditangani', assignedTo: colleague.id })
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'accept').map((e) => e.actorId)).toEqual([colleague.id])
  })

  it('refuses a forged or altered snapshot as the rules refuse the real case: another role, another case, another secret', async () => {
    const { t, fac, kase, facCookie, supCookie } = await caseInHand()
    await forceStatus(t, kase.id, 'selesai', fac.id)
    // What a page would carry (the facilitator has no form on a finished case), and its claims altered.
    const genuine = signSnapshot(t.config.snapshotSecret, { kase: { id: kase.id, status: 'selesai', version: kase.version, assignedTo: fac.id, receivedAt: kase.receivedAt }, actor: { id: fac.id, role: 'fasilitator' } })
    const form = { version: String(kase.version), idem: 'palsu-0001' }
    // The facilitator may not close; a snapshot claiming the supervisor's role does not make them one.
    const claims = genuine.split('.')
    const asSupervisor = [claims[0], 'supervisor', ...claims.slice(2)].join('.')
    const forged = signSnapshot('not-the-server-secret', { kase: { id: kase.id, status: 'selesai', version: kase.version, assignedTo: fac.id, receivedAt: kase.receivedAt }, actor: { id: fac.id, role: 'supervisor' } })
    const other = await fileCase(t, supCookie)
    const ofOtherCase = signSnapshot(t.config.snapshotSecret, { kase: { id: other.id, status: 'selesai', version: kase.version, assignedTo: fac.id, receivedAt: kase.receivedAt }, actor: { id: fac.id, role: 'supervisor' } })
    expect(readSnapshot(t.config.snapshotSecret, kase.id, genuine)).not.toBeNull()
    for (const snapshot of [asSupervisor, forged, ofOtherCase]) {
      expect(readSnapshot(t.config.snapshotSecret, kase.id, snapshot)).toBeNull()
      const res = await t.request(`/cases/${kase.id}/close`, { cookie: facCookie, form: { ...form, snapshot, note: 'Palsu.' } })
      expect(res.status, snapshot).toBe(403)
    }
    expect(await caseRow(t, kase.id)).toMatchObject({ status: 'selesai', version: kase.version })
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'close')).toHaveLength(0)
  })

  it('writes nothing once the user left the case’s area or changed role since the page, answering 404 and 403 as for any such request', async () => {
    const { t, fac, kase, supCookie } = await caseInHand()
    // A colleague of the area, not on the case: in scope only through the area.
    const colleague = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const cookie = await t.cookieFor(colleague)
    await forceStatus(t, kase.id, 'ditugaskan', fac.id)
    const form = { ...(await pageForm(t, kase.id, cookie)), note: 'Diterima.' }
    await t.db.update(userKelurahan).set({ kelurahanCode: kelurahanB }).where(eq(userKelurahan.userId, colleague.id))
    expect((await t.request(`/cases/${kase.id}/accept`, { cookie, form })).status).toBe(404)
    await t.db.update(userKelurahan).set({ kelurahanCode: kelurahanA }).where(eq(userKelurahan.userId, colleague.id))
    await t.db.update(users).set({ role: 'operator' }).where(eq(users.id, colleague.id))
    expect((await t.request(`/cases/${kase.id}/accept`, { cookie, form })).status).toBe(403)
    expect(await caseRow(t, kase.id)).toMatchObject({ status: 'ditugaskan', assignedTo: fac.id, version: kase.version })
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'accept')).toHaveLength(0)
    expect((await t.request(`/cases/${kase.id}`, { cookie: supCookie })).status).toBe(200)
  })

  it('stores a visit’s photo with the snapshot’s one write, and leaves no file behind when that write finds the page stale', async () => {
    const { t, kase, facCookie } = await caseInHand()
    const filesOf = () => (existsSync(join(t.photoDir, 'cases', String(kase.id))) ? readdirSync(join(t.photoDir, 'cases', String(kase.id))) : [])
    const stale = await pageForm(t, kase.id, facCookie)
    const photo = [{ name: 'rumah.jpg', type: 'image/jpeg', bytes: fakeJpeg(3000) }]
    const saved = await roundTrips(t, async () => t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, method: 'POST', body: multipart({ ...stale, note: 'Dengan foto.' }, photo) }))
    expect(saved.result.status).toBe(303)
    expect(saved.trips).toBe(1)
    const rows = await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase.id))
    expect(rows).toHaveLength(1)
    expect(filesOf()).toEqual([rows[0]!.storageKey.split('/').pop()])
    // The same page's form with a new key: the case moved on, so 409, and its photo is not kept.
    const again = await t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, method: 'POST', body: multipart({ ...stale, idem: 'halaman-lama-0001', note: 'Foto kedua.' }, photo) })
    expect(again.status).toBe(409)
    expect(await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase.id))).toHaveLength(1)
    expect(filesOf()).toHaveLength(1)
  })
})
