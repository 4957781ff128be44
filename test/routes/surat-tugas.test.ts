// The surat tugas over HTTP (issue 19): the facilitator asks, the supervisor issues a numbered
// letter in the naskah dinas layout, the content is frozen when issued, the QR code verifies it.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { counters, suratTugas, suratTugasRequests, users } from '../../worker/db/schema'
import { createTestApp, kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { auditCount, eventsOf, fileCase, forceStatus, letterForm } from '../support/handling'

const signer = [
  ['letter.signer_name', 'Dra. Hj. Nurul Hidayati, M.Si.'],
  ['letter.signer_nip', '196805121994032007'],
  ['letter.signer_rank', 'Pembina Utama Muda (IV/c)'],
  ['letter.signer_title', 'Kepala Dinas Sosial Kota Pontianak'],
  ['letter.basis', 'Keputusan Kepala Dinas Sosial Nomor 020 Tahun 2023 tentang Petugas Penanganan PPKS\nPeraturan Wali Kota Pontianak Nomor 7 Tahun 2022'],
]

/** An app whose settings are in place before the first request reads (and caches) them. */
async function setup(settings: string[][] = signer) {
  const t = await createTestApp()
  for (const [key, value] of settings) await t.db.$client.execute({ sql: 'INSERT INTO settings (key, value) VALUES (?, ?)', args: [key!, value!] })
  const supervisor = await t.addUser('supervisor')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const colleague = await t.addUser('fasilitator', { kelurahan: [kelurahanB] })
  await t.db.update(users).set({ nip: '198903152015031002', position: 'Pekerja Sosial Masyarakat', rank: 'Penata Muda (III/a)' }).where(eq(users.id, fac.id))
  const supCookie = await t.cookieFor(supervisor)
  const facCookie = await t.cookieFor(fac)
  const kase = await forceStatus(t, (await fileCase(t, supCookie, { person_nik: '6171014501800003' })).id, 'ditugaskan', fac.id)
  return { t, supervisor, fac, colleague, supCookie, facCookie, kase }
}

const issue = (t: TestApp, cookie: string, caseId: number, overrides: Record<string, string> = {}) => t.request(`/cases/${caseId}/surat-tugas`, { cookie, form: letterForm(t, overrides) })
const html = async (t: TestApp, path: string, cookie?: string) => (await t.request(path, { cookie })).text()
const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('surat tugas', () => {
  it('is requested by the facilitator on the case once, then issued by the supervisor, each step on the timeline and in the audit log', async () => {
    const { t, fac, colleague, supCookie, facCookie, kase } = await setup()
    expect(await html(t, `/cases/${kase.id}`, facCookie)).toContain('Minta surat tugas')
    const ask = () => t.request(`/cases/${kase.id}/surat-tugas/request`, { cookie: facCookie, form: {} })
    const first = await ask()
    expect(first.status).toBe(303)
    expect(first.headers.get('Location')).toBe(`/cases/${kase.id}?done=surat-tugas-diminta#case-handling`)
    expect((await ask()).status).toBe(303) // a double submit: still one request
    expect(await t.db.select().from(suratTugasRequests)).toHaveLength(1)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'surat_tugas_diminta')).toHaveLength(1)
    expect(await auditCount(t, kase.id, 'surat_tugas.request')).toBe(1)
    const facPage = await html(t, `/cases/${kase.id}?done=surat-tugas-diminta`, facCookie)
    expect(facPage).toContain('Permintaan surat tugas terkirim ke supervisor')
    expect(facPage).not.toContain('Minta surat tugas')
    expect(text(facPage)).toContain('Surat tugas diminta') // the timeline, in words

    // The supervisor finds the request on the queue page, sees who asked on the case, and the issue form opens with a task that names no one.
    const queue = text(await html(t, '/queue', supCookie))
    expect(queue).toContain(`Permintaan surat tugas ${kase.ticket} · ${fac.displayName} · diminta 24 Nov 2026 09.00 WIB`)
    const supPage = await html(t, `/cases/${kase.id}`, supCookie)
    expect(supPage).toContain(`Diminta oleh ${fac.displayName}`)
    const task = /<textarea[^>]*name="task"[^>]*>([^<]*)</.exec(supPage)![1]!
    expect(task).toContain(kase.ticket)
    expect(task).not.toContain(kase.personName)
    expect(supPage).toMatch(/name="period_start"[^>]*value="2026-11-24"|value="2026-11-24"[^>]*name="period_start"/)

    const issued = await issue(t, supCookie, kase.id)
    expect(issued.status).toBe(303)
    const letterUrl = issued.headers.get('Location')!
    expect((await issue(t, supCookie, kase.id)).headers.get('Location')).toBe(letterUrl) // a double submit: one letter
    expect(await t.db.select().from(suratTugas)).toHaveLength(1)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'surat_tugas').map((e) => e.note)).toEqual(['Nomor 460/001/Dinsos/XI/2026'])
    expect(await auditCount(t, kase.id, 'surat_tugas.issue')).toBe(1)

    // Answered: the facilitator finds the letter on the case and prints it; nothing is asked any more.
    const after = await html(t, `/cases/${kase.id}`, facCookie)
    expect(after).toContain(`href="${letterUrl}"`)
    expect(after).not.toContain('Diminta oleh')
    expect(after).not.toContain('Minta surat tugas')
    expect(await html(t, '/queue', supCookie)).not.toContain('Permintaan surat tugas')
    const letter = await t.request(letterUrl, { cookie: facCookie })
    expect(letter.status).toBe(200)
    expect(await letter.text()).toContain('Cetak / simpan PDF')
    expect(await auditCount(t, kase.id, 'letter.read')).toBe(1)
    // Outside the area the letter does not exist; a facilitator does not issue.
    expect((await t.request(letterUrl, { cookie: await t.cookieFor(colleague) })).status).toBe(404)
    expect((await issue(t, facCookie, kase.id)).status).toBe(403)
  })

  it('is asked for only by the facilitator the open case is assigned to', async () => {
    const { t, supCookie, facCookie, kase } = await setup()
    const other = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const ask = (cookie: string, id = kase.id) => t.request(`/cases/${id}/surat-tugas/request`, { cookie, form: {} })
    const notMine = await ask(await t.cookieFor(other))
    expect(notMine.status).toBe(422)
    expect(await notMine.text()).toContain('Surat tugas hanya dapat diminta oleh fasilitator yang ditugaskan')
    const closed = await forceStatus(t, (await fileCase(t, supCookie)).id, 'selesai', (await t.db.select().from(users).where(eq(users.role, 'fasilitator')))[0]!.id)
    expect((await ask(facCookie, closed.id)).status).toBe(422)
    expect((await ask(supCookie)).status).toBe(403)
    expect(await t.db.select().from(suratTugasRequests)).toHaveLength(0)
  })

  it('prints kop, number, Dasar, Menugaskan with name, NIP, rank and position, Untuk with task and period, and the signer from settings; never the NIK or the person', async () => {
    const { t, fac, supCookie, facCookie, kase } = await setup()
    const letterUrl = (await issue(t, supCookie, kase.id, { task: 'Mendampingi warga ke rumah sakit rujukan.', period_start: '2026-11-24', period_end: '2026-11-26' })).headers.get('Location')!
    const page = text(await html(t, letterUrl, facCookie))
    const order = [
      'PEMERINTAH KOTA PONTIANAK',
      'DINAS SOSIAL',
      'SURAT TUGAS',
      'NOMOR 460/001/Dinsos/XI/2026',
      'Dasar : Keputusan Kepala Dinas Sosial Nomor 020 Tahun 2023 tentang Petugas Penanganan PPKS Peraturan Wali Kota Pontianak Nomor 7 Tahun 2022',
      'MENUGASKAN:',
      `Kepada : Nama : ${fac.displayName} NIP : 19890315 201503 1 002 Pangkat/golongan : Penata Muda (III/a) Jabatan : Pekerja Sosial Masyarakat`,
      'Untuk : Mendampingi warga ke rumah sakit rujukan. Melaksanakan tugas tersebut pada 24–26 November 2026. Melaporkan hasil pelaksanaan tugas kepada Kepala Dinas Sosial Kota Pontianak melalui Sigap.',
      'Pontianak, 24 November 2026',
      'KEPALA DINAS SOSIAL KOTA PONTIANAK,',
      'Dra. Hj. Nurul Hidayati, M.Si. Pembina Utama Muda (IV/c) NIP 19680512 199403 2 007',
    ]
    const at = order.map((needle) => page.indexOf(needle))
    expect(order.filter((_, i) => at[i]! < 0)).toEqual([])
    expect(at).toEqual([...at].sort((a, b) => a - b))
    expect(page).not.toContain(kase.personName)
    expect(page).not.toContain('6171014501800003')
    expect(page).not.toContain(kase.address)

    // The QR code's page says the letter is genuine, with its period and no personal data of the person helped.
    const code = /\/verifikasi\/([\w-]+)/.exec(page)![1]!
    const verified = text(await html(t, `/verifikasi/${code}`))
    expect(verified).toContain('Surat tugas sah')
    expect(verified).toContain('Masa tugas 24–26 November 2026')
    expect(verified).toContain(fac.displayName)
    expect(verified).not.toContain(kase.personName)
    expect((await t.request('/verifikasi/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
  })

  it('keeps what it said when the officer account changes later', async () => {
    const { t, fac, supCookie, kase } = await setup()
    const letterUrl = (await issue(t, supCookie, kase.id)).headers.get('Location')!
    const before = await html(t, letterUrl, supCookie)
    await t.db.update(users).set({ displayName: 'Nama Baru', nip: '199001012020121001', rank: 'Penata (III/c)' }).where(eq(users.id, fac.id))
    const after = await html(t, letterUrl, supCookie)
    expect(after).toBe(before)
    expect(after).toContain('19890315 201503 1 002')
  })

  it('prints a letter issued before its content was kept from its case, its officer and the settings, for the day it was issued', async () => {
    const { t, fac, supCookie, kase } = await setup()
    const letterUrl = (await issue(t, supCookie, kase.id, { task: 'Tugas yang tidak tersimpan.' })).headers.get('Location')!
    await t.db.update(suratTugas).set({ content: null })
    const page = text(await html(t, letterUrl, supCookie))
    expect(page).toContain(`Nama : ${fac.displayName} NIP : 19890315 201503 1 002`)
    expect(page).toContain(`Untuk : Menindaklanjuti laporan nomor ${kase.ticket} di Kelurahan`)
    expect(page).toContain('pada 24 November 2026.')
    expect(page).toContain('Dra. Hj. Nurul Hidayati, M.Si.')
    expect(page).not.toContain('Tugas yang tidak tersimpan.')
  })

  it('is signed by the issuing supervisor, with their NIP and position, when the profile names no signer', async () => {
    const { t, supervisor, kase } = await setup([])
    await t.db.update(users).set({ displayName: 'Rahmat Hidayat, S.Sos.', nip: '197503282006041017', position: 'Kepala Bidang Rehabilitasi Sosial', rank: 'Penata Tk. I (III/d)' }).where(eq(users.id, supervisor.id))
    const cookie = await t.cookieFor(supervisor)
    const page = text(await html(t, (await issue(t, cookie, kase.id)).headers.get('Location')!, cookie))
    expect(page).toContain('KEPALA BIDANG REHABILITASI SOSIAL, Rahmat Hidayat, S.Sos. Penata Tk. I (III/d) NIP 19750328 200604 1 017')
    expect(page).toContain('kepada Kepala Bidang Rehabilitasi Sosial melalui Sigap')
    expect(page).not.toContain('Dasar')
  })

  it('answers a bad issue form beside its fields with the typed values and writes nothing', async () => {
    const { t, supCookie, kase } = await setup()
    const bad = await issue(t, supCookie, kase.id, { task: 'Temui Ibu Sari NIK 6171 0145 0180 0003 di rumahnya.', period_start: '2026-11-26', period_end: '2026-11-25' })
    expect(bad.status).toBe(422)
    const page = await bad.text()
    expect(page).toContain('Jangan tulis NIK di surat tugas')
    expect(page).toContain('Tanggal selesai tidak boleh sebelum tanggal mulai.')
    expect(page).toContain('Temui Ibu Sari NIK 6171 0145 0180 0003 di rumahnya.</textarea>')
    expect(page).toMatch(/aria-invalid="true"[^>]*name="period_end"|name="period_end"[^>]*aria-invalid="true"/)
    const empty = await issue(t, supCookie, kase.id, { task: '', period_start: '2026-11-01', period_end: '' })
    expect(empty.status).toBe(422)
    const emptyPage = await empty.text()
    expect(emptyPage).toContain('Tuliskan tugas yang diberikan.')
    expect(emptyPage).toContain('Tanggal mulai paling lama 7 hari yang lalu.')
    expect(emptyPage).toContain('Pilih tanggal selesai.')
    expect(await t.db.select().from(suratTugas)).toHaveLength(0)
    expect(await t.db.select().from(counters).where(eq(counters.key, 'surat_tugas:2026'))).toHaveLength(0)
  })

  it('starts a new series each year and takes the letterhead and number parts from settings', async () => {
    const t = await createTestApp({ now: '2026-12-31T23:30:00+07:00' })
    const supervisor = await t.addUser('supervisor')
    const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    await t.db.$client.execute("INSERT INTO settings (key, value) VALUES ('letterhead.agency', 'DINAS SOSIAL P3A'), ('letter.unit', 'DSP3A'), ('letter.classification', '400.9.3')")
    const cookie = await t.cookieFor(supervisor)
    const k1 = await forceStatus(t, (await fileCase(t, cookie)).id, 'ditugaskan', fac.id)
    const first = await issue(t, cookie, k1.id)
    t.clock.advance({ hours: 1 })
    const cookie2 = await t.cookieFor(supervisor)
    const k2 = await forceStatus(t, (await fileCase(t, cookie2)).id, 'ditugaskan', fac.id)
    const second = await issue(t, cookie2, k2.id)
    const html1 = await html(t, first.headers.get('Location')!, cookie2)
    expect(html1).toContain('400.9.3/001/DSP3A/XII/2026')
    expect(html1).toContain('DINAS SOSIAL P3A')
    expect(html1).toContain('Pontianak, 31 Desember 2026')
    expect(await html(t, second.headers.get('Location')!, cookie2)).toContain('400.9.3/001/DSP3A/I/2027')
  })
})
