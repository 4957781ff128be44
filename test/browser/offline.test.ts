// A facilitator without signal (issue 22): Chromium on a 360×740 phone, the network cut with
// context.setOffline(true) and restored, the real app on 127.0.0.1 answering when it returns.
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { kelurahanA } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems, type ServedApp } from '../support/browser'
import { cameraJpeg } from '../support/camera-photo'
import { caseRow, eventsOf, fileCase, forceStatus } from '../support/handling'

const chromium = useBrowser()
const phone = { width: 360, height: 740 }

async function facilitatorWithCase(hold?: (req: Request) => Promise<void> | undefined) {
  const t = await serveTestApp({ hold })
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const colleague = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const supervisor = await t.addUser('supervisor')
  const filed = await fileCase(t, await t.cookieFor(supervisor))
  const kase = await forceStatus(t, filed.id, 'ditangani', fac.id)
  return { t, fac, colleague, supervisor, kase }
}

/** Signs in on a fresh phone and waits until the service worker keeps Kasus saya and the case page. */
async function phoneWithCopies(t: ServedApp, username: string, caseId: number): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.newContext({ viewport: phone })
  const page = await context.newPage()
  const problems = await watchProblems(page)
  await signIn(page, t.origin, username)
  expect(new URL(page.url()).pathname).toBe('/my-cases')
  await page.evaluate(() => navigator.serviceWorker.ready)
  await expect.poll(() => kept(page), { timeout: 10_000 }).toEqual(['/cases/' + caseId, '/my-cases'])
  return { context, page, problems }
}

/** The paths the phone keeps for reading offline. */
function kept(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await caches.has('sigap-pages'))) return []
    const keys = await (await caches.open('sigap-pages')).keys()
    return keys.map((r) => new URL(r.url).pathname).sort()
  })
}

/** How many actions wait in the phone's queue. */
function queueLength(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('sigap', 1)
        open.onupgradeneeded = () => {
          open.result.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true })
          open.result.createObjectStore('meta')
        }
        open.onsuccess = () => {
          const req = open.result.transaction('queue').objectStore('queue').count()
          req.onsuccess = () => {
            open.result.close()
            resolve(req.result)
          }
        }
        open.onerror = () => reject(open.error)
      }),
  )
}

