import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { assessments, identityDocuments, shelterStays, shelters } from '../../worker/db/schema'
import { toLocalDateTime } from '../../worker/domain/shelter'
import { categoryId, createTestApp, kelurahanA, kelurahanB } from '../support/app'
import { auditCount, eventsOf, fileCase } from '../support/handling'

async function setup() {
  const t = await createTestApp()
  const supervisor = await t.addUser('supervisor')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const supCookie = await t.cookieFor(supervisor)
  const facCookie = await t.cookieFor(fac)
  const kase = await fileCase(t, supCookie, { category: String(await categoryId(t.db, 'pgot')), person_name: 'Pak Tua di terminal' })
  const [shelter] = await t.db.select().from(shelters).orderBy(asc(shelters.id))
  const local = () => toLocalDateTime(t.clock.now(), t.config.zone)
  const admit = (cookie = facCookie) => t.request(`/cases/${kase.id}/shelter/admit`, { cookie, form: { shelter: String(shelter!.id), admitted_at: local(), bed: 'Kamar 2, ranjang B', belongings: 'Tas kain, sandal, Rp 12.000' } })
  return { t, supervisor, fac, supCookie, facCookie, kase, shelter: shelter!, local, admit }
}

describe('shelter stay', () => {
  it('admits a person from a case and discharges them to their family in another province', async () => {
    let { t, kase, fac, supervisor, facCookie, supCookie, admit, local } = await setup()
    const page = await t.request(`/cases/${kase.id}/shelter`, { cookie: facCookie })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Masukkan ke rumah singgah')

    expect((await admit()).status).toBe(303)
    // A second admission while the first stay is open is refused.
    expect((await admit()).status).toBe(409)
    const residents = await (await t.request('/shelter', { cookie: supCookie })).text()
    expect(residents).toContain(kase.ticket)
    expect(residents).toContain('Kamar 2, ranjang B')

    // Found in Kabupaten Temanggung, Jawa Tengah, while the deployment is Kota Pontianak.
    expect((await t.request(`/cases/${kase.id}/origin`, { cookie: facCookie, form: { province: '33', regency: '33.23', detail: 'Kec. Kledung' } })).status).toBe(303)
    expect((await t.request(`/cases/${kase.id}/origin`, { cookie: facCookie, form: { province: '33', regency: '61.71' } })).status).toBe(422)
    expect((await t.request(`/cases/${kase.id}/tracing`, { cookie: facCookie, form: { method: 'dinsos_asal', contact: 'Dinsos Kab. Temanggung', result: 'ditemukan', note: 'Adik kandung di Kledung' } })).status).toBe(303)

    t.clock.advance({ days: 3 })
    // Sessions lapse after 30 idle minutes: sign in again, as the staff would.
    facCookie = await t.cookieFor(fac)
    supCookie = await t.cookieFor(supervisor)
    const [stay] = await t.db.select().from(shelterStays).where(eq(shelterStays.caseId, kase.id))
    const missing = await t.request(`/cases/${kase.id}/shelter/discharge`, { cookie: facCookie, form: { stay: String(stay!.id), reason: 'keluarga', discharged_at: local(), note: 'Dijemput' } })
    expect(missing.status).toBe(422)
    const again = await missing.text()
    expect(again).toContain('Nama penerima wajib diisi.')
    expect(again).toContain('Dijemput')

    const done = await t.request(`/cases/${kase.id}/shelter/discharge`, {
      cookie: facCookie,
      form: { stay: String(stay!.id), reason: 'keluarga', discharged_at: local(), received_by: 'Slamet', received_relation: 'adik kandung', received_phone: '0813 2222 3333', note: 'Diantar TRC' },
    })
    expect(done.status).toBe(303)
    const [closed] = await t.db.select().from(shelterStays).where(eq(shelterStays.id, stay!.id))
    expect(closed).toMatchObject({ dischargeReason: 'keluarga', receivedByName: 'Slamet', receivedByPhone: '+6281322223333', dischargedAt: t.clock.now() })

    const record = await (await t.request(`/cases/${kase.id}/shelter`, { cookie: supCookie })).text()
    expect(record).toContain('Serah terima kepada <strong>Slamet</strong>')
    expect(record).toContain('Kec. Kledung, Kabupaten Temanggung, Jawa Tengah')
    expect(record).toContain('Dinsos Kab. Temanggung')
    expect(await (await t.request('/shelter', { cookie: supCookie })).text()).not.toContain(kase.ticket)
    const kinds = (await eventsOf(t, kase.id)).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['shelter_admit', 'origin', 'tracing', 'shelter_discharge']))
    // Discharged: a new stay may begin.
    expect((await admit(facCookie)).status).toBe(303)
  })

  it("shows a stay past the shelter's limit as overdue, on the fake clock", async () => {
    const { t, admit, shelter, supervisor } = await setup()
    const adminCookie = await t.cookieFor(await t.addUser('admin'))
    expect((await t.request(`/admin/shelters/${shelter.id}`, { cookie: adminCookie, form: { name: shelter.name, stay_limit_days: '3', active: '1' } })).status).toBe(303)
    expect((await admit()).status).toBe(303)
    t.clock.advance({ days: 2, hours: 23 })
    let list = await (await t.request('/shelter', { cookie: await t.cookieFor(supervisor) })).text()
    expect(list).toContain('2 hari')
    expect(list).toContain('sisa 1 jam')
    expect(list).not.toContain('melewati batas')
    t.clock.advance({ hours: 2 })
    list = await (await t.request('/shelter', { cookie: await t.cookieFor(supervisor) })).text()
    expect(list).toContain('terlambat 1 jam')
    expect(list).toContain('1 melewati batas lama tinggal')
  })
})

