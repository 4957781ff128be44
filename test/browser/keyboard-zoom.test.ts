// Keyboard-only use and 200 % zoom, in Chromium (issue 19, WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7, 1.4.10).
// The Tab key walks a whole page round: every control a person can use is reached, in the order of
// the page, each with a focus frame one can see; the skip link comes first and leads into <main>.
// At 1366 px and 200 % zoom the layout viewport is 683 CSS px: no page scrolls sideways, and no
// text runs off its edge (a wide table may scroll inside its own box, WCAG 1.4.10's exception).
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cases } from '../../worker/db/schema'
import { serveTestApp, useBrowser, type ServedApp } from '../support/browser'
import { createWorld, type Actor } from '../security/world'

const chromium = useBrowser()

type World = Awaited<ReturnType<typeof createWorld<ServedApp>>>

async function contextFor(t: ServedApp, w: World, actor: Actor, opts: { javaScript: boolean; viewport?: { width: number; height: number }; zoom?: number }): Promise<BrowserContext> {
  const context = await chromium.browser.newContext({
    viewport: opts.viewport ?? { width: 1366, height: 768 },
    deviceScaleFactor: opts.zoom ?? 1,
    locale: 'id-ID',
    timezoneId: 'Asia/Pontianak',
  })
  context.setDefaultTimeout(10_000)
  const cookie = w.cookies[actor]
  if (cookie) {
    const [name, value] = cookie.split(/=(.*)/) as [string, string]
    await context.addCookies([{ name, value, domain: new URL(t.origin).hostname, path: '/', secure: name.startsWith('__Host-'), httpOnly: true, sameSite: 'Lax' }])
  }
  // JS off as in pages.test.ts: the page's own scripts are blocked, the driver's evaluate still runs.
  if (!opts.javaScript) await context.route((url) => url.pathname.startsWith('/static/') && url.pathname.endsWith('.js'), (route) => route.abort())
  return context
}

/** Where focus is: the element's place in the page and what a person sees of it. */
type Stop = { order: number; what: string; frame: boolean; onScreen: boolean; closedSummary: boolean }

const focusNow = (page: Page) =>
  page.evaluate((): Stop | null => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body || el === document.documentElement) return null
    const style = getComputedStyle(el)
    const box = el.getBoundingClientRect()
    const label = el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement ? (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.name) : el.textContent
    return {
      order: Number(el.dataset.order),
      what: `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''} "${(label ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`,
      // The app's :focus-visible frame: a 3 px outline (a browser default of 1 px is too faint).
      frame: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
      closedSummary: el.tagName === 'SUMMARY' && !(el.parentElement as HTMLDetailsElement).open,
    }
  })

/**
 * Numbers every element in page order, then presses Tab until focus has gone once round the page
 * (from wherever it starts, past the end, back to the start). A closed <details> is opened with
 * Enter when its summary is reached, as a keyboard user opens a case action. Returns the stops in
 * page order from the first one, and the controls a person could use that Tab never reached.
 */
async function walkRound(page: Page) {
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('*').forEach((el, i) => (el.dataset.order = String(i))))
  const stops: Stop[] = []
  for (let presses = 0; presses < 400; presses++) {
    await page.keyboard.press('Tab')
    const stop = await focusNow(page)
    if (!stop) continue
    if (stops.length > 0 && stop.order === stops[0]!.order) break
    stops.push(stop)
    if (stop.closedSummary) await page.keyboard.press('Enter')
  }
  const first = stops.findIndex((s) => s.order === Math.min(...stops.map((x) => x.order)))
  const inOrder = [...stops.slice(first), ...stops.slice(0, first)]
  const reached = new Set(stops.map((s) => s.order))
  // Every control a person can use, now that the actions are open. A radio group is one Tab stop.
  const missed = await page.evaluate((reachedOrders: number[]) => {
    const seen = new Set(reachedOrders)
    const reachedGroups = new Set<string>()
    for (const r of document.querySelectorAll<HTMLInputElement>('input[type=radio]')) if (seen.has(Number(r.dataset.order))) reachedGroups.add(r.name)
    // A control taken out of the Tab order (tabindex -1) counts as missed; other elements only when made focusable.
    const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary'
    const usable = document.querySelectorAll<HTMLElement>(`${controls}, [tabindex]`)
    return [...usable]
      .filter((el) => (el.matches(controls) || el.tabIndex >= 0) && !(el as HTMLButtonElement).disabled && el.checkVisibility({ visibilityProperty: true }) && !el.closest('[inert], [aria-hidden=true]'))
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && reachedGroups.has(el.name)))
      .filter((el) => !seen.has(Number(el.dataset.order)))
      .map((el) => `${el.tagName.toLowerCase()} ${el.getAttribute('name') ?? el.textContent?.trim().slice(0, 40)}`)
  }, [...reached])
  return { stops: inOrder, missed }
}

