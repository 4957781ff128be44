import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cases, dispatches, vehicleCrew, vehicles } from '../../worker/db/schema'
import { kelurahanA } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems } from '../support/browser'

const chromium = useBrowser()
const phone = { width: 360, height: 740 }

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`))

/** Nothing sticks out sideways on a 360 px phone: no horizontal scrolling. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

describe('dispatch on a phone', () => {
  it('an operator goes from a report to a dispatched car, and the crew marks it finished', async () => {
    const app = await serveTestApp()
    await app.addUser('operator', { username: 'operator-trc' })
    const crew = await app.addUser('fasilitator', { username: 'awak-trc', kelurahan: [] })
    const [car] = await app.db.insert(vehicles).values({ name: 'TRC 1', plate: 'KB 1234 XY', kind: 'trc', base: 'Kantor Dinsos' }).returning()
    await app.db.insert(vehicleCrew).values({ vehicleId: car!.id, userId: crew.id })

    const operator = await (await chromium.newContext({ viewport: phone })).newPage()
    const problems = await watchProblems(operator)
    await signIn(operator, app.origin, 'operator-trc', undefined, '/intake')
    await field(operator, 'Nama pelapor').fill('Pak RT Harun')
    await field(operator, 'Nomor HP pelapor').fill('0812 3333 4444')
    await field(operator, 'Hubungan dengan orang yang dilaporkan').selectOption('rt_rw')
    await field(operator, 'Nama atau ciri-ciri').fill('Perempuan ODGJ, baju merah')
    await field(operator, 'Kelompok umur').selectOption('dewasa')
    await field(operator, 'Jenis kelamin').selectOption('P')
    await field(operator, 'Kelurahan').selectOption(kelurahanA)
    await field(operator, 'Alamat / lokasi').fill('Pasar Flamboyan, los ikan')
    await field(operator, 'Kategori').selectOption({ label: 'Penjemputan / pengantaran PPKS (mobil TRC)' })
    await field(operator, 'Uraian').fill('Mengamuk di pasar sejak pagi, warga minta dijemput.')
    await Promise.all([operator.waitForURL(/\/cases\/\d+/), operator.getByRole('button', { name: 'Simpan laporan' }).click()])
    expect(await fitsWidth(operator)).toBe(true)

    await field(operator, 'Alamat penjemputan').fill('Pasar Flamboyan')
    await field(operator, 'Alamat tujuan').fill('RSJ Sungai Bangkong')
    await Promise.all([operator.waitForURL(/done=service-details/), operator.getByRole('button', { name: 'Simpan rincian' }).click()])
    await field(operator, 'Kendaraan yang bebas').selectOption({ label: 'TRC 1 (KB 1234 XY) · Mobil TRC' })
    await field(operator, 'Tujuan / catatan untuk awak').fill('Bawa petugas perempuan')
    await Promise.all([operator.waitForURL(/done=dispatch/), operator.getByRole('button', { name: 'Kirim kendaraan' }).click()])
    await expect.poll(() => operator.getByText('Kendaraan dikirim.').isVisible()).toBe(true)
    expect(await operator.locator('#case-dispatches').textContent()).toContain('Dikirim')
    expect(await fitsWidth(operator)).toBe(true)
    await operator.goto(app.url('/dispatch'))
    expect(await operator.locator('#vehicle-board').textContent()).toContain('Bertugas ke')

    const awak = await (await chromium.newContext({ viewport: phone })).newPage()
    const crewProblems = await watchProblems(awak)
    await signIn(awak, app.origin, 'awak-trc', undefined, '/crew')
    expect(await awak.getByText('Pasar Flamboyan, los ikan').isVisible()).toBe(true)
    expect(await awak.getByRole('link', { name: /WhatsApp/ }).getAttribute('href')).toBe('https://wa.me/6281233334444')
    expect(await fitsWidth(awak)).toBe(true)
    for (const step of ['Berangkat', 'Tiba di lokasi', 'Selesai']) {
      const button = awak.getByRole('button', { name: step })
      // A thumb-sized button: at least 44 px high on the phone.
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44)
      if (step === 'Selesai') await awak.getByLabel('Diserahkan ke rumah sakit').check()
      await Promise.all([awak.waitForURL(/\/crew\?done=/), button.click()])
    }
    await expect.poll(() => awak.getByText('Tidak ada tugas aktif untuk kendaraan Anda.').isVisible()).toBe(true)
    const [done] = await app.db.select().from(dispatches).where(eq(dispatches.vehicleId, car!.id))
    expect(done!.status).toBe('selesai')
    expect(problems).toEqual([])
    expect(crewProblems).toEqual([])
  })
  it('an ambulance request: name and address, one tap sends the car, and the crew’s result settles the case', async () => {
    const app = await serveTestApp()
    await app.addUser('operator', { username: 'operator-112' })
    const driver = await app.addUser('operator', { username: 'sopir-ambulans' })
    const [car] = await app.db.insert(vehicles).values({ name: 'Ambulans Pos Timur', plate: 'KB 1 A', kind: 'ambulans', base: 'Pos Timur' }).returning()
    await app.db.insert(vehicleCrew).values({ vehicleId: car!.id, userId: driver.id })

    const operator = await (await chromium.newContext({ viewport: { width: 1366, height: 768 } })).newPage()
    const problems = await watchProblems(operator)
    await signIn(operator, app.origin, 'operator-112')
    expect(new URL(operator.url()).pathname).toBe('/intake')
    await field(operator, 'Nama pelapor').fill('Ibu Sari')
    await field(operator, 'Nomor HP pelapor').fill('0812 5555 6666')
    await field(operator, 'Hubungan dengan orang yang dilaporkan').selectOption('keluarga')
    await field(operator, 'Nama atau ciri-ciri').fill('Pak Darman')
    await field(operator, 'Kelompok umur').selectOption('lansia')
    await field(operator, 'Jenis kelamin').selectOption('L')
    await field(operator, 'Kelurahan').selectOption(kelurahanA)
    await field(operator, 'Alamat / lokasi').fill('Jl. Tanjungpura Gg. Sederhana 12')
    await field(operator, 'Kategori').selectOption({ label: 'Ambulans / jenazah' })
    await field(operator, 'Uraian').fill('Sesak napas, perlu dibawa ke rumah sakit.')
    await Promise.all([operator.waitForURL(/\/cases\/\d+\?baru=1/), operator.getByRole('button', { name: 'Simpan laporan' }).click()])
    // The page the saved report opens on sends the car with one tap.
    await Promise.all([operator.waitForURL(/done=dispatch/), operator.getByRole('button', { name: 'Kirim Ambulans Pos Timur (KB 1 A)' }).click()])
    expect(await operator.locator('#case-status').textContent()).toBe('Ditangani')
    const caseUrl = new URL(operator.url()).pathname

    const awak = await (await chromium.newContext({ viewport: phone })).newPage()
    const crewProblems = await watchProblems(awak)
    await signIn(awak, app.origin, 'sopir-ambulans')
    expect(new URL(awak.url()).pathname).toBe('/crew')
    expect(await awak.getByText('Jl. Tanjungpura Gg. Sederhana 12').isVisible()).toBe(true)
    for (const step of ['Berangkat', 'Tiba di lokasi']) await Promise.all([awak.waitForURL(/\/crew\?done=/), awak.getByRole('button', { name: step }).click()])
    await awak.getByLabel('Diserahkan ke rumah sakit').check()
    await field(awak, 'Catatan (nama rumah sakit, penerima, dsb.)').fill('IGD RSUD Soedarso')
    expect(await fitsWidth(awak)).toBe(true)
    await Promise.all([awak.waitForURL(/\/crew\?done=finish/), awak.getByRole('button', { name: 'Selesai' }).click()])

    await operator.goto(app.url(caseUrl))
    expect(await operator.locator('#case-status').textContent()).toBe('Selesai')
    const timeline = await operator.locator('body').textContent()
    for (const text of ['Kendaraan berangkat', 'Kendaraan tiba di lokasi', 'Tugas kendaraan selesai', 'Diserahkan ke rumah sakit. IGD RSUD Soedarso']) expect(timeline).toContain(text)
    const [kase] = await app.db.select().from(cases).where(eq(cases.personName, 'Pak Darman'))
    expect(kase).toMatchObject({ status: 'selesai', outcome: 'diserahkan_rs' })
    expect(problems).toEqual([])
    expect(crewProblems).toEqual([])
  })
})