describe('assessment', () => {
  it('keeps every version with who assessed and when, and audits each read of health data', async () => {
    let { t, kase, fac, supervisor, facCookie, supCookie } = await setup()
    const form = { masalah: 'Mengemis di terminal', potensi: 'Bisa bertani', sumber: 'Adik di Temanggung', identity: 'Mengaku bernama Karto', health: 'Hipertensi', mental_state: 'Orientasi baik', family_contacts: '' }
    const bad = await t.request(`/cases/${kase.id}/assessments`, { cookie: facCookie, form: { ...form, masalah: '' } })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('Masalah wajib diisi.')

    expect((await t.request(`/cases/${kase.id}/assessments`, { cookie: facCookie, form })).status).toBe(303)
    t.clock.advance({ days: 1 })
    facCookie = await t.cookieFor(fac)
    supCookie = await t.cookieFor(supervisor)
    expect((await t.request(`/cases/${kase.id}/assessments`, { cookie: supCookie, form: { ...form, health: 'Hipertensi, sudah kontrol ke puskesmas' } })).status).toBe(303)

    const rows = await t.db.select().from(assessments).where(eq(assessments.caseId, kase.id)).orderBy(asc(assessments.version))
    expect(rows.map((r) => [r.version, r.assessedBy, r.health])).toEqual([
      [1, fac.id, 'Hipertensi'],
      [2, supervisor.id, 'Hipertensi, sudah kontrol ke puskesmas'],
    ])
    expect(rows[1]!.assessedAt - rows[0]!.assessedAt).toBe(86_400_000)

    const before = await auditCount(t, kase.id, 'assessment.read')
    const current = await (await t.request(`/cases/${kase.id}/shelter`, { cookie: facCookie })).text()
    expect(current).toContain('Versi 2 oleh')
    expect(current).toContain('sudah kontrol ke puskesmas')
    const print = await t.request(`/cases/${kase.id}/assessments/1`, { cookie: facCookie })
    expect(print.status).toBe(200)
    const sheet = await print.text()
    expect(sheet).toContain('LEMBAR ASESMEN PPKS')
    expect(sheet).not.toContain('sudah kontrol')
    expect(await auditCount(t, kase.id, 'assessment.read')).toBe(before + 2)
    expect((await t.request(`/cases/${kase.id}/assessments/3`, { cookie: facCookie })).status).toBe(404)
    // The timeline, which more roles read, names the version and nothing of the health data.
    const notes = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'assessment').map((e) => e.note)
    expect(notes).toEqual(['Versi 1', 'Versi 2'])
  })
})

