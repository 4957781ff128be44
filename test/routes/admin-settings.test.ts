import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, cases, categories, escalationRungs, holidays, settings, users } from '../../worker/db/schema'
import { categoryId, createTestApp, validReport } from '../support/app'
import { controlValue, fieldError } from '../support/html'

async function adminApp(now?: string) {
  const t = await createTestApp(now ? { now } : {})
  const admin = await t.addUser('admin')
  return { t, admin, cookie: await t.cookieFor(admin) }
}

const category = (overrides: Record<string, string> = {}) => ({ code: 'lansia-jompo', name: 'Lansia jompo', group_name: 'Rehabilitasi', target_hours: '48', clock: 'working', default_urgency: 'segera', sort: '5', active: '1', ...overrides })

const officeHours = (overrides: Record<string, string> = {}) => {
  const form: Record<string, string> = { name: 'Dinas Sosial Uji', letterhead_government: 'PEMERINTAH KOTA UJI', letterhead_agency: 'DINAS SOSIAL', letterhead_address: 'Jl. Merdeka 1', letterhead_contact: '', hotline: '(0561) 123456', zone: 'Asia/Pontianak' }
  for (const day of [1, 2, 3, 4, 5, 6, 7]) {
    form[`open_${day}`] = day <= 5 ? '1' : ''
    form[`start_${day}`] = '07:30'
    form[`end_${day}`] = day === 5 ? '11:00' : '15:30'
  }
  return { ...form, ...overrides }
}

