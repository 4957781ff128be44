import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { caseEvents, cases, surveyResponses } from '../../worker/db/schema'
import { categoryId, kelurahanA } from '../support/app'
import { serveTestApp, useBrowser, watchProblems } from '../support/browser'

const chromium = useBrowser()
const phone = { width: 360, height: 740 }

async function fillReport(page: Page, category: number) {
  await page.fill('#f-reporter_name', 'Siti Nur\'aini')
  await page.fill('#f-reporter_phone', '0812 3456 7890')
  await page.selectOption('#f-reporter_relation', 'tetangga')
  await page.fill('#f-person_name', 'Kakek di pos ronda')
  await page.selectOption('#f-category', String(category))
  await page.selectOption('#f-kelurahan', kelurahanA)
  await page.fill('#f-address', 'Gg. Damai No. 7A/12')
  await page.fill('#f-description', 'Sudah tiga hari tidur di pos ronda.')
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

describe.each([{ javaScript: true }, { javaScript: false }])('the public side on a 360 px phone (JavaScript $javaScript)', ({ javaScript }) => {
  it('sends an online report, tracks it, and answers the survey after closure', async () => {
    const t = await serveTestApp()
    const context = await chromium.newContext({ javaScript, viewport: phone })
    const page = await context.newPage()
    const problems = await watchProblems(page)

    // Transfer size of /lapor as Chromium receives it (compressed bodies + headers, every request of the load).
    const sizes: { url: string; bytes: number }[] = []
    page.on('requestfinished', async (req) => {
      const s = await req.sizes()
      sizes.push({ url: new URL(req.url()).pathname, bytes: s.responseBodySize + s.responseHeadersSize })
    })
    const lapor = await page.goto(t.url('/lapor'))
    expect(lapor!.status()).toBe(200)
    await page.waitForLoadState('networkidle')
    const doc = sizes.find((s) => s.url === '/lapor')!
    const total = sizes.reduce((sum, s) => sum + s.bytes, 0)
    console.log(`/lapor transfer (JS ${javaScript ? 'on' : 'off'}): document ${doc.bytes} B, page total ${total} B over ${sizes.length} requests`)
    expect(await noSideScroll(page)).toBe(true)

    // Without consent the browser (required) or the server refuses; with it, the ticket appears.
    await fillReport(page, await categoryId(t.db, 'orang-terlantar'))
    await page.check('#f-consent')
    await Promise.all([page.waitForURL(/\/lapor\/terkirim\//), page.getByRole('button', { name: 'Kirim laporan' }).click()])
    const ticket = (await page.textContent('#ticket'))!
    expect(ticket).toMatch(/^\d{4}-\d{4}$/)
    const [kase] = await t.db.select().from(cases)
    expect(kase).toMatchObject({ ticket, channel: 'online', status: 'baru' })

    await page.getByRole('link', { name: 'Cek laporan' }).last().click()
    await page.waitForURL(/\/cek/)
    expect(await page.inputValue('#f-tiket')).toBe(ticket)
    await page.fill('#f-hp4', '7890')
    await page.getByRole('button', { name: 'Cek status' }).click()
    await expect.poll(() => page.textContent('#hasil')).toContain('Laporan diterima')
    expect(await page.textContent('#status')).toBe('Baru')
    // htmx swaps the result in place of itself, never inside it.
    expect(await page.locator('#hasil').count()).toBe(1)
    expect(await page.content()).not.toContain('Siti')
    expect(await noSideScroll(page)).toBe(true)

    // The facilitator workflow is another area's: close the case directly.
    const now = t.clock.now()
    await t.db.update(cases).set({ status: 'ditutup', resolvedAt: now, closedAt: now }).where(eq(cases.id, kase!.id))
    await t.db.insert(caseEvents).values({ caseId: kase!.id, at: now, kind: 'close', fromStatus: 'baru', toStatus: 'ditutup' })
    await page.getByRole('button', { name: 'Cek status' }).click()
    await expect.poll(() => page.textContent('#status')).toBe('Ditutup')
    await Promise.all([page.waitForURL(/\/survei\//), page.click('#survey-link')])
    expect(await noSideScroll(page)).toBe(true)
    for (const [i, value] of ['4', '3', '4', '4', '3', '4', '4', '3', '3'].entries()) await page.check(`input[name="u${i + 1}"][value="${value}"]`)
    await page.fill('#f-saran', 'Terima kasih, cepat.')
    await Promise.all([page.waitForURL(/\/survei\//), page.getByRole('button', { name: 'Kirim jawaban' }).click()])
    expect(await page.textContent('#survey-done')).toContain('sudah diisi')
    const [answer] = await t.db.select().from(surveyResponses)
    expect(answer).toMatchObject({ caseId: kase!.id, u1: 4, u2: 3, u9: 3, suggestion: 'Terima kasih, cepat.' })
    expect(problems).toEqual([])
  })
})
