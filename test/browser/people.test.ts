import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { cases, people, shelterStays, sightings } from '../../worker/db/schema'
import { categoryId, kelurahanA } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems, type ServedApp } from '../support/browser'

const chromium = useBrowser()

// Issue 23, done when: three reports about the same unknown person within an hour make one case
// with two sightings; a later shelter admission links to the same person; a merge and its undo.

async function report(t: ServedApp, page: Page, caller: string, odgj: number) {
  await page.goto(t.url('/intake'))
  await page.getByLabel(/^Nama pelapor/).fill(caller)
  await page.getByLabel(/^Nomor HP pelapor/).fill('0812 5555 0101')
  await page.getByLabel(/^Hubungan dengan/).selectOption('tetangga')
  await page.getByLabel(/^Nama atau ciri-ciri/).fill('Tn. X Pasar Flamboyan')
  await page.getByLabel(/^Jenis kelamin/).selectOption('L')
  await page.getByLabel(/^Identitas belum diketahui/).check()
  await page.getByLabel(/^Ciri-ciri/).fill('Rambut gimbal, kaos merah sobek, bekas luka di pelipis kiri')
  await page.getByLabel(/^Kelurahan/).selectOption(kelurahanA)
  await page.getByLabel(/^Alamat \/ lokasi/).fill('Pasar Flamboyan, Jl. Gajah Mada')
  await page.getByLabel(/^Kategori/).selectOption(String(odgj))
  await page.getByLabel(/^Uraian/).fill('Laki-laki berkeliaran, rambut gimbal, kaos merah, bicara sendiri.')
  await settled(page)
}

/** Leaves the last field (its change asks for candidates) and waits until no htmx request is in flight. */
async function settled(page: Page) {
  await page.keyboard.press('Tab')
  await expect.poll(() => page.evaluate(() => document.querySelector('.htmx-request') === null && document.querySelector('#candidates input[name="candidates_seen"]') !== null)).toBe(true)
}

describe('one person across reports, in Chromium', () => {
  it('makes three calls in an hour one case with two sightings, then links a shelter admission by a merge, and undoes it', { timeout: 120_000 }, async () => {
    const t = await serveTestApp()
    const odgj = await categoryId(t.db, 'odgj')
    const operator = await t.addUser('operator')
    const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const context = await chromium.newContext()
    const page = await context.newPage()
    const problems = await watchProblems(page)
    await signIn(page, t.origin, operator.username, undefined, '/intake')

    // First call: a new case and a person of unknown identity.
    await report(t, page, 'Sari (pedagang)', odgj)
    await Promise.all([page.waitForURL(/\/cases\/\d+\?baru=1$/), page.getByRole('button', { name: 'Simpan laporan' }).click()])
    const [first] = await t.db.select().from(cases)

    // Two more calls within the hour: the candidate appears as the operator types; each is a sighting.
    for (const [minutes, caller] of [[20, 'Pak RT 04'], [25, 'Bu Ina (tukang parkir)']] as const) {
      t.clock.advance({ minutes })
      await report(t, page, caller, odgj)
      const candidates = page.locator('#candidates')
      await expect.poll(() => candidates.textContent()).toContain(first!.ticket)
      expect(await candidates.textContent()).toContain('kelurahan sama')
      await candidates.getByLabel(new RegExp(`kasus ${first!.ticket} masih terbuka`)).check()
      await Promise.all([page.waitForURL(/done=penampakan/), page.getByRole('button', { name: 'Simpan laporan' }).click()])
      expect(await page.getByRole('status').first().textContent()).toContain('penampakan')
    }
    expect(await t.db.select().from(cases)).toHaveLength(1)
    expect(await t.db.select().from(sightings)).toHaveLength(2)
    expect(await page.locator('#sightings').textContent()).toContain('Penampakan (2)')

    // Two days later a walk-in at the rumah singgah is recorded as someone new and admitted.
    t.clock.advance({ days: 2 })
    await signIn(page, t.origin, operator.username, undefined, '/intake')
    await report(t, page, 'Petugas rumah singgah', odgj)
    await page.getByLabel(/^Nama atau ciri-ciri/).fill('Tn. Y Rumah Singgah')
    await page.getByLabel(/^Alamat \/ lokasi/).fill('Rumah Singgah, Jl. Tanjungpura')
    await settled(page)
    await page.getByLabel('orang lain (orang baru)').check()
    await Promise.all([page.waitForURL(/\?baru=1$/), page.getByRole('button', { name: 'Simpan laporan' }).click()])
    const [, second] = await t.db.select().from(cases).orderBy(cases.id)
    expect(second!.personId).not.toBe(first!.personId)

    const facPage = await (await chromium.newContext()).newPage()
    const facProblems = await watchProblems(facPage)
    await signIn(facPage, t.origin, fac.username, undefined, `/cases/${second!.id}/shelter`)
    await facPage.getByText('Masukkan ke rumah singgah').click()
    await facPage.getByLabel(/^Kamar \/ tempat tidur/).fill('Kamar 2, ranjang B')
    await Promise.all([facPage.waitForURL(/\/cases\/\d+\/shelter/), facPage.getByRole('button', { name: 'Simpan masuk' }).click()])
    expect(await t.db.select().from(shelterStays).where(eq(shelterStays.caseId, second!.id))).toHaveLength(1)

    // The facilitator sees on the new person's page that it may be the man of the first case, and merges.
    await facPage.goto(t.url(`/people/${second!.personId}`))
    const merge = facPage.locator('#merge-form')
    expect(await merge.textContent()).toContain(first!.ticket)
    await merge.locator(`input[name="into"][value="${first!.personId}"]`).check()
    await merge.getByLabel(/^Alasan/).fill('Bekas luka di pelipis kiri dan kaos merah sama.')
    await Promise.all([facPage.waitForURL(/done=merge/), merge.getByRole('button', { name: 'Gabungkan' }).click()])
    expect(await facPage.locator('#person-cases').textContent()).toContain(first!.ticket)
    expect(await facPage.locator('#person-cases').textContent()).toContain(second!.ticket)
    expect(await facPage.locator('#person-stays').textContent()).toContain('Rumah Singgah')
    expect((await t.db.select().from(cases).where(eq(cases.personId, second!.personId!))).map((k) => k.id).sort()).toEqual([first!.id, second!.id])

    // A wrong merge is undone: each record has its own case again.
    await Promise.all([facPage.waitForURL(/done=undo/), facPage.getByRole('button', { name: 'Batalkan penggabungan' }).click()])
    expect((await t.db.select().from(cases).where(eq(cases.id, first!.id)))[0]!.personId).toBe(first!.personId)
    expect((await t.db.select().from(people).where(eq(people.id, first!.personId!)))[0]!.mergedInto).toBeNull()
    expect(problems).toEqual([])
    expect(facProblems).toEqual([])
  })
})