async function recordVisitOffline(page: Page, t: ServedApp, caseId: number, note: string) {
  await page.getByText('Catat kunjungan', { exact: true }).first().click()
  const visit = page.locator('form[action$="/visit"]')
  await visit.getByLabel(/Catatan kunjungan/).fill(note)
  await visit.locator('input[type=file]').setInputFiles({ name: 'IMG_20261124_101500.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(cameraJpeg(2000, 1500)) })
  // Shrunk on the phone before it is queued.
  await expect.poll(() => visit.locator('input[type=file]').evaluate((el: HTMLInputElement) => !el.dataset.shrinking && el.files![0]!.size <= 200 * 1024)).toBe(true)
  await Promise.all([page.waitForURL(`${t.origin}/cases/${caseId}`), visit.getByRole('button', { name: 'Catat kunjungan' }).click()])
  // The page's scripts start after it takes input (issue 25): wait for the worker's answer, not a second.
  await page.locator('[data-sync]', { hasText: 'Menunggu sinyal (1)' }).waitFor()
}

describe('a facilitator without signal', () => {
  it('reads Kasus saya and the case offline, records a visit with a photo, and it reaches the server once when the signal returns', async () => {
    const { t, fac, kase } = await facilitatorWithCase()
    const { context, page, problems } = await phoneWithCopies(t, fac.username, kase.id)

    await context.setOffline(true)
    // Kasus saya from the phone, on a CPU slowed four times (a cheap Android phone).
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    await page.goto(`${t.origin}/my-cases`)
    const opened = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd)
    console.log(`Kasus saya offline, CPU 4× slower: load event at ${Math.round(opened)} ms`)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    await expect.poll(() => page.locator('[data-offline-note]').isVisible()).toBe(true)
    expect(await page.locator('[data-offline-note]').textContent()).toMatch(/diperbarui \d\d\.\d\d/)

    await Promise.all([page.waitForURL(`**/cases/${kase.id}`), page.getByRole('link', { name: kase.ticket }).click()])
    expect(await page.locator('h1').textContent()).toContain(kase.ticket)
    expect(await page.locator('[data-offline-note]').isVisible()).toBe(true)
    await recordVisitOffline(page, t, kase.id, 'Kunjungan di gang tanpa sinyal.')
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(0)

    await context.setOffline(false)
    await expect.poll(() => page.locator('[data-sync]').textContent(), { timeout: 10_000 }).toContain('Terkirim (1)')
    const visits = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')
    expect(visits.map((e) => e.note)).toEqual(['Kunjungan di gang tanpa sinyal.'])
    const photos = await t.db.$client.execute({ sql: 'SELECT event_id, size FROM case_photos WHERE case_id = ?', args: [kase.id] })
    expect(photos.rows.map((r) => Number(r.event_id))).toEqual([visits[0]!.id])
    expect(Number(photos.rows[0]!.size)).toBeLessThanOrEqual(200 * 1024)
    expect(await queueLength(page)).toBe(0)
    // Another page load sends nothing again.
    await page.reload()
    await page.evaluate(() => navigator.serviceWorker.ready)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(1)
    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p))).toEqual([])
  })

  it('shows the kept copy when the signal neither answers nor fails, and the page itself once it answers', async () => {
    let release: (() => void) | undefined
    let stuck = false
    const { t, fac, kase } = await facilitatorWithCase((req) => {
      if (!stuck || new URL(req.url).pathname !== `/cases/${kase.id}`) return undefined
      return new Promise<void>((resolve) => (release = resolve))
    })
    const { page } = await phoneWithCopies(t, fac.username, kase.id)
    stuck = true
    await page.goto(`${t.origin}/cases/${kase.id}`, { timeout: 20_000 })
    expect(await page.locator('[data-offline-note]').isVisible()).toBe(true)
    expect(await page.locator('h1').textContent()).toContain(kase.ticket)
    expect(release).toBeDefined()
    stuck = false
    release!()
    await page.goto(`${t.origin}/cases/${kase.id}`)
    expect(await page.locator('[data-offline-note]').isVisible()).toBe(false)
  })

  it('shows a visit made offline on a case reassigned meanwhile as refused, with the note, and saves nothing', async () => {
    const { t, fac, colleague, supervisor, kase } = await facilitatorWithCase()
    const { context, page } = await phoneWithCopies(t, fac.username, kase.id)
    await context.setOffline(true)
    await page.goto(`${t.origin}/cases/${kase.id}`)
    await recordVisitOffline(page, t, kase.id, 'Catatan yang tidak boleh hilang.')

    // Meanwhile the supervisor gives the case to a colleague.
    const assign = await t.request(`/cases/${kase.id}/assign`, { cookie: await t.cookieFor(supervisor), form: { version: String(kase.version), assignee: String(colleague.id), note: 'Dialihkan.' } })
    expect(assign.status).toBe(303)

    await context.setOffline(false)
    const strip = page.locator('[data-sync]')
    await expect.poll(() => strip.textContent(), { timeout: 10_000 }).toContain(`Ditolak: tindakan pada Kasus ${kase.ticket}`)
    expect(await strip.textContent()).toContain('Catatan Anda: “Catatan yang tidak boleh hilang.”')
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(0)
    expect((await caseRow(t, kase.id)).assignedTo).toBe(colleague.id)

    // The server's answer: the case as it is now, and why nothing was saved.
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?tertolak=*`), strip.getByRole('link', { name: 'Lihat dan ulangi' }).click()])
    expect(await page.locator('#case-handling').textContent()).toContain('sudah diubah orang lain')
    // The case left the facilitator's hands: the phone no longer keeps it.
    await expect.poll(() => kept(page)).toEqual(['/my-cases'])
  })

  it('keeps a queued visit past an expired session, drops the copies at the sign-in page, and sends the visit once signed in again', async () => {
    const { t, fac, kase } = await facilitatorWithCase()
    const { context, page } = await phoneWithCopies(t, fac.username, kase.id)
    await context.setOffline(true)
    await page.goto(`${t.origin}/cases/${kase.id}`)
    await recordVisitOffline(page, t, kase.id, 'Dua jam tanpa sinyal.')
    t.clock.advance({ hours: 2 })

    await context.setOffline(false)
    const strip = page.locator('[data-sync]')
    await expect.poll(() => strip.textContent(), { timeout: 10_000 }).toContain('Belum terkirim (1): sesi sudah berakhir')
    await page.goto(`${t.origin}/my-cases`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await expect.poll(() => kept(page)).toEqual([])
    expect(await queueLength(page)).toBe(1)

    await signIn(page, t.origin, fac.username)
    await expect.poll(() => page.locator('[data-sync]').textContent(), { timeout: 10_000 }).toContain('Terkirim (1)')
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit').map((e) => e.note)).toEqual(['Dua jam tanpa sinyal.'])
    expect(await queueLength(page)).toBe(0)
  })

  it('never shows one user’s copies or sends their queue as another user signed in on the same phone', async () => {
    const { t, fac, colleague, kase } = await facilitatorWithCase()
    const { context, page } = await phoneWithCopies(t, fac.username, kase.id)
    await context.setOffline(true)
    await page.goto(`${t.origin}/cases/${kase.id}`)
    await recordVisitOffline(page, t, kase.id, 'Milik fasilitator pertama.')

    // Another session on this browser without passing the sign-in page (a cookie set by other means).
    const [name, value] = (await t.cookieFor(colleague)).split('=') as [string, string]
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }])
    await context.setOffline(false)
    await page.goto(`${t.origin}/cases`)
    await expect.poll(() => kept(page)).toEqual([])
    expect(await queueLength(page)).toBe(0)
    await context.setOffline(true)
    await page.goto(`${t.origin}/cases/${kase.id}`)
    expect(await page.locator('body').textContent()).toContain('Tanpa sinyal, dan halaman ini tidak tersimpan di ponsel.')
    await context.setOffline(false)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(0)
  })

  it('empties the copies and the queue at sign-out, even without signal', async () => {
    const { t, fac, kase } = await facilitatorWithCase()
    const { context, page } = await phoneWithCopies(t, fac.username, kase.id)
    await context.setOffline(true)
    await page.goto(`${t.origin}/cases/${kase.id}`)
    await recordVisitOffline(page, t, kase.id, 'Tidak jadi dikirim.')
    expect(await queueLength(page)).toBe(1)

    // Asked first, since the queue goes too.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message())
        void dialog.accept()
      }),
    )
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Keluar' }).click()])
    expect(await asked).toBe('1 tindakan belum terkirim dan akan terhapus bila Anda keluar. Tetap keluar?')
    expect(await kept(page)).toEqual([])
    expect(await page.evaluate(() => caches.keys())).toEqual([])
    expect(await queueLength(page)).toBe(0)

    await context.setOffline(false)
    await page.goto(`${t.origin}/login`)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(0)
  })
})
