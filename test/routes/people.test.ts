import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { alerts, auditLog, caseEvents, casePhotos, cases, people, personMerges, sightings } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB, validReport } from '../support/app'
import { fakeJpeg } from '../support/handling'
import { controlValue, fieldError } from '../support/html'

// Issue 23: one person across reports, people without a KTP, repeat sightings, merges.

async function setup() {
  const t = await createTestApp()
  const operator = await t.addUser('operator')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const facB = await t.addUser('fasilitator', { kelurahan: [kelurahanB] })
  const supervisor = await t.addUser('supervisor')
  const [opCookie, facCookie, facBCookie, supCookie] = [await t.cookieFor(operator), await t.cookieFor(fac), await t.cookieFor(facB), await t.cookieFor(supervisor)]
  const odgj = String(await categoryId(t.db, 'odgj'))
  // A wandering man without a KTP, as the first caller describes him.
  const unknownMan = (overrides: Record<string, string> = {}) =>
    validReport({
      category: odgj,
      person_name: 'Tn. X Pasar Flamboyan',
      person_unknown: '1',
      person_sex: 'L',
      person_age_group: 'dewasa',
      person_features: 'Rambut gimbal, kaos merah sobek, bicara sendiri, bekas luka di pelipis kiri',
      address: 'Pasar Flamboyan, Jl. Gajah Mada',
      description: 'Laki-laki berkeliaran di pasar, rambut gimbal, kaos merah, tidak mau bicara.',
      ...overrides,
    })
  return { t, operator, fac, facB, supervisor, opCookie, facCookie, facBCookie, supCookie, odgj, unknownMan }
}

