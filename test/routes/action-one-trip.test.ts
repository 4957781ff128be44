import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cases, casePhotos, partners, userKelurahan, users } from '../../worker/db/schema'
import { readChoices, readSnapshot, signChoices, signSnapshot } from '../../worker/security/case-snapshot'
import { kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { controlValue, hiddenFieldsOf } from '../support/html'
import { caseInHand, caseRow, eventsOf, fakeJpeg, fileCase, forceStatus, multipart } from '../support/handling'

// Issue 25: a case action from the page's own form is decided on the form's signed snapshot of the
// case and written in the one batch that checks the session; whatever that batch finds changed
// (or a snapshot that is not the server's) is answered by reading the case, as before.

/** Calls to the libSQL client (each one round trip to a remote database) while `work` runs. */
async function roundTrips(t: TestApp, work: () => Response | Promise<Response>): Promise<{ result: Response; trips: number }> {
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

/** The hidden fields of the form that posts to `action` on the page at `path`, as the viewer's browser would send them. */
async function hiddenFields(t: TestApp, path: string, action: string, cookie: string): Promise<Record<string, string>> {
  const fields = hiddenFieldsOf(await (await t.request(path, { cookie })).text(), action)
  expect(fields, `${path} has a form to ${action}`).toBeDefined()
  return fields!
}

/** The same form as one kept from before the snapshot (a phone's queue): decided after reading. */
const withoutSnapshot = ({ snapshot: _s, choices: _c, ...form }: Record<string, string>) => form

/** What an action wrote on a case and its records, without ids: two cases in the same state compare equal after the same action. */
async function recordsOf(t: TestApp, caseId: number) {
  const { status, version, assignedTo, closedAt, duplicateOf, resolvedAt, outcome } = await caseRow(t, caseId)
  const events = (await eventsOf(t, caseId)).map((e) => [e.kind, e.fromStatus, e.toStatus, e.note, e.actorId, e.at])
  const audit = await t.db.$client.execute({ sql: `SELECT action, actor_id, detail, at FROM audit_log WHERE case_id = ? AND action != 'case.read' ORDER BY id`, args: [caseId] })
  const referrals = await t.db.$client.execute({
    sql: 'SELECT partner_type, partner_name, request, partner_id, actor_id, at, accept_due_at, accept_escalate_at, outcome_due_at, outcome_escalate_at FROM referrals WHERE case_id = ? ORDER BY id',
    args: [caseId],
  })
  return { kase: { status, version, assignedTo, closedAt, duplicateOf, resolvedAt, outcome }, events, audit: audit.rows.map((r) => Object.values(r)), referrals: referrals.rows.map((r) => Object.values(r)) }
}

/** Two cases of kelurahan A in the same state: one for each path. */
async function twins(t: TestApp, cookie: string, status: string, assignedTo: number | null) {
  return [await forceStatus(t, (await fileCase(t, cookie)).id, status, assignedTo), await forceStatus(t, (await fileCase(t, cookie)).id, status, assignedTo)] as const
}

describe('assign, a listed partner and duplicate in one round trip (issue 25)', () => {
  it('keeps the signed choices whole whatever the names hold, and only for their own kind and secret', () => {
    const secret = 'secret-of-the-test'
    const partners = [
      { id: 7, name: 'RS Jiwa, Unit 2 | Rawat Inap. 100% gratis', partnerType: 'rsj', acceptHours: 8, outcomeHours: 40 },
      { id: 9, name: 'Yayasan Peduli Sesama “Kasih”', partnerType: 'lainnya', acceptHours: 16, outcomeHours: 80 },
    ]
    const signed = signChoices(secret, 'partners', partners)
    expect(readChoices(secret, 'partners', signed)).toEqual(partners)
    expect(readChoices(secret, 'assignees', signed)).toBeNull()
    expect(readChoices('another-secret', 'partners', signed)).toBeNull()
    expect(readChoices(secret, 'partners', signChoices(secret, 'partners', []))).toEqual([])
  })

  it('assigns from the case page in one round trip, writing what the reading path writes; a facilitator disabled or renamed since the page is answered by reading', async () => {
    const { t, fac, colleague, supervisor, supCookie } = await caseInHand()
    const [fast, slow] = await twins(t, supCookie, 'ditangani', fac.id)
    const formOf = async (id: number): Promise<Record<string, string>> => ({ ...(await hiddenFields(t, `/cases/${id}`, `/cases/${id}/assign`, supCookie)), assignee: String(colleague.id), note: 'Fasilitator cuti.' })
    const form = await formOf(fast.id)
    expect(readChoices(t.config.snapshotSecret, 'assignees', form.choices)).toEqual(expect.arrayContaining([{ id: colleague.id, displayName: colleague.displayName }]))
    const one = await roundTrips(t, () => t.request(`/cases/${fast.id}/assign`, { cookie: supCookie, form }))
    expect([one.result.status, one.result.headers.get('Location'), one.trips]).toEqual([303, `/cases/${fast.id}?done=assign#case-handling`, 1])
    const readForm = withoutSnapshot(await formOf(slow.id))
    const read = await roundTrips(t, () => t.request(`/cases/${slow.id}/assign`, { cookie: supCookie, form: readForm }))
    expect([read.result.status, read.trips]).toEqual([303, 3])
    const records = await recordsOf(t, fast.id)
    expect(records).toEqual(await recordsOf(t, slow.id))
    expect(records.kase).toMatchObject({ status: 'ditugaskan', assignedTo: colleague.id, version: fast.version + 1 })
    expect(records.events.at(-1)).toEqual(['assign', 'ditangani', 'ditugaskan', `Kepada ${colleague.displayName}. Fasilitator cuti.`, supervisor.id, t.clock.now()])

    // The page was rendered; then the facilitator it offers is disabled: nothing written, 422 as the reading path answers.
    const other = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const [late] = await twins(t, supCookie, 'ditangani', fac.id)
    const stale = { ...(await formOf(late.id)), assignee: String(other.id) }
    await t.db.update(users).set({ active: false }).where(eq(users.id, other.id))
    const refused = await roundTrips(t, () => t.request(`/cases/${late.id}/assign`, { cookie: supCookie, form: stale }))
    expect([refused.result.status, refused.trips]).toEqual([422, 4])
    expect(await refused.result.text()).toContain('Pilih fasilitator yang aktif.')
    const readAnswer = await t.request(`/cases/${late.id}/assign`, { cookie: supCookie, form: withoutSnapshot(stale) })
    expect(readAnswer.status).toBe(422)
    expect(await recordsOf(t, late.id)).toMatchObject({ kase: { status: 'ditangani', assignedTo: fac.id, version: late.version } })
    expect((await eventsOf(t, late.id)).filter((e) => e.kind === 'assign')).toHaveLength(0)

    // Renamed since the page: the one-trip write does not hold, the reading path writes the name as it is now.
    await t.db.update(users).set({ active: true, displayName: 'Nama Baru' }).where(eq(users.id, other.id))
    const renamed = await roundTrips(t, () => t.request(`/cases/${late.id}/assign`, { cookie: supCookie, form: stale }))
    expect([renamed.result.status, renamed.trips]).toEqual([303, 4])
    expect((await eventsOf(t, late.id)).filter((e) => e.kind === 'assign').map((e) => e.note)).toEqual(['Kepada Nama Baru. Fasilitator cuti.'])
  })

  it('never takes a facilitator from choices it did not sign: forged ones are answered by reading, as the reading path answers', async () => {
    const { t, fac, colleague, supCookie } = await caseInHand()
    const operator = await t.addUser('operator')
    const [kase] = await twins(t, supCookie, 'ditangani', fac.id)
    const form: Record<string, string> = { ...(await hiddenFields(t, `/cases/${kase.id}`, `/cases/${kase.id}/assign`, supCookie)), note: 'Dialihkan.' }
    // Listing an operator as a facilitator, under another secret; a genuine list with a name altered.
    const forged = signChoices('not-the-server-secret', 'assignees', [{ id: operator.id, displayName: 'Fasilitator Palsu' }])
    const altered = form.choices!.replace(encodeURIComponent(colleague.displayName), 'Nama%20Palsu')
    expect(altered).not.toBe(form.choices)
    expect(readChoices(t.config.snapshotSecret, 'assignees', altered)).toBeNull()
    const byOperator = await roundTrips(t, () => t.request(`/cases/${kase.id}/assign`, { cookie: supCookie, form: { ...form, choices: forged, assignee: String(operator.id) } }))
    expect([byOperator.result.status, byOperator.trips]).toEqual([422, 3])
    const renamed = await roundTrips(t, () => t.request(`/cases/${kase.id}/assign`, { cookie: supCookie, form: { ...form, choices: altered, assignee: String(colleague.id) } }))
    expect([renamed.result.status, renamed.trips]).toEqual([303, 3])
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'assign').map((e) => e.note)).toEqual([`Kepada ${colleague.displayName}. Dialihkan.`])
  })

  it('assigns from the queue in one round trip, the htmx answer (the queue again) read in the same batch; a stale presumption is answered on the queue as before', async () => {
    const { t, colleague, supCookie } = await caseInHand()
    const [fast, slow] = await twins(t, supCookie, 'baru', null)
    const formOf = async (id: number): Promise<Record<string, string>> => ({ ...(await hiddenFields(t, '/queue', `/cases/${id}/assign`, supCookie)), assignee: String(colleague.id) })
    const htmx = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }
    const form = await formOf(fast.id)
    expect(form.return).toBe('queue')
    const one = await roundTrips(t, () => t.request(`/cases/${fast.id}/assign`, { cookie: supCookie, form, headers: htmx }))
    expect([one.result.status, one.trips]).toEqual([200, 1])
    const html = await one.result.text()
    expect(html).toContain(`Tersimpan: kasus ${fast.ticket} ditugaskan.`)
    // The queue as it is after the write: the case left it, its twin still waits.
    expect(html).not.toContain(`/cases/${fast.id}/assign`)
    expect(html).toContain(`/cases/${slow.id}/assign`)
    const readForm = withoutSnapshot(await formOf(slow.id))
    const read = await roundTrips(t, () => t.request(`/cases/${slow.id}/assign`, { cookie: supCookie, form: readForm, headers: htmx }))
    expect([read.result.status, read.trips]).toEqual([200, 4])
    expect(await recordsOf(t, fast.id)).toEqual(await recordsOf(t, slow.id))
    expect((await caseRow(t, fast.id)).assignedTo).toBe(colleague.id)

    // Without JavaScript: back to the queue, in one round trip.
    const [plain] = await twins(t, supCookie, 'baru', null)
    const redirectedForm = await formOf(plain.id)
    const redirected = await roundTrips(t, () => t.request(`/cases/${plain.id}/assign`, { cookie: supCookie, form: redirectedForm }))
    expect([redirected.result.status, redirected.result.headers.get('Location'), redirected.trips]).toEqual([303, `/queue?assigned=${plain.ticket}`, 1])

    // Disabled since the queue was rendered: nothing written, the queue with the reading path's message.
    const [late] = await twins(t, supCookie, 'baru', null)
    const stale = await formOf(late.id)
    await t.db.update(users).set({ active: false }).where(eq(users.id, colleague.id))
    const refused = await t.request(`/cases/${late.id}/assign`, { cookie: supCookie, form: stale, headers: htmx })
    const readRefused = await t.request(`/cases/${late.id}/assign`, { cookie: supCookie, form: withoutSnapshot(stale), headers: htmx })
    expect([refused.status, readRefused.status]).toEqual([422, 422])
    expect(await refused.text()).toContain(`Kasus ${late.ticket}: Periksa isian.`)
    expect(await caseRow(t, late.id)).toMatchObject({ status: 'baru', assignedTo: null, version: late.version })
  })

  it('refers to a partner from the admin’s list in one round trip, with the deadlines of its hours; a partner retired or changed since the page is answered by reading', async () => {
    const { t, fac, supCookie, facCookie } = await caseInHand()
    const [partner] = await t.db.insert(partners).values({ name: 'Puskesmas Kampung Dalam, Unit 2', partnerType: 'dinkes', createdAt: 0, acceptHours: 16, outcomeHours: 80 }).returning()
    const [fast, slow] = await twins(t, supCookie, 'ditangani', fac.id)
    const formOf = async (id: number): Promise<Record<string, string>> => ({ ...(await hiddenFields(t, `/cases/${id}`, `/cases/${id}/refer`, facCookie)), partner_id: String(partner!.id), partner_type: '', partner_name: '', request: 'Pemeriksaan kesehatan.', note: '' })
    const form = await formOf(fast.id)
    expect(readChoices(t.config.snapshotSecret, 'partners', form.choices)).toEqual([{ id: partner!.id, name: partner!.name, partnerType: 'dinkes', acceptHours: 16, outcomeHours: 80 }])
    const one = await roundTrips(t, () => t.request(`/cases/${fast.id}/refer`, { cookie: facCookie, form }))
    expect([one.result.status, one.trips]).toEqual([303, 1])
    const readForm = withoutSnapshot(await formOf(slow.id))
    const read = await roundTrips(t, () => t.request(`/cases/${slow.id}/refer`, { cookie: facCookie, form: readForm }))
    expect([read.result.status, read.trips]).toEqual([303, 3])
    const records = await recordsOf(t, fast.id)
    expect(records).toEqual(await recordsOf(t, slow.id))
    expect(records.referrals).toHaveLength(1)
    expect(records.referrals[0]!.slice(0, 4)).toEqual(['dinkes', partner!.name, 'Pemeriksaan kesehatan.', partner!.id])

    // Its hours changed since the page: the referral is written with the deadlines of the hours as they are now.
    const [changed, retired] = await twins(t, supCookie, 'ditangani', fac.id)
    const changedForm = await formOf(changed.id)
    const retiredForm = await formOf(retired.id)
    await t.db.update(partners).set({ acceptHours: 8 }).where(eq(partners.id, partner!.id))
    const after = await roundTrips(t, () => t.request(`/cases/${changed.id}/refer`, { cookie: facCookie, form: changedForm }))
    expect([after.result.status, after.trips]).toEqual([303, 4])
    const [acceptDue] = (await recordsOf(t, changed.id)).referrals.map((r) => r[6])
    expect(acceptDue).toBeLessThan(records.referrals[0]![6] as number)

    // Retired since the page: nothing written, 422 as the reading path answers.
    await t.db.update(partners).set({ active: false }).where(eq(partners.id, partner!.id))
    const refused = await roundTrips(t, () => t.request(`/cases/${retired.id}/refer`, { cookie: facCookie, form: retiredForm }))
    expect([refused.result.status, refused.trips]).toEqual([422, 4])
    // The page no longer lists the partner, so the form's message stands above it; the typed request is kept.
    const answer = await refused.result.text()
    expect(answer).toContain('Periksa isian yang ditandai.')
    expect(controlValue(answer, 'request')).toBe('Pemeriksaan kesehatan.')
    expect((await t.request(`/cases/${retired.id}/refer`, { cookie: facCookie, form: withoutSnapshot(retiredForm) })).status).toBe(422)
    expect(await recordsOf(t, retired.id)).toMatchObject({ kase: { status: 'ditangani', version: retired.version }, referrals: [] })
  })

  it('marks a duplicate in one round trip, the original found by its ticket in the same batch; an original out of scope, the case itself or a forged snapshot are answered by reading', async () => {
    const { t, fac, supCookie, facCookie } = await caseInHand()
    const original = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditangani', fac.id)
    const [fast, slow] = await twins(t, supCookie, 'ditangani', fac.id)
    const formOf = async (id: number, ticket = original.ticket) => ({ ...(await hiddenFields(t, `/cases/${id}`, `/cases/${id}/duplicate`, facCookie)), duplicate_of: ticket.toLowerCase(), note: 'Laporan yang sama.' })
    const oneForm = await formOf(fast.id)
    const one = await roundTrips(t, () => t.request(`/cases/${fast.id}/duplicate`, { cookie: facCookie, form: oneForm }))
    expect([one.result.status, one.trips]).toEqual([303, 1])
    const readForm = withoutSnapshot(await formOf(slow.id))
    const read = await roundTrips(t, () => t.request(`/cases/${slow.id}/duplicate`, { cookie: facCookie, form: readForm }))
    expect([read.result.status, read.trips]).toEqual([303, 3])
    const records = await recordsOf(t, fast.id)
    expect(records).toEqual(await recordsOf(t, slow.id))
    expect(records.kase).toMatchObject({ status: 'duplikat', duplicateOf: original.id, closedAt: t.clock.now() })
    expect(records.events.at(-1)!.slice(0, 4)).toEqual(['duplicate', 'ditangani', 'duplikat', `Duplikat dari ${original.ticket}. Laporan yang sama.`])

    // The case itself: the batch finds no other case with that ticket; the reading path's 422.
    const [self, moved] = await twins(t, supCookie, 'ditangani', fac.id)
    const itselfForm = await formOf(self.id, self.ticket)
    const itself = await roundTrips(t, () => t.request(`/cases/${self.id}/duplicate`, { cookie: facCookie, form: itselfForm }))
    expect([itself.result.status, itself.trips]).toEqual([422, 4])
    expect(await itself.result.text()).toContain('Kasus tidak bisa menjadi duplikat dirinya sendiri.')

    // The original moved out of the facilitator's area since the page: nothing written, the reading path's 422.
    const stale = await formOf(moved.id)
    await t.db.update(cases).set({ kelurahanCode: kelurahanB, assignedTo: null }).where(eq(cases.id, original.id))
    const outOfScope = await roundTrips(t, () => t.request(`/cases/${moved.id}/duplicate`, { cookie: facCookie, form: stale }))
    expect([outOfScope.result.status, outOfScope.trips]).toEqual([422, 4])
    expect(await outOfScope.result.text()).toContain('Kasus dengan nomor tiket itu tidak ditemukan.')
    expect((await t.request(`/cases/${moved.id}/duplicate`, { cookie: facCookie, form: withoutSnapshot(stale) })).status).toBe(422)

    // A snapshot not signed by the server (claiming the supervisor's role): decided on the case as read, for the facilitator.
    const forged = signSnapshot('not-the-server-secret', { kase: { ...moved, assignedTo: fac.id }, actor: { id: fac.id, role: 'supervisor' } })
    const byForged = await roundTrips(t, () => t.request(`/cases/${moved.id}/duplicate`, { cookie: facCookie, form: { ...stale, snapshot: forged } }))
    expect([byForged.result.status, byForged.trips]).toEqual([422, 3])
    for (const id of [self.id, moved.id]) expect(await recordsOf(t, id)).toMatchObject({ kase: { status: 'ditangani', duplicateOf: null } })
  })
})
