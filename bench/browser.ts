// Page weight, partial sizes and time to a usable intake form, measured in Debian's Chromium over
// the DevTools protocol: bytes are Chromium's own count of what came over the wire (headers and
// compressed body), per request, with a cold cache.
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import { demoPassword, kb, ms, type Row } from './support'

const chromiumPath = process.env.SIGAP_CHROMIUM ?? '/usr/bin/chromium'
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

// Issue 25: on both emulated links every busy page is usable within 1.2 × the time a one-field page
// from a bare server takes over the same link in the same run.
export const budgets = { offlineCode: 8 * 1024, pageTotal: 30 * 1024, pageHtml: 14 * 1024, partial: 5 * 1024, partialReduction: 0.8, usableRatio: 1.2 }

/** An emulated link for Network.emulateNetworkConditions (bytes per second), with Chromium's CPU slowdown. */
export type Link = { name: string; latency: number; downKbps: number; upKbps: number; cpu: number }
export const links: Link[] = [
  // Issue 10's slow link.
  { name: '3G lambat', latency: 300, downKbps: 700, upKbps: 700, cpu: 4 },
  // A facilitator on the edge of the signal (issue 25).
  { name: '2G', latency: 800, downKbps: 280, upKbps: 256, cpu: 4 },
]
const linkLabel = (l: Link) => `${l.name}: ${l.latency} ms RTT, ${l.downKbps}${l.upKbps === l.downKbps ? '' : `/${l.upKbps}`} kbps, ${l.cpu}× CPU`

