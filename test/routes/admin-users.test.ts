import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, cases, sessions, userKelurahan, users } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB, testPassword, validReport } from '../support/app'
import { controlValue, fieldError } from '../support/html'

async function adminApp() {
  const t = await createTestApp()
  const admin = await t.addUser('admin', { username: 'admin-uji' })
  return { t, admin, cookie: await t.cookieFor(admin) }
}

const newFacilitator = (overrides: Record<string, string> = {}) => ({ username: 'fas-baru', display_name: 'Siti Fasilitator', role: 'fasilitator', phone: '0812 1111 2222', email: '', kelurahan: kelurahanA, ...overrides })

const tempPasswordOf = (html: string) => /<code class="temp-password">([^<]+)<\/code>/.exec(html)![1]!

async function signInAs(t: Awaited<ReturnType<typeof createTestApp>>, username: string, password: string) {
  const res = await t.request('/login', { form: { username, password, next: '/' } })
  const cookie = res.headers.get('Set-Cookie')?.split(';')[0] ?? ''
  return { res, cookie }
}

describe('admin: users', () => {
  it('creates a facilitator for a kelurahan with a temporary password that must be changed at first sign-in', async () => {
    const { t, admin, cookie } = await adminApp()
    const res = await t.request('/admin/users', { cookie, form: newFacilitator() })
    expect(res.status).toBe(200)
    const html = await res.text()
    const password = tempPasswordOf(html)
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
    const [created] = await t.db.select().from(users).where(eq(users.username, 'fas-baru'))
    expect(created).toMatchObject({ displayName: 'Siti Fasilitator', role: 'fasilitator', phone: '+6281211112222', mustChangePassword: true, active: true })
    expect(created!.passwordHash).not.toContain(password)
    expect(await t.db.select().from(userKelurahan).where(eq(userKelurahan.userId, created!.id))).toMatchObject([{ kelurahanCode: kelurahanA, priority: 0 }])
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.user.create'))
    expect(entry!.actorId).toBe(admin.id)
    expect(JSON.parse(entry!.detail!)).toMatchObject({ user: created!.id, after: { username: 'fas-baru', role: 'fasilitator', kelurahan: [kelurahanA] } })
    expect(entry!.detail).not.toContain(password)
    expect(entry!.detail).not.toContain('pbkdf2')

    // First sign-in: every page leads to the change-password form until a new password is chosen.
    const { res: login, cookie: fasCookie } = await signInAs(t, 'fas-baru', password)
    expect(login.status).toBe(303)
    const cases = await t.request('/cases', { cookie: fasCookie })
    expect(cases.status).toBe(303)
    expect(cases.headers.get('Location')).toBe('/account/password')
    const weak = await t.request('/account/password', { cookie: fasCookie, form: { current_password: password, new_password: 'password123', confirm_password: 'password123' } })
    expect(weak.status).toBe(422)
    expect(fieldError(await weak.text(), 'new_password')).toBe('Kata sandi ini terlalu umum; pilih yang lain.')
    const short = await t.request('/account/password', { cookie: fasCookie, form: { current_password: password, new_password: 'pendek', confirm_password: 'pendek' } })
    expect(fieldError(await short.text(), 'new_password')).toBe('Kata sandi paling sedikit 8 karakter.')
    const long = 'kalimat panjang tentang sungai kapuas di sore hari yang tenang sekali dan damai'
    const changed = await t.request('/account/password', { cookie: fasCookie, form: { current_password: password, new_password: long, confirm_password: long } })
    expect(changed.status).toBe(303)
    expect((await t.request('/cases', { cookie: fasCookie })).status).toBe(200)
    const [after] = await t.db.select().from(users).where(eq(users.id, created!.id))
    expect(after!.mustChangePassword).toBe(false)
  })

  it('rejects a duplicate username, re-rendering what was typed', async () => {
    const { t, cookie } = await adminApp()
    await t.addUser('operator', { username: 'fas-baru' })
    const res = await t.request('/admin/users', { cookie, form: newFacilitator({ display_name: 'Nama <b>Ketikan</b>' }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'username')).toBe('Nama pengguna sudah dipakai.')
    expect(controlValue(html, 'display_name')).toBe('Nama <b>Ketikan</b>')
    expect(html).toMatch(new RegExp(`<option value="${kelurahanA.replace(/\./g, '\\.')}" selected=""`))
    expect(await t.db.select().from(users).where(eq(users.username, 'fas-baru'))).toHaveLength(1)
  })

  it('rejects a facilitator without a kelurahan', async () => {
    const { t, cookie } = await adminApp()
    const res = await t.request('/admin/users', { cookie, form: newFacilitator({ kelurahan: '' }) })
    expect(res.status).toBe(422)
    expect(fieldError(await res.text(), 'kelurahan')).toBe('Fasilitator harus punya paling sedikit satu kelurahan.')
    expect(await t.db.select().from(users).where(eq(users.username, 'fas-baru'))).toHaveLength(0)
  })

  it('rejects a kelurahan outside the region and a bad username', async () => {
    const { t, cookie } = await adminApp()
    const res = await t.request('/admin/users', { cookie, form: newFacilitator({ kelurahan: '63.72.01.1001', username: 'A B' }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'kelurahan')).toBe('Pilih kelurahan dari daftar.')
    expect(fieldError(html, 'username')).toMatch(/^Nama pengguna 3–32 karakter/)
  })

  it('edits a user: role, kelurahan coverage, with before and after in the audit', async () => {
    const { t, cookie } = await adminApp()
    const fas = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const res = await t.request(`/admin/users/${fas.id}`, { cookie, form: { display_name: 'Nama Baru', role: 'fasilitator', phone: '', email: 'fas@example.go.id', kelurahan: kelurahanB } })
    expect(res.status).toBe(303)
    expect(await t.db.select().from(userKelurahan).where(eq(userKelurahan.userId, fas.id))).toMatchObject([{ kelurahanCode: kelurahanB }])
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.user.update'))
    expect(JSON.parse(entry!.detail!)).toMatchObject({ before: { displayName: fas.displayName, kelurahan: [kelurahanA] }, after: { displayName: 'Nama Baru', email: 'fas@example.go.id', kelurahan: [kelurahanB] } })
  })

  it('keeps NIP, jabatan and pangkat for the surat tugas; a wrong NIP comes back beside its field with what was typed', async () => {
    const { t, cookie } = await adminApp()
    const fas = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const form = { display_name: fas.displayName, role: 'fasilitator', phone: '', email: '', kelurahan: kelurahanA, position: 'Pekerja Sosial Masyarakat', rank: 'Penata Muda (III/a)' }
    const bad = await t.request(`/admin/users/${fas.id}`, { cookie, form: { ...form, nip: '1989 0315 2015' } })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(fieldError(html, 'nip')).toBe('NIP terdiri dari 18 angka.')
    expect(controlValue(html, 'nip')).toBe('1989 0315 2015')
    expect(controlValue(html, 'position')).toBe('Pekerja Sosial Masyarakat')
    const badDate = await t.request(`/admin/users/${fas.id}`, { cookie, form: { ...form, nip: '198913152015031002' } })
    expect(fieldError(await badDate.text(), 'nip')).toMatch(/^NIP tidak valid/)
    expect((await t.request(`/admin/users/${fas.id}`, { cookie, form: { ...form, nip: '19890315 201503 1 002' } })).status).toBe(303)
    const [row] = await t.db.select().from(users).where(eq(users.id, fas.id))
    expect(row).toMatchObject({ nip: '198903152015031002', position: 'Pekerja Sosial Masyarakat', rank: 'Penata Muda (III/a)' })
    expect(controlValue(await (await t.request(`/admin/users/${fas.id}`, { cookie })).text(), 'nip')).toBe('19890315 201503 1 002')
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.user.update'))
    expect(JSON.parse(entry!.detail!)).toMatchObject({ before: { nip: null }, after: { nip: '198903152015031002', position: 'Pekerja Sosial Masyarakat' } })
  })

  it('disabling a user ends their sessions at once', async () => {
    const { t, cookie } = await adminApp()
    const op = await t.addUser('operator')
    const opCookie = await t.cookieFor(op)
    expect((await t.request('/cases', { cookie: opCookie })).status).toBe(200)
    const res = await t.request(`/admin/users/${op.id}/disable`, { cookie, method: 'POST' })
    expect(res.status).toBe(303)
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, op.id))).toHaveLength(0)
    expect((await t.request('/cases', { cookie: opCookie })).headers.get('Location')).toMatch(/^\/login/)
    expect((await signInAs(t, op.username, testPassword)).res.status).toBe(401)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.user.disable'))
    expect(JSON.parse(entry!.detail!)).toEqual({ user: op.id, before: { active: true }, after: { active: false } })
  })

  it('an admin cannot disable their own account', async () => {
    const { t, admin, cookie } = await adminApp()
    expect((await t.request(`/admin/users/${admin.id}/disable`, { cookie, method: 'POST' })).status).toBe(403)
  })

  it('resets a password: old sessions end, the old password stops working, the new one must be changed', async () => {
    const { t, cookie } = await adminApp()
    const op = await t.addUser('operator')
    const opCookie = await t.cookieFor(op)
    const res = await t.request(`/admin/users/${op.id}/reset-password`, { cookie, method: 'POST' })
    const password = tempPasswordOf(await res.text())
    expect((await t.request('/cases', { cookie: opCookie })).headers.get('Location')).toMatch(/^\/login/)
    expect((await signInAs(t, op.username, testPassword)).res.status).toBe(401)
    const { cookie: fresh } = await signInAs(t, op.username, password)
    expect((await t.request('/intake', { cookie: fresh })).headers.get('Location')).toBe('/account/password')
  })

  it('is for admins only', async () => {
    const t = await createTestApp()
    const sup = await t.cookieFor(await t.addUser('supervisor'))
    expect((await t.request('/admin/users', { cookie: sup })).status).toBe(403)
    expect((await t.request('/admin/users', { form: newFacilitator() })).status).toBe(401)
  })

  it('puts a second facilitator behind the first, and "jadikan pertama" changes who gets new cases', async () => {
    const { t, cookie } = await adminApp()
    const first = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    await t.request('/admin/users', { cookie, form: newFacilitator() })
    const [second] = await t.db.select().from(users).where(eq(users.username, 'fas-baru'))
    const [row] = await t.db.select().from(userKelurahan).where(and(eq(userKelurahan.userId, second!.id), eq(userKelurahan.kelurahanCode, kelurahanA)))
    expect(row!.priority).toBe(1)
    const page = await (await t.request('/admin/kelurahan', { cookie })).text()
    expect(page).toContain('Siti Fasilitator')
    expect((await t.request(`/admin/kelurahan/${kelurahanA}/first`, { cookie, form: { user: String(second!.id) } })).status).toBe(303)
    const op = await t.cookieFor(await t.addUser('operator'))
    const form = validReport({ category: String(await categoryId(t.db, 'odgj')) })
    await t.request('/intake', { cookie: op, form })
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
    expect(kase!.assignedTo).toBe(second!.id)
    expect(kase!.assignedTo).not.toBe(first.id)
  })
})