const caseCount = async (t: Awaited<ReturnType<typeof createTestApp>>) => Number((await t.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM cases`))!.n)

describe('people behind cases', () => {
  it('gives every new case a person record; an unknown person keeps the placeholder name and features', async () => {
    const { t, opCookie, unknownMan } = await setup()
    const res = await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    expect(res.status).toBe(303)
    const [kase] = await t.db.select().from(cases)
    const [person] = await t.db.select().from(people).where(eq(people.id, kase!.personId!))
    expect(person).toMatchObject({ name: 'Tn. X Pasar Flamboyan', identityKnown: false, sex: 'L', mergedInto: null })
    expect(person!.features).toContain('Rambut gimbal')
    // A report with a NIK is a known person, born on the date the NIK carries.
    await t.request('/intake', { cookie: opCookie, form: validReport({ category: String(await categoryId(t.db, 'lansia-terlantar')), person_name: 'Ibu Siti Aminah', person_nik: '6171015508600002', person_sex: 'P' }) })
    const known = await t.db.select().from(people).where(eq(people.nik, '6171015508600002'))
    expect(known[0]).toMatchObject({ identityKnown: true, birthDate: '1960-08-15', birthYear: 1960, name: 'Ibu Siti Aminah' })
  })

  it('makes three calls about one unknown man within an hour one case with two sightings, without restarting its clock', async () => {
    const { t, opCookie, fac, unknownMan } = await setup()
    expect((await t.request('/intake', { cookie: opCookie, form: unknownMan() })).status).toBe(303)
    const [first] = await t.db.select().from(cases)
    expect(first!.assignedTo).toBe(fac.id)

    for (const [minutes, caller] of [[20, 'Sari (pedagang)'], [25, 'Pak RT 04']] as const) {
      t.clock.advance({ minutes })
      // As the operator types, the candidates come with what matched.
      const typed = unknownMan({ reporter_name: caller, reporter_phone: '0813 1111 2222', person_features: 'kaos merah, rambut gimbal', description: 'Orang gila rambut gimbal kaos merah di depan pasar.' })
      const check = await t.request('/intake/candidates', { cookie: opCookie, form: typed })
      expect(check.status).toBe(200)
      const fragment = await check.text()
      expect(fragment).toContain(first!.ticket)
      expect(fragment).toContain('kelurahan sama')
      expect(fragment).toContain('kategori sama')
      expect(fragment).toMatch(/ciri-ciri sama: [^<]*(rambut|gimbal|merah)/)
      expect(fragment).toContain(`value="s:${first!.id}"`)
      const sent = await t.request('/intake', { cookie: opCookie, form: { ...typed, link: `s:${first!.id}` } })
      expect(sent.status).toBe(303)
      expect(sent.headers.get('Location')).toBe(`/cases/${first!.id}?done=penampakan#sightings`)
      // A double submit records the sighting once.
      expect((await t.request('/intake', { cookie: opCookie, form: { ...typed, link: `s:${first!.id}` } })).status).toBe(303)
    }

    expect(await caseCount(t)).toBe(1)
    const seen = await t.db.select().from(sightings).where(eq(sightings.caseId, first!.id))
    expect(seen.map((s) => s.reporterName)).toEqual(['Sari (pedagang)', 'Pak RT 04'])
    const [after] = await t.db.select().from(cases).where(eq(cases.id, first!.id))
    expect(after).toMatchObject({ dueAt: first!.dueAt, receivedAt: first!.receivedAt, status: first!.status })
    const events = await t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, first!.id), eq(caseEvents.kind, 'penampakan')))
    expect(events).toHaveLength(2)
    // The holder is told, without the person's description leaving the case page.
    const told = await t.db.select().from(alerts).where(and(eq(alerts.userId, fac.id), eq(alerts.kind, 'penampakan')))
    expect(told).toHaveLength(2)
    expect(told.every((a) => a.note === null)).toBe(true)
    const page = await (await t.request(`/cases/${first!.id}?done=penampakan`, { cookie: opCookie })).text()
    expect(page).toContain('Penampakan (2)')
    expect(page).toContain('Sari (pedagang)')
    expect(page).toContain('Laporan dicatat sebagai penampakan')
  })

  it('without JavaScript shows the candidates on a confirmation step before saving, and saves a new person when the operator says so', async () => {
    const { t, opCookie, unknownMan } = await setup()
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    const [first] = await t.db.select().from(cases)
    t.clock.advance({ minutes: 25 })
    const { candidates_seen: _, ...plain } = unknownMan({ reporter_name: 'Ujang' })
    const step = await t.request('/intake', { cookie: opCookie, form: plain })
    expect(step.status).toBe(200)
    const html = await step.text()
    expect(html).toContain('Laporan belum disimpan: ada orang yang mirip')
    expect(html).toContain(first!.ticket)
    expect(controlValue(html, 'reporter_name')).toBe('Ujang')
    expect(await caseCount(t)).toBe(1)
    // The operator judges it is someone else: a new case with a new person.
    const saved = await t.request('/intake', { cookie: opCookie, form: { ...plain, candidates_seen: '1', link: '' } })
    expect(saved.status).toBe(303)
    expect(await caseCount(t)).toBe(2)
    const personIds = (await t.db.select({ p: cases.personId }).from(cases)).map((r) => r.p)
    expect(new Set(personIds).size).toBe(2)
  })

  it('links a new case to a known person the operator chose', async () => {
    const { t, opCookie, operator, unknownMan } = await setup()
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    const [first] = await t.db.select().from(cases)
    t.clock.advance({ days: 30 })
    const res = await t.request('/intake', { cookie: await t.cookieFor(operator), form: unknownMan({ kelurahan: kelurahanB, link: `p:${first!.personId}` }) })
    expect(res.status).toBe(303)
    const all = await t.db.select().from(cases)
    expect(all).toHaveLength(2)
    expect(all[1]!.personId).toBe(first!.personId)
  })

  it('refuses a sighting of a case that is no longer open, with the form kept', async () => {
    const { t, opCookie, unknownMan } = await setup()
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    const [first] = await t.db.select().from(cases)
    await t.db.update(cases).set({ status: 'ditutup' }).where(eq(cases.id, first!.id))
    const res = await t.request('/intake', { cookie: opCookie, form: unknownMan({ reporter_name: 'Lina', link: `s:${first!.id}` }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Kasus itu sudah tidak terbuka')
    expect(controlValue(html, 'reporter_name')).toBe('Lina')
    expect(await t.db.select().from(sightings)).toEqual([])
  })

  it('finds a known person by a spelling variant of the name and the birth year, and says so', async () => {
    const { t, opCookie, operator } = await setup()
    const lansia = String(await categoryId(t.db, 'lansia-terlantar'))
    await t.request('/intake', { cookie: opCookie, form: validReport({ category: lansia, person_name: 'Bpk. Soeharto Djojo', person_nik: '6171011508500003', person_sex: 'L' }) })
    t.clock.advance({ days: 40 })
    const check = await t.request('/intake/candidates', { cookie: await t.cookieFor(operator), form: { person_name: 'Suharto Joyo', person_age: '76', person_sex: 'L', kelurahan: kelurahanB, category: lansia } })
    const html = await check.text()
    expect(html).toContain('Bpk. Soeharto Djojo')
    expect(html).toMatch(/nama mirip \(ejaan lain\)|nama sama/)
    expect(html).toContain('umur cocok')
    // The look-up is audited with a hash of the keys, never the keys.
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'person.search'))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => !r.detail!.includes('Suharto') && !r.detail!.includes('6171011508500003'))).toBe(true)
  })
})