export async function launch(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set SIGAP_CHROMIUM)`)
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs })
}

export type Transfer = { url: string; method: string; type: string; status: number; bytes: number; headerBytes: number; encoding: string }

type CdpEvents = {
  'Network.requestWillBeSent': { requestId: string; type?: string; request: { url: string; method: string } }
  'Network.responseReceivedExtraInfo': { requestId: string; headersText?: string }
  'Network.responseReceived': { requestId: string; response: { status: number; headers: Record<string, string> } }
  'Network.loadingFinished': { requestId: string; encodedDataLength: number }
}
type On = <E extends keyof CdpEvents>(event: E, handler: (e: CdpEvents[E]) => void) => void

/**
 * Joins Chromium's network events into one transfer per request. The `…ExtraInfo` events come from
 * the network service, the others from the renderer: Chromium orders neither pair, so the raw
 * headers of a quick answer may arrive before the request itself (the CI flake "timed out waiting
 * for partial duplicate check"). Every event therefore fills the same entry, whichever comes first.
 */
export function trackTransfers(on: On): Transfer[] {
  const entries = new Map<string, Transfer>()
  const entry = (id: string) => entries.get(id) ?? entries.set(id, { url: '', method: '', type: '', status: 0, bytes: 0, headerBytes: 0, encoding: '' }).get(id)!
  const transfers: Transfer[] = []
  on('Network.requestWillBeSent', (e) => Object.assign(entry(e.requestId), { url: e.request.url, method: e.request.method, type: e.type ?? '' }))
  // The raw status line and headers as received (HTTP/1.1), to tell headers from body.
  on('Network.responseReceivedExtraInfo', (e) => {
    if (e.headersText) entry(e.requestId).headerBytes = Buffer.byteLength(e.headersText)
  })
  on('Network.responseReceived', (e) => Object.assign(entry(e.requestId), { status: e.response.status, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '' }))
  // Transfers share the entry rather than copy it, so headers that come after the body still count.
  on('Network.loadingFinished', (e) => transfers.push(Object.assign(entry(e.requestId), { bytes: e.encodedDataLength })))
  return transfers
}

/** Records every finished request of a page with the bytes Chromium received for it. */
async function recordTransfers(page: Page): Promise<{ cdp: CDPSession; transfers: Transfer[] }> {
  const cdp = await page.context().newCDPSession(page)
  const transfers = trackTransfers((event, handler) => cdp.on(event, handler as never))
  await cdp.send('Network.enable')
  await cdp.send('Network.clearBrowserCache')
  return { cdp, transfers }
}

/**
 * A fresh profile, signed in as `username` through the real form on a page of its own. Service
 * workers are blocked: a facilitator's page served through one shows 0 bytes to the page's own
 * network events. The worker and the offline script have a row of their own (measureOfflineCode).
 */
async function contextWith(browser: Browser, origin: string, username: string | null, serviceWorkers: 'allow' | 'block' = 'block'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Pontianak', viewport: { width: 1280, height: 800 }, serviceWorkers })
  if (username) {
    const page = await context.newPage()
    await page.goto(`${origin}/login?next=/`)
    await page.getByLabel('Nama pengguna').fill(username)
    await page.getByLabel('Kata sandi').fill(demoPassword)
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Masuk' }).click()])
    await page.close()
  }
  return context
}

async function waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export type PageSpec = { name: string; path: string | null; user: string | null; note?: string; partials?: PartialSpec[] }
export type PartialSpec = { name: string; matches: (t: Transfer) => boolean; act: (page: Page) => Promise<void> }

/** Loads each page cold, sums its transfers, then triggers its htmx partials through the real UI. */
export async function measurePages(browser: Browser, origin: string, pages: PageSpec[]): Promise<Row[]> {
  const rows: Row[] = []
  for (const spec of pages) {
    if (!spec.path) {
      rows.push({ area: 'page weight', figure: `${spec.name}`, value: 'not built yet', reference: '≤ 30 KB total, HTML ≤ 14 KB', ok: null })
      continue
    }
    const context = await contextWith(browser, origin, spec.user)
    const page = await context.newPage()
    const { transfers } = await recordTransfers(page)
    const response = await page.goto(origin + spec.path, { waitUntil: 'load' })
    if (!response?.ok()) throw new Error(`${spec.path} answered ${response?.status()}`)
    await page.waitForLoadState('networkidle')
    const doc = transfers.find((t) => t.type === 'Document' && t.url === origin + spec.path)
    if (!doc) throw new Error(`no document transfer for ${spec.path}: ${JSON.stringify(transfers)}`)
    const total = transfers.reduce((sum, t) => sum + t.bytes, 0)
    const label = `${spec.name} (${spec.path})${spec.note ? ` ${spec.note}` : ''}`
    const raw = { path: spec.path, totalBytes: total, htmlBytes: doc.bytes, htmlEncoding: doc.encoding, requests: transfers.map((t) => ({ url: t.url.replace(origin, ''), bytes: t.bytes, encoding: t.encoding })) }
    rows.push({ area: 'page weight', figure: `${label}: total`, value: kb(total), reference: `≤ ${kb(budgets.pageTotal)} (${transfers.length} requests)`, ok: total <= budgets.pageTotal, raw })
    rows.push({ area: 'page weight', figure: `${label}: HTML`, value: kb(doc.bytes), reference: `≤ ${kb(budgets.pageHtml)} (${doc.encoding || 'identity'})`, ok: doc.bytes <= budgets.pageHtml })
    for (const partial of spec.partials ?? []) {
      const before = transfers.length
      await partial.act(page)
      const t = await waitFor(`partial ${partial.name}`, () => transfers.slice(before).find((t) => partial.matches(t) && t.headerBytes > 0))
      // Both responses carry the same ~0.85 KB of security headers; the reduction compares what
      // differs, the compressed bodies, and the wire figure is shown beside it.
      const body = t.bytes - t.headerBytes
      const docBody = doc.bytes - doc.headerBytes
      const reduction = 1 - body / docBody
      const wireReduction = 1 - t.bytes / doc.bytes
      const ok = t.status === 200 && t.headerBytes > 0 && doc.headerBytes > 0 && t.bytes <= budgets.partial && reduction >= budgets.partialReduction
      rows.push({
        area: 'htmx partial',
        figure: `${partial.name} (${t.method} ${new URL(t.url).pathname})`,
        value: `${kb(t.bytes)}; body ${kb(body)}, ${(reduction * 100).toFixed(0)} % smaller`,
        reference: `≤ ${kb(budgets.partial)}; body ≥ 80 % smaller than the page's (${kb(docBody)}); with headers ${(wireReduction * 100).toFixed(0)} % smaller than ${kb(doc.bytes)}`,
        ok,
        raw: { bytes: t.bytes, headerBytes: t.headerBytes, pageHtmlBytes: doc.bytes, pageHtmlHeaderBytes: doc.headerBytes, reduction, wireReduction, status: t.status },
      })
    }
    await context.close()
  }
  return rows
}