describe('admin: categories', () => {
  it('creates a category with every field, offered on the intake form at once', async () => {
    const { t, cookie } = await adminApp()
    await t.request('/intake', { cookie }) // warm the reference cache: the change must invalidate it
    expect((await t.request('/admin/categories', { cookie, form: category() })).status).toBe(303)
    const [row] = await t.db.select().from(categories).where(eq(categories.code, 'lansia-jompo'))
    expect(row).toMatchObject({ name: 'Lansia jompo', groupName: 'Rehabilitasi', targetHours: 48, clock: 'working', defaultUrgency: 'segera', sort: 5, active: true })
    expect(await (await t.request('/intake', { cookie })).text()).toContain('Lansia jompo')
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.category.create'))
    expect(JSON.parse(entry!.detail!)).toMatchObject({ category: row!.id, after: { targetHours: 48 } })
  })

  it('rejects a duplicate code and a target that is not hours', async () => {
    const { t, cookie } = await adminApp()
    const res = await t.request('/admin/categories', { cookie, form: category({ code: 'odgj', target_hours: '0' }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'target_hours')).toBe('Target berupa jumlah jam, 1 sampai 8760.')
    const dup = await t.request('/admin/categories', { cookie, form: category({ code: 'odgj' }) })
    expect(dup.status).toBe(422)
    const dupHtml = await dup.text()
    expect(fieldError(dupHtml, 'code')).toBe('Kode sudah dipakai kategori lain.')
    expect(controlValue(dupHtml, 'name')).toBe('Lansia jompo')
  })

  it('changes a target: new cases get the new due time', async () => {
    const { t, cookie } = await adminApp('2026-11-24T09:00:00+07:00')
    const id = await categoryId(t.db, 'odgj')
    await t.request('/intake', { cookie })
    expect((await t.request(`/admin/categories/${id}`, { cookie, form: category({ code: 'odgj', name: 'ODGJ', target_hours: '6', clock: 'calendar' }) })).status).toBe(303)
    const form = validReport({ category: String(id) })
    await t.request('/intake', { cookie, form })
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    expect(kase!.dueAt - kase!.receivedAt).toBe(6 * 3600_000)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.category.update'))
    expect(JSON.parse(entry!.detail!)).toMatchObject({ before: { targetHours: 24 }, after: { targetHours: 6 } })
  })

  it('retires a category: gone from the intake form, kept on old cases', async () => {
    const { t, cookie } = await adminApp()
    const id = await categoryId(t.db, 'bpnt')
    const form = validReport({ category: String(id) })
    await t.request('/intake', { cookie, form })
    expect((await t.request(`/admin/categories/${id}/retire`, { cookie, method: 'POST' })).status).toBe(303)
    const intake = await (await t.request('/intake', { cookie })).text()
    expect(intake).not.toContain(`<option value="${id}"`)
    expect((await t.request('/intake', { cookie, form: validReport({ category: String(id) }) })).status).toBe(422)
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    expect(await (await t.request(`/cases/${kase!.id}`, { cookie })).text()).toContain('BPNT')
    expect(await (await t.request('/admin/categories', { cookie })).text()).toContain('Pensiun')
  })
})

describe('admin: agency profile', () => {
  it('saves name, letterhead, hotline, zone and office hours; working-hours targets follow them', async () => {
    // Tuesday 09:00 WIB; with office hours 07:30–15:30 a 24-working-hour target ends Friday 10:00.
    const { t, cookie } = await adminApp('2026-11-24T09:00:00+07:00')
    expect((await t.request('/admin/profile', { cookie, form: officeHours() })).status).toBe(303)
    const stored = new Map((await t.db.select().from(settings)).map((s) => [s.key, s.value]))
    expect(stored.get('agency.name')).toBe('Dinas Sosial Uji')
    expect([stored.get('letterhead.government'), stored.get('letterhead.agency'), stored.get('letterhead.address')]).toEqual(['PEMERINTAH KOTA UJI', 'DINAS SOSIAL', 'Jl. Merdeka 1'])
    expect(JSON.parse(stored.get('agency.office_hours')!)).toMatchObject({ 1: { start: '07:30', end: '15:30' }, 5: { start: '07:30', end: '11:00' }, 6: null })
    const form = validReport({ category: String(await categoryId(t.db, 'kis-pbi')) })
    await t.request('/intake', { cookie, form })
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    // Tue 6.5 h + Wed 8 h + Thu 8 h = 22.5 h, then 1.5 h on Friday from 07:30.
    expect(kase!.dueAt).toBe(Date.parse('2026-11-27T09:00:00+07:00'))
    const page = await (await t.request('/admin/profile', { cookie })).text()
    expect(controlValue(page, 'hotline')).toBe('(0561) 123456')
    expect(controlValue(page, 'start_1')).toBe('07:30')
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.profile.update'))
    expect(JSON.parse(entry!.detail!)).toMatchObject({ before: { 'agency.name': null }, after: { 'agency.name': 'Dinas Sosial Uji' } })
  })

  it('saves the surat tugas settings: number parts, place, signer and the Dasar lines without their numbering', async () => {
    const { t, cookie } = await adminApp()
    const letter = { letter_place: 'Pontianak', letter_classification: '400.9.3', letter_unit: 'Dinsos', letter_signerTitle: 'Kepala Dinas Sosial Kota Pontianak', letter_signerName: 'Dra. Hj. Nurul Hidayati, M.Si.', letter_signerRank: 'Pembina Utama Muda (IV/c)', letter_signerNip: '19680512 199403 2 007' }
    const bad = await t.request('/admin/profile', { cookie, form: officeHours({ ...letter, letter_signerNip: '123', letter_basis: '1. Satu\n2. Dua\n3. Tiga\n4. Empat\n5. Lima\n6. Enam' }) })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(fieldError(html, 'letter_signerNip')).toBe('NIP terdiri dari 18 angka.')
    expect(fieldError(html, 'letter_basis')).toBe('Paling banyak 5 baris dasar.')
    expect(controlValue(html, 'letter_signerName')).toBe('Dra. Hj. Nurul Hidayati, M.Si.')
    expect(controlValue(html, 'hotline')).toBe('(0561) 123456')
    expect(await t.db.select().from(settings).where(eq(settings.key, 'letter.signer_name'))).toEqual([])

    const ok = await t.request('/admin/profile', { cookie, form: officeHours({ ...letter, letter_basis: '1. Keputusan Kepala Dinas Sosial Nomor 020 Tahun 2023\r\n\r\n2. Peraturan Wali Kota Nomor 7 Tahun 2022' }) })
    expect(ok.status).toBe(303)
    const stored = new Map((await t.db.select().from(settings)).map((s) => [s.key, s.value]))
    expect(stored.get('letter.basis')).toBe('Keputusan Kepala Dinas Sosial Nomor 020 Tahun 2023\nPeraturan Wali Kota Nomor 7 Tahun 2022')
    expect(stored.get('letter.signer_nip')).toBe('196805121994032007')
    expect(stored.get('letter.classification')).toBe('400.9.3')
    expect(controlValue(await (await t.request('/admin/profile', { cookie })).text(), 'letter_signerTitle')).toBe('Kepala Dinas Sosial Kota Pontianak')
  })

  it('rejects office hours that close before they open, and an unknown zone', async () => {
    const { t, cookie } = await adminApp()
    const res = await t.request('/admin/profile', { cookie, form: officeHours({ end_2: '07:00', zone: 'Europe/Paris' }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Jam Selasa: isi jam buka dan tutup')
    expect(fieldError(html, 'zone')).toBe('Pilih zona waktu.')
    // Nothing of the profile was saved (the settings the database starts with are all there is).
    expect((await t.db.select({ key: settings.key }).from(settings)).map((s) => s.key)).toEqual(['push.vapid'])
  })

  it('shows times in the zone chosen in the profile', async () => {
    const { t, cookie } = await adminApp()
    const form = validReport({ category: String(await categoryId(t.db, 'odgj')) })
    await t.request('/intake', { cookie, form })
    await t.request('/admin/profile', { cookie, form: officeHours({ zone: 'Asia/Makassar' }) })
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    expect(await (await t.request(`/cases/${kase!.id}`, { cookie })).text()).toContain('10.00 WITA')
  })

  it('adds and removes holidays, which working-hours targets skip', async () => {
    const { t, cookie } = await adminApp('2026-11-24T09:00:00+07:00')
    expect((await t.request('/admin/holidays', { cookie, form: { date: '2026-11-25', name: 'Cuti bersama' } })).status).toBe(303)
    expect((await t.request('/admin/holidays', { cookie, form: { date: '2026-02-30', name: 'Bukan tanggal' } })).status).toBe(422)
    expect(await t.db.select().from(holidays)).toEqual([{ date: '2026-11-25', name: 'Cuti bersama' }])
    const form = validReport({ category: String(await categoryId(t.db, 'kis-pbi')) })
    await t.request('/intake', { cookie, form })
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    expect(kase!.dueAt).toBe(Date.parse('2026-11-30T09:00:00+07:00')) // Wednesday skipped, then the weekend
    expect((await t.request('/admin/holidays/2026-11-25/delete', { cookie, method: 'POST' })).status).toBe(303)
    expect(await t.db.select().from(holidays)).toHaveLength(0)
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.holiday.delete'))).length).toBe(1)
  })
})

describe('admin: escalation ladder', () => {
  const rung = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`${k}_${i}`, v]))
  const ladderForm = (...rows: Record<string, string>[]) => ({ count: String(rows.length), ...Object.assign({}, ...rows.map((r, i) => rung(i, r))) })

  it('shows the ladder the sweep uses, then saves rungs with hours and people', async () => {
    const { t, cookie } = await adminApp()
    const kepala = await t.addUser('kepala')
    const page = await (await t.request('/admin/ladder', { cookie })).text()
    expect(controlValue(page, 'label_2')).toBe('Eskalasi ke Kepala Dinas')
    const res = await t.request('/admin/ladder', {
      cookie,
      form: ladderForm(
        { rung: '0', label: 'Pengingat', target_percent: '50', assignee: '1' },
        { rung: '1', label: 'Lewat target', after_hours: '0', assignee: '1', roles: 'supervisor' },
        { rung: '2', label: 'Kepala Dinas', after_hours: '12', users: String(kepala.id) },
      ),
    })
    expect(res.status).toBe(303)
    const rows = await t.db.select().from(escalationRungs).orderBy(escalationRungs.rung)
    expect(rows).toMatchObject([
      { rung: 0, targetPercent: 50, notifyAssignee: true, roles: '[]' },
      { rung: 1, afterHours: 0, roles: '["supervisor"]' },
      { rung: 2, afterHours: 12, userIds: `[${kepala.id}]` },
    ])
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.ladder.update'))
    expect(JSON.parse(entry!.detail!).after).toHaveLength(3)
  })

  it('rejects rungs out of order and a later rung with no hours after the one before', async () => {
    const { t, cookie } = await adminApp()
    const before = await t.db.select().from(escalationRungs)
    const res = await t.request('/admin/ladder', {
      cookie,
      form: ladderForm({ rung: '1', label: 'Lewat target', after_hours: '0', roles: 'supervisor' }, { rung: '3', label: 'Asisten', after_hours: '24', roles: 'asisten' }),
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Anak tangga tidak berurutan: setelah anak tangga 1 harus 2.')
    const zero = await t.request('/admin/ladder', {
      cookie,
      form: ladderForm({ rung: '1', label: 'Lewat target', after_hours: '0', roles: 'supervisor' }, { rung: '2', label: 'Kepala', after_hours: '0', roles: 'kepala' }),
    })
    expect(zero.status).toBe(422)
    expect(await zero.text()).toContain('Anak tangga harus datang setelah yang sebelumnya')
    expect(await t.db.select().from(escalationRungs)).toEqual(before)
  })
})

describe('ladder rungs nobody would hear of (issue 17)', () => {
  it('shows a rung without an active account as a problem on the ladder page and the admin home, naming where its alerts go', async () => {
    const { t, cookie } = await adminApp()
    const withPhone = async (role: 'kepala' | 'asisten' | 'walikota' | 'supervisor') => {
      const user = await t.addUser(role)
      await t.db.update(users).set({ phone: '+6281234567890' }).where(eq(users.id, user.id))
      return user
    }
    await withPhone('supervisor')
    await withPhone('kepala')
    const ladder = await (await t.request('/admin/ladder', { cookie })).text()
    expect(ladder).toContain('Tangga eskalasi bermasalah.')
    expect(ladder).toContain('Anak tangga 3 (Eskalasi ke Asisten): belum ada akun aktif yang menerimanya. Pemberitahuannya diteruskan ke penerima &quot;Eskalasi ke Kepala Dinas&quot;.')
    expect(ladder).toContain('Anak tangga 4 (Eskalasi ke Wali Kota): belum ada akun aktif')
    const home = await (await t.request('/admin', { cookie })).text()
    expect(home).toContain('Anak tangga 3 (Eskalasi ke Asisten): belum ada akun aktif')
    expect(home).toContain('href="/admin/ladder"')

    // An Asisten without WhatsApp or e-mail hears only in the inbox: still worth a warning.
    const asisten = await t.addUser('asisten')
    expect(await (await t.request('/admin/ladder', { cookie })).text()).toContain('Anak tangga 3 (Eskalasi ke Asisten): penerimanya tidak punya nomor WhatsApp yang dapat dikirimi atau e-mail')
    await t.db.update(users).set({ email: 'asisten@pontianak.go.id' }).where(eq(users.id, asisten.id))
    await withPhone('walikota')
    expect(await (await t.request('/admin/ladder', { cookie })).text()).not.toContain('Tangga eskalasi bermasalah.')
    expect(await (await t.request('/admin', { cookie })).text()).not.toContain('Tangga eskalasi bermasalah.')
  })
})
