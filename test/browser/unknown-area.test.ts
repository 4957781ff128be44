// Issue 17: a caller who cannot name the kelurahan. The operator files the report with JavaScript
// off as "belum diketahui" with a landmark, the supervisor places it from the queue's triage list
// (htmx), and the kelurahan's facilitator finds it in Kasus saya.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { unknownAreaCodes } from '../../worker/domain/unknown-area'
import { categoryId, kelurahanA, kelurahanName } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems, type ServedApp } from '../support/browser'
import { caseRow } from '../support/handling'
import { cases } from '../../worker/db/schema'

const chromium = useBrowser()

// Exactly this label; a required field's label ends with an asterisk hidden from screen readers.
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}( \\*)?$`))

async function pageAs(t: ServedApp, username: string, javaScript: boolean) {
  const page = await (await chromium.newContext({ javaScript })).newPage()
  const problems = await watchProblems(page)
  await signIn(page, t.origin, username)
  return { page, problems }
}

describe('kelurahan belum diketahui, in Chromium', () => {
  it('operator files it (no JavaScript) → supervisor places it from the triage list → the facilitator has it in Kasus saya', async () => {
    const t = await serveTestApp()
    const operator = await t.addUser('operator')
    const supervisor = await t.addUser('supervisor')
    const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })

    const op = await pageAs(t, operator.username, false)
    expect(new URL(op.page.url()).pathname).toBe('/intake')
    await field(op.page, 'Nama pelapor').fill('Budi Santoso')
    await field(op.page, 'Nomor HP pelapor').fill('0812 3456 7890')
    await field(op.page, 'Hubungan dengan orang yang dilaporkan').selectOption('tetangga')
    await field(op.page, 'Nama atau ciri-ciri').fill('Bapak tua berbaju biru')
    await field(op.page, 'Kelurahan').selectOption({ label: 'Belum diketahui (isi patokan lokasi)' })
    await field(op.page, 'Alamat / lokasi').fill('Pinggir jalan arah pelabuhan')
    await field(op.page, 'Kategori').selectOption(String(await categoryId(t.db, 'orang-terlantar')))
    await field(op.page, 'Uraian').fill('Tidur di emperan toko sejak kemarin, tampak lemas.')
    // Without a landmark the form comes back with the message beside it and everything typed.
    await Promise.all([op.page.waitForNavigation(), op.page.getByRole('button', { name: 'Simpan laporan' }).click()])
    await expect.poll(() => op.page.locator('#e-landmark').textContent()).toMatch(/^Kelurahan belum diketahui: isi patokan/)
    expect(await field(op.page, 'Nama atau ciri-ciri').inputValue()).toBe('Bapak tua berbaju biru')
    expect(await field(op.page, 'Kelurahan').inputValue()).toBe(unknownAreaCodes('61.71').kelurahan)
    expect(await t.db.select().from(cases)).toEqual([])
    await field(op.page, 'Patokan').fill('depan warung kopi Asiang, dekat jembatan')
    await Promise.all([op.page.waitForURL(/\/cases\/\d+\?baru=1$/), op.page.getByRole('button', { name: 'Simpan laporan' }).click()])
    const [filed] = await t.db.select().from(cases)
    expect(filed).toMatchObject({ status: 'baru', assignedTo: null, kelurahanCode: unknownAreaCodes('61.71').kelurahan })
    // The refused first try is the one 422 Chromium logs; nothing else went wrong.
    expect(op.problems).toEqual([expect.stringContaining('status of 422')])

    const sup = await pageAs(t, supervisor.username, true)
    expect(new URL(sup.page.url()).pathname).toBe('/queue')
    const triage = sup.page.locator('section', { has: sup.page.getByRole('heading', { name: 'Kelurahan belum diketahui (1)' }) })
    await expect.poll(() => triage.textContent()).toContain('Patokan: depan warung kopi Asiang, dekat jembatan')
    expect(await triage.getByRole('link', { name: filed!.ticket }).count()).toBe(1)
    await triage.getByLabel(/^Kelurahan/).selectOption(kelurahanA)
    const htmx: string[] = []
    sup.page.on('request', (r) => {
      if (r.headers()['hx-request']) htmx.push(`${r.method()} ${new URL(r.url()).pathname}`)
    })
    await triage.getByRole('button', { name: 'Tetapkan kelurahan' }).click()
    await expect.poll(() => sup.page.getByRole('status').textContent()).toBe(`Tersimpan: kelurahan kasus ${filed!.ticket} ditetapkan.`)
    expect(htmx).toEqual([`POST /cases/${filed!.id}/kelurahan`])
    expect(await sup.page.getByRole('heading', { name: /^Kelurahan belum diketahui/ }).count()).toBe(0)
    expect(await caseRow(t, filed!.id)).toMatchObject({ kelurahanCode: kelurahanA, status: 'ditugaskan', assignedTo: fac.id, dueAt: filed!.dueAt })
    expect(sup.problems).toEqual([])

    const fa = await pageAs(t, fac.username, true)
    expect(new URL(fa.page.url()).pathname).toBe('/my-cases')
    await Promise.all([fa.page.waitForURL(`**/cases/${filed!.id}`), fa.page.getByRole('link', { name: filed!.ticket }).click()])
    const name = await kelurahanName(t.db, kelurahanA)
    await expect.poll(() => fa.page.locator('body').textContent()).toContain(`Kelurahan ditetapkan: ${name}. Diteruskan ke ${fac.displayName}.`)
    expect(fa.problems).toEqual([])
  })
})