/**
 * A page and what on it must answer the keyboard: a field that takes a typed character or, on a page
 * without a form (Kasus saya), the first link that takes the focus.
 */
export type UsableSpec = { name: string; origin: string; path: string; from: string; user: string | null; target: string; act: 'type' | 'focus' }

/**
 * Time from navigation until the page's target answers the keyboard on an emulated link: a cold
 * first load, then a repeat visit with the warm cache. Raw DevTools calls rather than Playwright's
 * locators, whose injected script costs a few hundred milliseconds of the throttled CPU on every new
 * document: every 10 ms the page is asked, on its main thread, to focus the first shown element
 * matching the target (plain CSS); then one key goes through the renderer's input pipeline. A page
 * busy parsing or running script answers both late, as it would a person. Service workers are
 * blocked: requests a worker makes escape the page's emulated link. Also returns the HTML's body
 * bytes on the wire, which the emulated link throttles (headers only wait out the latency).
 *
 * Each visit comes from another page of the same site (`from`), as a person moves through it: the
 * operator back to the intake form, the facilitator from Kasus saya to a case. From about:blank
 * the two sides were not alike: the floor's page took over the blank page's renderer, while a
 * Sigap page, sent with the `Cross-Origin-Opener-Policy: same-origin` the security checklist
 * requires, needs a browsing context group of its own, and Chromium starts its renderer only once
 * the response has said so (README, Performance).
 */