describe('identity documents', () => {
  it('tracks NIK check, KTP/KK and BPJS/KIS as steps with their status', async () => {
    const { t, kase, facCookie } = await setup()
    const step = (form: Record<string, string>) => t.request(`/cases/${kase.id}/documents`, { cookie: facCookie, form })
    expect((await step({ step: 'nik', status: 'diproses', note: 'Dikirim ke Dukcapil' })).status).toBe(303)
    expect((await step({ step: 'nik', status: 'selesai', note: 'NIK ditemukan' })).status).toBe(303)
    expect((await step({ step: 'bpjs_kis', status: 'diproses', note: '' })).status).toBe(303)
    expect((await step({ step: 'paspor', status: 'selesai' })).status).toBe(422)
    expect((await step({ step: 'ktp_kk', status: 'entah' })).status).toBe(422)
    const rows = await t.db.select().from(identityDocuments).where(eq(identityDocuments.caseId, kase.id)).orderBy(asc(identityDocuments.step))
    expect(rows.map((r) => [r.step, r.status, r.note])).toEqual([
      ['bpjs_kis', 'diproses', null],
      ['nik', 'selesai', 'NIK ditemukan'],
    ])
    const notes = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'document_step').map((e) => e.note)
    expect(notes).toEqual(['Pemeriksaan NIK (Dukcapil): Sedang diurus (Dikirim ke Dukcapil)', 'Pemeriksaan NIK (Dukcapil): Selesai (NIK ditemukan)', 'Pendaftaran BPJS / KIS: Sedang diurus'])
    const page = await (await t.request(`/cases/${kase.id}/shelter`, { cookie: facCookie })).text()
    expect(page).toContain('NIK ditemukan')
  })
})

describe('who may see shelter records', () => {
  it('lets only the case workers in, and hides other areas behind 404', async () => {
    const { t, kase, admit } = await setup()
    expect((await admit()).status).toBe(303)
    const other = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanB] }))
    const paths = [`/cases/${kase.id}/shelter`, `/cases/${kase.id}/assessments/1`]
    const posts = ['shelter/admit', 'shelter/discharge', 'assessments', 'documents', 'origin', 'tracing'].map((p) => `/cases/${kase.id}/${p}`)
    for (const role of ['operator', 'kepala', 'admin', 'asisten', 'walikota'] as const) {
      const cookie = await t.cookieFor(await t.addUser(role))
      for (const path of paths) expect((await t.request(path, { cookie })).status, `${role} GET ${path}`).toBe(403)
      for (const path of posts) expect((await t.request(path, { cookie, form: {} })).status, `${role} POST ${path}`).toBe(403)
    }
    expect((await t.request(paths[0]!, { cookie: other })).status).toBe(404)
    for (const path of posts) expect((await t.request(path, { cookie: other, form: {} })).status).toBe(404)
    expect((await t.request(paths[0]!)).status).toBe(303)
    expect((await t.request(posts[0]!, { form: {} })).status).toBe(401)
    // The resident list (no health data) is also for the kepala, a facilitator only sees their area.
    expect((await t.request('/shelter', { cookie: await t.cookieFor(await t.addUser('kepala')) })).status).toBe(200)
    expect((await t.request('/shelter', { cookie: await t.cookieFor(await t.addUser('operator')) })).status).toBe(403)
    expect(await (await t.request('/shelter', { cookie: other })).text()).not.toContain(kase.ticket)
    const [open] = await t.db.select().from(shelterStays).where(and(eq(shelterStays.caseId, kase.id)))
    expect(open!.dischargedAt).toBeNull()
  })
})
