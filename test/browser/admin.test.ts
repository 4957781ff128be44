import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cases } from '../../worker/db/schema'
import { categoryId, kelurahanA, validReport } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems } from '../support/browser'

const chromium = useBrowser()

describe('admin screens in Chromium', () => {
  it('an admin creates a facilitator for a kelurahan, and the next report of that kelurahan reaches them', async () => {
    const t = await serveTestApp()
    const admin = await t.addUser('admin')
    const adminPage = await (await chromium.newContext()).newPage()
    const problems = await watchProblems(adminPage)
    await signIn(adminPage, t.origin, admin.username, undefined, '/admin/users')
    await adminPage.getByRole('link', { name: 'Tambah pengguna' }).click()
    await adminPage.getByLabel('Nama pengguna').fill('siti.fas')
    await adminPage.getByLabel('Nama lengkap').fill('Siti Rahmah')
    await adminPage.getByLabel('Peran').selectOption('fasilitator')
    await adminPage.getByLabel('Kelurahan yang ditangani').selectOption([kelurahanA])
    await Promise.all([adminPage.waitForURL((url) => url.pathname === '/admin/users'), adminPage.getByRole('button', { name: 'Buat pengguna' }).click()])
    const password = (await adminPage.locator('code.temp-password').textContent())!
    expect(password).toMatch(/^[a-z2-9-]{19}$/)

    // A report for that kelurahan, taken by an operator after the facilitator exists.
    const operator = await t.addUser('operator')
    const form = validReport({ category: String(await categoryId(t.db, 'odgj')), person_name: 'Pak Darto' })
    expect((await t.request('/intake', { cookie: await t.cookieFor(operator), form })).status).toBe(303)
    const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))

    // The facilitator signs in with the temporary password, must choose a new one, then sees the case.
    const fasPage = await (await chromium.newContext()).newPage()
    problems.push(...(await watchProblems(fasPage)))
    await signIn(fasPage, t.origin, 'siti.fas', password, '/cases')
    expect(new URL(fasPage.url()).pathname).toBe('/account/password')
    await fasPage.getByLabel('Kata sandi sekarang').fill(password)
    // The label reads "Kata sandi baru *" (required), which also starts the confirmation's label.
    await fasPage.locator('#f-new_password').fill('sungai kapuas di pagi hari')
    await fasPage.getByLabel('Ulangi kata sandi baru').fill('sungai kapuas di pagi hari')
    await Promise.all([fasPage.waitForURL((url) => url.pathname !== '/account/password'), fasPage.getByRole('button', { name: 'Simpan kata sandi' }).click()])
    await fasPage.goto(t.url('/cases'))
    const row = fasPage.locator('table.cases tbody tr', { hasText: kase!.ticket })
    await expect(row.textContent()).resolves.toContain('Pak Darto')
    expect(kase!.status).toBe('ditugaskan')
    expect(problems).toEqual([])
  })
})
