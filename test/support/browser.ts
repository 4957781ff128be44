// A real Chromium (Debian's, never a downloaded one) driving the real app over HTTP on 127.0.0.1.
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { Config } from '../../worker/config'
import { hotp, base32Decode, totpStep } from '../../worker/security/totp'
import type { Clock } from '../../worker/clock'
import { createTestApp, testPassword, type TestApp } from './app'

export const chromiumPath = process.env.SIGAP_CHROMIUM ?? '/usr/bin/chromium'

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches Chromium. A missing browser fails the tests, whatever SIGAP_REQUIRE_BROWSER says:
 * a skipped browser test looks like a passing one, and the intake form's promise (keyboard only,
 * JS on and off) is only proven here.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(chromiumPath)) {
    const required = process.env.SIGAP_REQUIRE_BROWSER === '1' ? ' (SIGAP_REQUIRE_BROWSER=1)' : ''
    throw new Error(
      `Chromium not found at ${chromiumPath}${required}. Browser tests are never skipped: ` +
        `run .ci/run, or install it with "sudo apt-get install -y chromium" (or set SIGAP_CHROMIUM to its path).`,
    )
  }
  // Playwright gives the browser a fresh temporary profile of its own and removes it on close.
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs }).catch((err: Error) => {
    throw new Error(`Chromium at ${chromiumPath} did not start: ${err.message}`)
  })
  return { browser, close: () => browser.close() }
}

export type ContextOptions = { javaScript?: boolean; viewport?: { width: number; height: number } }

/** One Chromium for the test file; each call of `newContext` is a fresh profile (cookies, cache, storage). */
export function useBrowser() {
  let launched: Awaited<ReturnType<typeof launchChromium>> | undefined
  let failure: unknown
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    // Kept and thrown by every test, so that each one is reported failed, none skipped.
    launched = await launchChromium().catch((err) => {
      failure = err
      return undefined
    })
  })
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await launched?.close()
  })
  const browser = (): Browser => {
    if (failure) throw failure
    if (!launched) throw new Error('useBrowser(): Chromium is not running (call it at the top of a test file)')
    return launched.browser
  }
  return {
    get browser() {
      return browser()
    },
    async newContext(opts: ContextOptions = {}): Promise<BrowserContext> {
      const context = await browser().newContext({
        javaScriptEnabled: opts.javaScript ?? true,
        viewport: opts.viewport ?? { width: 1280, height: 800 },
        locale: 'id-ID',
        timezoneId: 'Asia/Pontianak',
      })
      // Fail with the step that hung rather than with vitest's bare test timeout.
      context.setDefaultTimeout(10_000)
      contexts.push(context)
      return context
    },
  }
}

export type ServedApp = TestApp & { origin: string; url: (path: string) => string; close: () => Promise<void> }

/**
 * Serves the real app on a fresh database over HTTP on 127.0.0.1 (port 0). The app is built after
 * the port is known, because its configured origin must be the served one (CSRF, cookie name).
 */
export async function serveTestApp(opts: { now?: string; region?: string; config?: Partial<Config>; hold?: (req: Request) => Promise<void> | undefined } = {}): Promise<ServedApp> {
  let app: TestApp['app'] | undefined
  const server: ServerType = await new Promise((resolve) => {
    // `hold`: a request the test keeps unanswered until it says so (a signal that neither answers nor fails).
    const answer = async (req: Request, env: unknown) => {
      await opts.hold?.(req)
      return app ? app.fetch(req, env) : new Response('starting', { status: 503 })
    }
    const s = serve({ fetch: answer, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const t = await createTestApp({ ...opts, config: { ...opts.config, origin } })
  app = t.app
  clocks.set(origin, t.clock)
  served.push(server)
  return {
    ...t,
    origin,
    url: (path) => origin + path,
    close: () => closeServer(server),
  }
}

const served: ServerType[] = []
const closeServer = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()))
afterAll(async () => {
  for (const server of served.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections()
    await closeServer(server)
  }
})

/** Signs in through the real /login form and waits for the page it leads to. */
export async function signIn(page: Page, origin: string, username: string, password = testPassword, next = '/') {
  await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Nama pengguna').fill(username)
  await page.getByLabel('Kata sandi').fill(password)
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/login'),
    page.getByRole('button', { name: 'Masuk' }).click(),
  ])
  if (response.status() !== 303) throw new Error(`sign-in as ${username} answered ${response.status()} ${JSON.stringify(await response.request().allHeaders())}: ${await response.text().catch(() => '')}`)
  await page.waitForURL((url) => url.pathname !== '/login')
  if (new URL(page.url()).pathname === '/2fa') await passSecondFactor(page, origin, username)
}

const clocks = new Map<string, Clock>()
const totpSecrets = new Map<string, { secret: string; lastStep: number }>()

/**
 * Gives the second factor as a phone would: enrols with the key the page shows (first time) and
 * types the code for the served app's clock. A stopped test clock would repeat a code, which the
 * app refuses, so each sign-in takes the next step within the one step of drift the app allows.
 */
export async function passSecondFactor(page: Page, origin: string, username: string) {
  const key = `${origin} ${username}`
  const shown = page.locator('[data-totp-secret]')
  if ((await shown.count()) > 0) totpSecrets.set(key, { secret: (await shown.innerText()).replace(/\s/g, ''), lastStep: -1 })
  const known = totpSecrets.get(key)
  const clock = clocks.get(origin)
  if (!known || !clock) throw new Error(`no TOTP secret for ${username} at ${origin}: sign in through serveTestApp's app first`)
  const now = totpStep(clock.now())
  const step = Math.max(now - 1, known.lastStep + 1)
  if (step > now + 1) throw new Error(`${username} signed in too often for one TOTP step: advance the test clock by 30 s`)
  known.lastStep = step
  await page.getByLabel('Kode verifikasi').fill(hotp(base32Decode(known.secret)!, step))
  await page.getByRole('button', { name: 'Verifikasi', exact: true }).click()
  await page.waitForURL((url) => url.pathname !== '/2fa' || url.search === '')
  if (await page.locator('[data-recovery-codes]').count()) await page.getByRole('link', { name: 'Sudah saya simpan, lanjutkan' }).click()
  await page.waitForURL((url) => url.pathname !== '/2fa')
}

/**
 * Collects console errors, uncaught exceptions and CSP violations of a page. With JavaScript off
 * the console still reports what the browser refused (a CSP violation is logged by Chromium itself).
 */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console.${msg.type()}: ${msg.text()} (${msg.location().url})`)
  })
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  // Runs before the page's scripts and outside its CSP (injected by the driver, not the page).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`))
  })
  return problems
}