/** What a reader at this width cannot see without scrolling the page sideways, and the window it was measured in. */
const overflowProblems = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width) problems.push(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`)
    // Text outside the window that no box of its own lets one scroll to; the skip link and
    // screen-reader text are off screen on purpose.
    const scrollsSideways = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) return true
      return false
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('a.skip, .sr-only, .hp, script, style, [hidden]')) continue
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())
      if (!own) continue
      const box = el.getBoundingClientRect()
      if (box.width === 0) continue
      if ((box.right > width + 1 || box.left < -1) && !scrollsSideways(el)) problems.push(`"${el.textContent!.trim().slice(0, 40)}" runs from ${Math.round(box.left)} to ${Math.round(box.right)} px`)
    }
    return { problems, zoom: devicePixelRatio, innerWidth }
  })

describe('keyboard only and 200 % zoom', () => {
  it('catches, as run here, a control Tab skips, a focus without a frame, a stop out of page order and text off the edge', async () => {
    const context = await chromium.newContext({ viewport: { width: 683, height: 384 } })
    const page = await context.newPage()
    await page.setContent(`<!doctype html><html lang="id"><head><title>Uji</title><style>:focus-visible { outline: 3px solid #f0b400 }</style></head>
      <body><main><a href="#satu">Satu</a> <button tabindex="2">Dua</button> <input aria-label="Tiga" style="outline: none"> <button tabindex="-1">Empat</button>
      <p style="width: 900px">Teks yang terlalu lebar</p></main></body></html>`)
    const { stops, missed } = await walkRound(page)
    expect(stops.map((s) => [s.what, s.frame])).toEqual([['a "Satu"', true], ['input "Tiga"', false], ['button "Dua"', true]])
    // The positive tabindex puts "Dua" first in Tab order: in page order it comes after "Tiga", which the test reports.
    expect(stops.filter((s, i) => i > 0 && s.order < stops[i - 1]!.order).map((s) => s.what)).toEqual(['button "Dua"'])
    expect(missed).toEqual(['button Empat'])
    const { problems } = await overflowProblems(page)
    expect(problems).toEqual(['page is 908 px wide in a 683 px window', '"Teks yang terlalu lebar" runs from 8 to 908 px'])
  })

  it('reaches every control of the intake form, /lapor and the case actions by Tab, in page order, each with a visible frame, after a skip link into <main>', async () => {
    const t = await serveTestApp()
    const w = await createWorld(t)
    const pages: { actor: Actor; path: string; mustReach: string[] }[] = [
      { actor: 'operator', path: '/intake', mustReach: ['"Nama pelapor *"', '"Uraian *"', 'button[submit] "Simpan laporan"'] },
      { actor: 'anonymous', path: '/lapor', mustReach: ['input[checkbox] "Saya sudah membaca', 'button[submit] "Kirim laporan"'] },
      { actor: 'fasilitatorA', path: `/cases/${w.caseA.id}`, mustReach: ['summary "Selesaikan"', 'select "Hasil penanganan', 'button[submit] "Selesaikan"', 'summary "Rujuk ke mitra"'] },
    ]
    const failures: string[] = []
    for (const javaScript of [true, false]) {
      for (const visit of pages) {
        const where = `${visit.path} (JS ${javaScript ? 'on' : 'off'})`
        const context = await contextFor(t, w, visit.actor, { javaScript })
        const page = await context.newPage()
        expect((await page.goto(t.url(visit.path)))!.status(), where).toBe(200)

        const { stops, missed } = await walkRound(page)
        for (const m of missed) failures.push(`${where}: Tab never reaches ${m}`)
        for (const s of stops) if (!s.frame || !s.onScreen) failures.push(`${where}: ${s.what} has ${s.frame ? '' : 'no visible focus frame'}${!s.frame && !s.onScreen ? ' and ' : ''}${s.onScreen ? '' : 'is off screen when focused'}`)
        const orders = stops.map((s) => s.order)
        for (const s of stops.filter((s, i) => i > 0 && s.order < orders[i - 1]!)) failures.push(`${where}: ${s.what} comes out of page order`)

        // The skip link is the page's first Tab stop (the stops run in page order, checked above);
        // Tab on round to it, and Enter takes focus into <main>, where the next Tab stays.
        if (!stops[0]?.what.startsWith('a "Langsung ke isi utama"')) failures.push(`${where}: the first Tab stop is ${stops[0]?.what}, not the skip link`)
        for (let presses = 0; presses < stops.length + 5; presses++) {
          await page.keyboard.press('Tab')
          if ((await focusNow(page))?.order === stops[0]?.order) break
        }
        expect((await focusNow(page))?.what, where).toBe('a "Langsung ke isi utama"')
        await page.keyboard.press('Enter')
        await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { message: where }).toBe('MAIN')
        await page.keyboard.press('Tab')
        if (!(await page.evaluate(() => !!document.activeElement?.closest('main')))) failures.push(`${where}: Tab after the skip link left <main>`)
        for (const name of visit.mustReach) if (!stops.some((s) => s.what.includes(name))) failures.push(`${where}: nothing like ${name} reached (stops: ${stops.map((s) => s.what).join(', ')})`)
        await context.close()
      }
    }
    expect(failures).toEqual([])
  }, 300_000)

  it('takes a report on /lapor from the keyboard alone, one Tab per field, JS on and off', async () => {
    const t = await serveTestApp()
    // [the start of the focused control's description, what to type or press there]
    const steps: [string, string | string[]][] = [
      ['input[text] "Nama Anda', 'Siti Nuraini'],
      ['input[tel] "Nomor HP Anda', '0812 3456 7890'],
      ['select "Hubungan Anda', ['ArrowDown', 'ArrowDown', 'ArrowDown']],
      ['input[text] "Nama orang yang perlu dibantu', 'Kakek di pos ronda'],
      ['select "Jenis masalah', ['ArrowDown']],
      ['select "Kelurahan', ['ArrowDown']],
      ['input[text] "Alamat atau lokasi', 'Gg. Damai No. 7'],
      ['input[text] "Patokan', 'depan masjid'],
      ['textarea "Apa yang terjadi?', 'Sudah tiga hari tidur di pos ronda.'],
    ]
    for (const javaScript of [true, false]) {
      const context = await chromium.newContext({ javaScript })
      const page = await context.newPage()
      await page.goto(t.url('/lapor'))
      for (let presses = 0; presses < 20 && !(await focusNow(page))?.what.startsWith(steps[0]![0]); presses++) await page.keyboard.press('Tab')
      for (const [i, [what, input]] of steps.entries()) {
        if (i > 0) await page.keyboard.press('Tab')
        expect((await focusNow(page))?.what, `JS ${javaScript}: Tab ${i}`).toMatch(new RegExp(`^${what.replace(/[[\]?.*]/g, '\\$&')}`))
        if (typeof input === 'string') await page.keyboard.type(input)
        else for (const key of input) await page.keyboard.press(key)
      }
      // Past the optional photo and the consent text's link to the consent box: Space ticks it, Tab, Enter sends.
      for (let presses = 0; presses < 5 && !(await focusNow(page))?.what.startsWith('input[checkbox]'); presses++) await page.keyboard.press('Tab')
      await page.keyboard.press('Space')
      await page.keyboard.press('Tab')
      expect((await focusNow(page))?.what).toBe('button[submit] "Kirim laporan"')
      await Promise.all([page.waitForURL(/\/lapor\/terkirim\//), page.keyboard.press('Enter')])
      await context.close()
    }
    const filed = await t.db.select().from(cases)
    expect(filed.map((k) => [k.channel, k.reporterName, k.personName, k.description])).toEqual(Array(2).fill(['online', 'Siti Nuraini', 'Kakek di pos ronda', 'Sudah tiga hari tidur di pos ronda.']))
  }, 120_000)

  it('neither scrolls sideways nor cuts text at 1366 px and 200 % zoom (683 CSS px), on the public pages and the pages staff use most', async () => {
    const t = await serveTestApp()
    const w = await createWorld(t)
    const visits: { actor: Actor; path: string }[] = [
      { actor: 'anonymous', path: '/login' },
      { actor: 'anonymous', path: '/lapor' },
      { actor: 'anonymous', path: `/lapor/terkirim/${w.caseA.ticket}` },
      { actor: 'anonymous', path: '/layanan' },
      { actor: 'anonymous', path: `/cek?tiket=${w.referred.ticket}` },
      { actor: 'anonymous', path: `/verifikasi/${w.letterCode}` },
      { actor: 'anonymous', path: w.survey },
      { actor: 'anonymous', path: '/kinerja' },
      { actor: 'anonymous', path: `/kinerja/${w.caseA.kelurahanCode}` },
      { actor: 'operator', path: '/intake' },
      { actor: 'supervisor', path: '/cases' },
      { actor: 'fasilitatorA', path: `/cases/${w.caseA.id}` },
      { actor: 'fasilitatorA', path: '/my-cases' },
      { actor: 'kepala', path: '/dashboard' },
      { actor: 'walikota', path: '/dashboard/recap' },
    ]
    const failures: string[] = []
    const checked: string[] = []
    for (const javaScript of [true, false]) {
      for (const visit of visits) {
        const where = `${visit.path} as ${visit.actor} (JS ${javaScript ? 'on' : 'off'})`
        const context = await contextFor(t, w, visit.actor, { javaScript, viewport: { width: 683, height: 384 }, zoom: 2 })
        const page = await context.newPage()
        const res = await page.goto(t.url(visit.path))
        if (!res || res.status() >= 400) failures.push(`${where}: HTTP ${res?.status()}`)
        const found = await overflowProblems(page)
        expect(found.innerWidth, where).toBe(683)
        expect(found.zoom, where).toBe(2)
        for (const p of found.problems) failures.push(`${where}: ${p}`)
        checked.push(where)
        await context.close()
      }
    }
    console.log(`200 % zoom, pages checked:\n${checked.join('\n')}`)
    expect(failures).toEqual([])
  }, 300_000)
})