type Usable = { first: number; repeat: number; htmlBody: number }
async function timeToUsable(browser: Browser, spec: UsableSpec, link: Link): Promise<Usable> {
  const context = await contextWith(browser, spec.origin, spec.user)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const transfers = trackTransfers((event, handler) => cdp.on(event, handler as never))
  await cdp.send('Network.enable')
  await cdp.send('Network.clearBrowserCache')
  await cdp.send('Page.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: link.latency, downloadThroughput: (link.downKbps * 1000) / 8, uploadThroughput: (link.upKbps * 1000) / 8 })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: link.cpu })
  const url = spec.origin + spec.path
  const evaluate = async <T>(expression: string): Promise<T> => ((await cdp.send('Runtime.evaluate', { expression, returnByValue: true })).result.value as T)
  const focusTarget = `(() => { if (location.href !== ${JSON.stringify(url)}) return false; const el = [...document.querySelectorAll(${JSON.stringify(spec.target)})].find((e) => e.checkVisibility()); if (!el) return false; el.focus(); return document.activeElement === el })()`
  const leave = async () => {
    const left = new Promise<void>((resolve) => cdp.once('Page.loadEventFired', () => resolve()))
    await cdp.send('Page.navigate', { url: spec.origin + spec.from })
    await left
  }
  const visit = async () => {
    await leave()
    const loaded = new Promise<void>((resolve) => cdp.once('Page.loadEventFired', () => resolve()))
    const started = performance.now()
    await cdp.send('Page.navigate', { url })
    const until = Date.now() + 60_000
    while (!(await evaluate<boolean>(focusTarget))) {
      if (Date.now() > until) throw new Error(`${spec.path}: ${spec.target} never took the focus (at ${await evaluate<string>('location.href')})`)
      await new Promise((r) => setTimeout(r, 10))
    }
    for (const type of ['keyDown', 'keyUp'] as const) await cdp.send('Input.dispatchKeyEvent', { type, key: 'a', code: 'KeyA', windowsVirtualKeyCode: 65, ...(type === 'keyDown' ? { text: 'a' } : {}) })
    const elapsed = performance.now() - started
    const check = spec.act === 'type' ? `document.activeElement.value.endsWith('a')` : `document.activeElement.matches(${JSON.stringify(spec.target)})`
    if (!(await evaluate<boolean>(check))) throw new Error(`${spec.path}: ${spec.target} did not take the key`)
    // The deferred scripts finish arriving, so the repeat visit finds them cached.
    await loaded
    await page.waitForLoadState('networkidle')
    return elapsed
  }
  const first = await visit()
  const repeat = await visit()
  await context.close()
  const doc = transfers.find((t) => t.type === 'Document' && t.url === url && t.headerBytes > 0)
  if (!doc) throw new Error(`no document transfer for ${spec.path}`)
  return { first, repeat, htmlBody: doc.bytes - doc.headerBytes }
}

/**
 * Each page's time to usable on each link, judged against a floor measured in the same run: a bare
 * page with one field, from a bare server, over the same link and CPU. The ratio is what the app
 * adds; a busy machine slows both sides, so the ratio is the figure with a budget.
 */
export async function measureUsable(browser: Browser, pages: UsableSpec[], floor: UsableSpec, rounds = 5): Promise<Row[]> {
  const rows: Row[] = []
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  for (const link of links) {
    // Interleaved rounds, medians: a burst of other work lands on every side alike.
    const runs = new Map<UsableSpec, Usable[]>([floor, ...pages].map((p) => [p, []]))
    for (let i = 0; i < rounds; i++) for (const spec of [floor, ...pages]) runs.get(spec)!.push(await timeToUsable(browser, spec, link))
    const pick = (spec: UsableSpec, visit: 'first' | 'repeat') => median(runs.get(spec)!.map((r) => r[visit]))
    for (const visit of ['first', 'repeat'] as const) {
      const floorMs = pick(floor, visit)
      const floorBody = runs.get(floor)![0]!.htmlBody
      rows.push({ area: 'usable', figure: `floor: one-field page, ${visit} visit (${linkLabel(link)}; median of ${rounds})`, value: ms(floorMs), reference: `bare server, same link; HTML body ${floorBody} B`, ok: null, raw: { link: link.name, visit, ms: floorMs, htmlBody: floorBody } })
      for (const spec of pages) {
        const value = pick(spec, visit)
        const ratio = value / floorMs
        // What the page's larger HTML alone costs at the link's speed, beside the budget's margin.
        const htmlBody = runs.get(spec)![0]!.htmlBody
        const bytesMs = ((htmlBody - floorBody) * 8) / link.downKbps
        rows.push({
          area: 'usable',
          figure: `${spec.name}, ${visit} visit (${link.name})`,
          value: `${ms(value)} = ${ratio.toFixed(2)} × floor`,
          reference: `≤ ${budgets.usableRatio} × ${ms(floorMs)}; HTML body ${kb(htmlBody)}: +${ms(bytesMs)} = ${(bytesMs / floorMs).toFixed(2)} × floor on the wire`,
          ok: ratio <= budgets.usableRatio,
          raw: { link: link.name, visit, page: spec.path, ms: value, floorMs, ratio, htmlBody, bytesMs, runs: runs.get(spec)!.map((r) => r[visit]) },
        })
      }
    }
  }
  return rows
}

/**
 * What the offline app (issue 22) adds to a facilitator's first visit: the service worker script and
 * the offline script, gzip-compressed as the server sends them; the intake page links neither.
 */
export async function measureOfflineCode(origin: string, offlineScript: string, intakeHtml: string): Promise<Row[]> {
  const bytes = async (path: string) => gzipSync(Buffer.from(await (await fetch(origin + path)).arrayBuffer())).length
  const total = (await bytes('/sw.js')) + (await bytes(offlineScript))
  const onIntake = intakeHtml.includes('/sw.js') || intakeHtml.includes(offlineScript) || intakeHtml.includes('manifest')
  return [
    { area: 'offline app', figure: 'service worker + offline script, first visit (gzip)', value: kb(total), reference: `≤ ${kb(budgets.offlineCode)} (issue 22)`, ok: total <= budgets.offlineCode },
    { area: 'offline app', figure: 'added to the intake page', value: onIntake ? 'linked' : 'nothing', reference: 'nothing (issue 22)', ok: !onIntake },
  ]
}