describe('the person page', () => {
  async function twoRecords() {
    const s = await setup()
    const { t, opCookie, unknownMan } = s
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    t.clock.advance({ days: 2 })
    // Admitted to the shelter from a walk-in report in the same kecamatan, recorded as a new person.
    const [facCookie, facBCookie, opAgain] = [await t.cookieFor(s.fac), await t.cookieFor(s.facB), await t.cookieFor(s.operator)]
    await t.request('/intake', { cookie: opAgain, form: unknownMan({ person_name: 'Tn. Y Rumah Singgah', address: 'Jl. Tanjungpura', channel: 'datang', link: '' }) })
    const [a, b] = await t.db.select().from(cases).orderBy(cases.id)
    return { ...s, facCookie, facBCookie, a: a!, b: b! }
  }

  it('shows identity, cases and candidates, audited; a facilitator of another kelurahan gets 404', async () => {
    const { t, facCookie, facBCookie, a, b } = await twoRecords()
    const res = await t.request(`/people/${a.personId}`, { cookie: facCookie })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Tn. X Pasar Flamboyan')
    expect(html).toContain(a.ticket)
    expect(html).toContain('Mungkin orang yang sama')
    expect(html).toContain('Tn. Y Rumah Singgah')
    expect(html).toContain(b.ticket)
    const reads = await t.db.select().from(auditLog).where(eq(auditLog.action, 'person.read'))
    expect(reads).toHaveLength(1)
    expect((await t.request(`/people/${a.personId}`, { cookie: facBCookie })).status).toBe(404)
  })

  it('merges two records, moves the cases, and undoes the merge exactly', async () => {
    const { t, facCookie, a, b } = await twoRecords()
    const refused = await t.request(`/people/${a.personId}/merge`, { cookie: facCookie, form: { into: String(b.personId), reason: '' } })
    expect(refused.status).toBe(422)
    expect(await t.db.select().from(personMerges)).toEqual([])

    const merged = await t.request(`/people/${a.personId}/merge`, { cookie: facCookie, form: { into: String(b.personId), reason: 'Bekas luka di pelipis kiri sama.' } })
    expect(merged.status).toBe(303)
    expect((await t.db.select().from(cases).where(eq(cases.personId, a.personId!))).map((k) => k.id).sort()).toEqual([a.id, b.id])
    // The other record's link leads here now.
    const old = await t.request(`/people/${b.personId}`, { cookie: facCookie })
    expect(old.status).toBe(303)
    expect(old.headers.get('Location')).toBe(`/people/${a.personId}`)
    const page = await (await t.request(`/people/${a.personId}?done=merge`, { cookie: facCookie })).text()
    expect(page).toContain('Tn. Y Rumah Singgah') // as another name
    expect(page).toContain('Batalkan penggabungan')
    const [merge] = await t.db.select().from(personMerges)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'person.merge'))).toHaveLength(1)
    // Merging again is refused: nothing is merged twice.
    expect((await t.request(`/people/${a.personId}/merge`, { cookie: facCookie, form: { into: String(b.personId), reason: 'lagi' } })).status).toBe(404)

    expect((await t.request(`/people/merges/${merge!.id}/undo`, { cookie: facCookie, form: {} })).status).toBe(303)
    expect((await t.db.select().from(cases).where(eq(cases.id, b.id)))[0]!.personId).toBe(b.personId)
    expect((await t.db.select().from(people).where(eq(people.id, b.personId!)))[0]!.mergedInto).toBeNull()
    expect((await t.request(`/people/merges/${merge!.id}/undo`, { cookie: facCookie, form: {} })).status).toBe(409)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'person.merge_undo'))).toHaveLength(1)
  })

  it('splits a wrongly linked case off to a person of its own', async () => {
    const { t, opCookie, facCookie, unknownMan } = await setup()
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    const [first] = await t.db.select().from(cases)
    await t.request('/intake', { cookie: opCookie, form: unknownMan({ person_name: 'Pak Darto', person_unknown: '', link: `p:${first!.personId}` }) })
    const [, second] = await t.db.select().from(cases).orderBy(cases.id)
    expect(second!.personId).toBe(first!.personId)
    const res = await t.request(`/people/${first!.personId}/split`, { cookie: facCookie, form: { case: String(second!.id) } })
    expect(res.status).toBe(303)
    const [moved] = await t.db.select().from(cases).where(eq(cases.id, second!.id))
    expect(moved!.personId).not.toBe(first!.personId)
    expect((await t.db.select().from(people).where(eq(people.id, moved!.personId!)))[0]!.name).toBe('Pak Darto')
    // The last case of a person is not split off.
    expect((await t.request(`/people/${first!.personId}/split`, { cookie: facCookie, form: { case: String(first!.id) } })).status).toBe(409)
  })

  it('keeps a photo of the person as a photo of their case: same scope and audit as a visit photo', async () => {
    const { t, opCookie, facCookie, facBCookie, unknownMan } = await setup()
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    const [kase] = await t.db.select().from(cases)
    const send = (file: File) => {
      const body = new FormData()
      body.set('photo', file)
      return t.request(`/people/${kase!.personId}/photo`, { cookie: facCookie, method: 'POST', body })
    }
    const refused = await send(new File(['bukan foto'], 'catatan.txt', { type: 'text/plain' }))
    expect(refused.status).toBe(422)
    expect(await refused.text()).toMatch(/class="error">[^<]*(JPEG|foto)/i)
    expect(await t.db.select().from(casePhotos)).toEqual([])

    expect((await send(new File([fakeJpeg() as Uint8Array<ArrayBuffer>], 'wajah.jpg', { type: 'image/jpeg' }))).status).toBe(303)
    const [photo] = await t.db.select().from(casePhotos)
    expect(photo!.caseId).toBe(kase!.id)
    expect((await t.db.select().from(people).where(eq(people.id, kase!.personId!)))[0]!.photoId).toBe(photo!.id)
    const src = `/cases/${kase!.id}/photos/${photo!.id}`
    expect(await (await t.request(`/people/${kase!.personId}`, { cookie: facCookie })).text()).toContain(`src="${src}"`)
    // The candidates show it too, so the operator can compare faces.
    const candidates = await (await t.request('/intake/candidates', { cookie: opCookie, form: unknownMan() })).text()
    expect(candidates).toContain(`src="${src}"`)
    expect((await t.request(src, { cookie: facBCookie })).status).toBe(404)
    const before = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'photo.read'))).length
    expect((await t.request(src, { cookie: facCookie })).status).toBe(200)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'photo.read'))).toHaveLength(before + 1)
  })

  it('establishes an identity later: a NIK makes the person known, bad input comes back with the message', async () => {
    const { t, opCookie, facCookie, unknownMan } = await setup()
    await t.request('/intake', { cookie: opCookie, form: unknownMan() })
    const [kase] = await t.db.select().from(cases)
    const form = { version: '1', name: 'Ahmad Yani', aliases: 'Tn. X Pasar Flamboyan', nik: '6171011508700009', birth_date: '', age: '', sex: 'tidak_diketahui', origin: 'Kab. Sambas', family_contacts: 'Adik: 0812 9999 8888', features: 'Bekas luka di pelipis kiri' }
    const bad = await t.request(`/people/${kase!.personId}`, { cookie: facCookie, form: { ...form, nik: '1234' } })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(fieldError(html, 'nik')).toBe('NIK harus 16 angka.')
    expect(controlValue(html, 'name')).toBe('Ahmad Yani')
    expect((await t.request(`/people/${kase!.personId}`, { cookie: facCookie, form })).status).toBe(303)
    const [p] = await t.db.select().from(people).where(eq(people.id, kase!.personId!))
    expect(p).toMatchObject({ name: 'Ahmad Yani', identityKnown: true, nik: '6171011508700009', birthDate: '1970-08-15', sex: 'L', version: 2 })
    // A stale form is refused.
    expect((await t.request(`/people/${kase!.personId}`, { cookie: facCookie, form })).status).toBe(409)
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'person.update'))
    expect(row!.detail).not.toContain('6171011508700009')
  })
})
