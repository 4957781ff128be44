import { describe, expect, it } from 'vitest'
import { kelurahanB } from '../support/app'
import { serveTestApp, useBrowser, watchProblems } from '../support/browser'
import { seedOctober } from '../support/kinerja-fixture'

const chromium = useBrowser()

describe('the public figures page (issue 24)', () => {
  it('shows a seeded month without JavaScript, suppresses a small count, and weighs at most 20 KB', async () => {
    const t = await serveTestApp({ now: '2026-11-24T09:00:00+07:00' })
    await seedOctober(t)
    const context = await chromium.newContext({ javaScript: false, viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    const problems = await watchProblems(page)
    let bytes = 0
    page.on('requestfinished', async (req) => {
      const s = await req.sizes()
      bytes += s.responseBodySize + s.responseHeadersSize
    })
    // Cold cache: the document and everything it loads, as Chromium received them (headers included).
    await page.goto(t.url('/kinerja'))
    await page.waitForLoadState('networkidle')
    const october = page.locator('#per-bulan tr', { hasText: 'Oktober 2026' })
    expect(await october.locator('td').allTextContents()).toEqual(['Oktober 2026', '13', '13', '84,6%', '4 jam', 'A (100)'])
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    console.log(`/kinerja transfer: ${bytes} B`)
    expect(bytes).toBeGreaterThan(0)
    expect(bytes).toBeLessThanOrEqual(20 * 1024)

    // Every public page links to it.
    await page.goto(t.url('/lapor'))
    await Promise.all([page.waitForURL(/\/kinerja$/), page.getByRole('link', { name: 'Kinerja' }).click()])
    await page.goto(t.url(`/kinerja/${kelurahanB}`))
    expect(await page.locator('#per-bulan tr', { hasText: 'Oktober 2026' }).locator('td').allTextContents()).toEqual(['Oktober 2026', '< 5', '< 5', '–', '–', '–'])
    expect(problems).toEqual([])
  })
})
