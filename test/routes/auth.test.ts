import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../worker/app'
import { openFileDb } from '../../worker/db/open-file'
import { cases, rateLimits, sessions, users, vehicleCrew, vehicles } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, testPassword, validReport, type TestApp } from '../support/app'
import { fixedClock } from '../support/clock'
import { testConfig } from '../support/config'

type Peer = { peer?: string; cookie?: string }

/** The test app, but the client address comes from a test header so that several addresses can sign in. */
async function authApp() {
  const t = await createTestApp()
  const app = createApp({ db: t.db, clock: t.clock, config: t.config, socketAddress: (c) => c.req.header('X-Test-Peer') ?? '127.0.0.1' })
  const signIn = (username: string, password: string, opts: Peer & { next?: string } = {}) => {
    const headers = new Headers({ Origin: t.config.origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' })
    if (opts.peer) headers.set('X-Test-Peer', opts.peer)
    if (opts.cookie) headers.set('Cookie', opts.cookie)
    const body = new URLSearchParams({ username, password, ...(opts.next !== undefined ? { next: opts.next } : {}) })
    return app.request('/login', { method: 'POST', headers, body: body.toString() })
  }
  return { t, signIn }
}

/** The `name=value` part of the session cookie a response sets. */
function sessionCookie(t: TestApp, res: Response): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${t.cookieName}=`))
  expect(header).toBeDefined()
  return header!.split(';')[0]!
}

/** Whether `cookie` still opens a staff page. */
async function isSignedIn(t: TestApp, cookie: string): Promise<boolean> {
  const res = await t.request('/cases', { cookie })
  if (res.status === 200) return true
  expect(res.status).toBe(303)
  expect(res.headers.get('Location')).toMatch(/^\/login/)
  return false
}

describe('sign-in', () => {
  it('signs in with the right password and sets a __Host- session cookie: HttpOnly, SameSite=Lax, Secure, Path=/', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'siti' })
    const res = await signIn('siti', testPassword)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/')
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-sigap='))!
    expect(setCookie).toMatch(/^__Host-sigap=[A-Za-z0-9_-]{43};/)
    const attributes = setCookie.split(';').slice(1).map((a) => a.trim().toLowerCase())
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']))
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false)
    expect(await isSignedIn(t, sessionCookie(t, res))).toBe(true)
  })

  it('accepts the username in any case', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'budi' })
    expect((await signIn('  BUDI ', testPassword)).status).toBe(303)
  })

  it('answers 401 to a wrong password or an unknown user and sets no cookie', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'budi' })
    for (const res of [await signIn('budi', 'salah-sekali'), await signIn('tidak-ada', testPassword), await signIn('', '')]) {
      expect(res.status).toBe(401)
      expect(await res.text()).toContain('Nama pengguna atau kata sandi salah.')
      expect(res.headers.getSetCookie()).toEqual([])
    }
    expect(await t.db.select().from(sessions)).toEqual([])
  })

  it('goes to a local next page but never to another site', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'budi' })
    const location = async (next: string) => (await signIn('budi', testPassword, { next })).headers.get('Location')
    expect(await location('/cases?status=baru')).toBe('/cases?status=baru')
    // Browsers drop tabs and newlines inside URLs, so "/\t/evil" would become "//evil".
    const evil = ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'evil.example', ' //evil.example']
    for (const next of [...evil, '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/kasus/€']) {
      expect(await location(next), JSON.stringify(next)).toBe('/')
    }
  })

  it('keeps next local on the sign-in page too', async () => {
    const t = await createTestApp()
    const html = await (await t.request('/login?next=//evil.example')).text()
    expect(html).toContain('<input type="hidden" name="next" value="/"/>')
  })

  it('never promotes a cookie planted before sign-in (session fixation)', async () => {
    const { t, signIn } = await authApp()
    const victim = await t.addUser('operator', { username: 'siti' })
    const attacker = await t.addUser('operator', { username: 'mallory' })
    // A made-up token, and a live session of the attacker's own, planted in the victim's browser.
    for (const planted of [`${t.cookieName}=${'A'.repeat(43)}`, await t.cookieFor(attacker)]) {
      const res = await signIn('siti', testPassword, { cookie: planted })
      expect(res.status).toBe(303)
      const fresh = sessionCookie(t, res)
      expect(fresh).not.toBe(planted)
      expect(await isSignedIn(t, planted)).toBe(false)
      expect(await isSignedIn(t, fresh)).toBe(true)
    }
    const victimSessions = await t.db.select().from(sessions).where(eq(sessions.userId, victim.id))
    expect(victimSessions).toHaveLength(2)
  })

  it('sends a signed-in user away from the sign-in page', async () => {
    const t = await createTestApp()
    const cookie = await t.cookieFor(await t.addUser('operator'))
    const res = await t.request('/login', { cookie })
    expect(res.status).toBe(303)
  })
})

describe('sign-out', () => {
  it('ends the session on the server, so the old cookie no longer works', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'siti' })
    const cookie = sessionCookie(t, await signIn('siti', testPassword))
    const res = await t.request('/logout', { method: 'POST', cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/login')
    expect(res.headers.getSetCookie().find((c) => c.startsWith(`${t.cookieName}=`))).toMatch(/Max-Age=0/)
    expect(await t.db.select().from(sessions)).toEqual([])
    // Replaying the stolen or kept cookie does not sign anyone in.
    expect(await isSignedIn(t, cookie)).toBe(false)
  })
})

describe('session lifetime', () => {
  it('ends a session after 30 minutes without a request', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'siti' })
    const cookie = sessionCookie(t, await signIn('siti', testPassword))
    t.clock.advance({ minutes: 29 })
    expect(await isSignedIn(t, cookie)).toBe(true)
    t.clock.advance({ minutes: 29 })
    expect(await isSignedIn(t, cookie)).toBe(true) // each request restarts the idle clock
    t.clock.advance({ minutes: 30, seconds: 1 })
    expect(await isSignedIn(t, cookie)).toBe(false)
  })

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { t, signIn } = await authApp()
    await t.addUser('operator', { username: 'siti' })
    const cookie = sessionCookie(t, await signIn('siti', testPassword))
    for (let i = 0; i < 28; i++) {
      t.clock.advance({ minutes: 25 })
      expect(await isSignedIn(t, cookie)).toBe(true)
    }
    t.clock.advance({ minutes: 19 }) // 11 h 59 m
    expect(await isSignedIn(t, cookie)).toBe(true)
    t.clock.advance({ minutes: 1 })
    expect(await isSignedIn(t, cookie)).toBe(false)
  })

  it("stops a disabled user's session at once", async () => {
    const { t, signIn } = await authApp()
    const user = await t.addUser('operator', { username: 'siti' })
    const cookie = sessionCookie(t, await signIn('siti', testPassword))
    expect(await isSignedIn(t, cookie)).toBe(true)
    await t.db.update(users).set({ active: false }).where(eq(users.id, user.id))
    expect(await isSignedIn(t, cookie)).toBe(false)
    expect((await signIn('siti', testPassword)).status).toBe(401)
  })
})

describe('failed sign-in throttling', () => {
  /** Fails `n` sign-ins (waiting out each slow-down as a patient attacker would); `who(i)` picks account and address. */
  async function fail(a: Awaited<ReturnType<typeof authApp>>, n: number, who: (i: number) => { username: string; peer: string }) {
    for (let i = 0; i < n; ) {
      const res = await a.signIn(who(i).username, 'salah', { peer: who(i).peer })
      if (res.status === 429) a.t.clock.advance({ seconds: Number(res.headers.get('Retry-After')) })
      else {
        expect(res.status).toBe(401)
        i++
      }
    }
  }

  it('slows an account down after 5 failures, even for the right password', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    await fail(a, 5, () => ({ username: 'budi', peer: '10.0.0.1' }))
    const slowed = await a.signIn('budi', testPassword, { peer: '10.0.0.1' })
    expect(slowed.status).toBe(429)
    expect(slowed.headers.get('Retry-After')).toBe('2')
    a.t.clock.advance({ seconds: 2 })
    expect((await a.signIn('budi', testPassword, { peer: '10.0.0.1' })).status).toBe(303)
  })

  it('refuses an account at one address for 15 minutes after 10 failures there; the same account from another address is only slowed', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    await fail(a, 10, () => ({ username: 'budi', peer: '10.0.1.1' }))
    const refused = await a.signIn('budi', testPassword, { peer: '10.0.1.1' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBe(15 * 60)
    expect(await refused.text()).toContain('Terlalu banyak percobaan gagal')
    expect(refused.headers.getSetCookie()).toEqual([])
    // Elsewhere the account is only slowed, by seconds.
    const elsewhere = await a.signIn('budi', testPassword, { peer: '10.0.1.2' })
    expect(elsewhere.status).toBe(429)
    expect(Number(elsewhere.headers.get('Retry-After'))).toBeLessThanOrEqual(2)
    a.t.clock.advance({ seconds: 2 })
    expect((await a.signIn('budi', testPassword, { peer: '10.0.1.2' })).status).toBe(303)
    a.t.clock.advance({ minutes: 14 })
    expect((await a.signIn('budi', testPassword, { peer: '10.0.1.1' })).status).toBe(429)
    a.t.clock.advance({ minutes: 1 })
    expect((await a.signIn('budi', testPassword, { peer: '10.0.1.1' })).status).toBe(303)
  })

  it('lets strangers behind the same address (a NAT, or the proxy) never lock out a user with the right password (issue 16)', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'operator' })
    await fail(a, 10, (i) => ({ username: `tebakan-${i}`, peer: '10.9.9.9' }))
    expect((await a.signIn('operator', testPassword, { peer: '10.9.9.9' })).status).toBe(303)
    // Spraying from one address is slowed, never refused for long: at most a minute between attempts.
    await fail(a, 40, (i) => ({ username: `semprot-${i}`, peer: '10.9.9.9' }))
    const held = await a.signIn('operator', testPassword, { peer: '10.9.9.9' })
    if (held.status === 429) {
      expect(Number(held.headers.get('Retry-After'))).toBeLessThanOrEqual(60)
      a.t.clock.advance({ seconds: Number(held.headers.get('Retry-After')) })
    }
    expect((await a.signIn('operator', testPassword, { peer: '10.9.9.9' })).status).toBe(303)
  })

  it('slows an account failing from many addresses (at most a minute, ≤ 100 guesses an hour) without refusing it', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    const started = a.t.clock.now()
    let failures = 0
    while (a.t.clock.now() - started < 3600_000) {
      const res = await a.signIn('budi', 'salah', { peer: `10.0.1.${failures % 250}` })
      if (res.status === 429) {
        expect(Number(res.headers.get('Retry-After'))).toBeLessThanOrEqual(60)
        a.t.clock.advance({ seconds: Number(res.headers.get('Retry-After')) })
      } else failures++
    }
    expect(failures).toBeLessThanOrEqual(100)
    expect(failures).toBeGreaterThan(10)
  })

  it("never holds up a browser that signed in to the account before, whatever strangers try on that name (issue 16)", async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    const first = await a.signIn('budi', testPassword, { peer: '10.0.0.1' })
    const device = first.headers.getSetCookie().find((c) => c.startsWith(`${a.t.cookieName}-perangkat=`))!.split(';')[0]!
    await fail(a, 60, (i) => ({ username: 'budi', peer: `10.0.2.${i}` }))
    expect((await a.signIn('budi', testPassword, { peer: '10.0.3.1' })).status).toBe(429)
    expect((await a.signIn('budi', testPassword, { peer: '10.0.3.1', cookie: device })).status).toBe(303)
    // The cookie speaks for this account only.
    await a.t.addUser('operator', { username: 'sari' })
    await fail(a, 60, (i) => ({ username: 'sari', peer: `10.0.4.${i}` }))
    expect((await a.signIn('sari', testPassword, { peer: '10.0.3.1', cookie: device })).status).toBe(429)
  })

  it('throttles the current password at /account/password like a sign-in: 10 wrong guesses, then the right one changes nothing (issue 16)', async () => {
    const t = await createTestApp()
    const user = await t.addUser('operator', { username: 'budi' })
    const cookie = await t.cookieFor(user)
    const change = (current: string) => t.request('/account/password', { cookie, form: { current_password: current, new_password: 'Kopi-Tubruk-Pagi-2026', confirm_password: 'Kopi-Tubruk-Pagi-2026' } })
    for (let i = 0; i < 10; ) {
      const res = await change(`tebakan-${i}`)
      if (res.status === 429) t.clock.advance({ seconds: Number(res.headers.get('Retry-After')) })
      else {
        expect(res.status).toBe(422)
        i++
      }
    }
    const refused = await change(testPassword)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBe(15 * 60)
    expect(await refused.text()).toContain('Terlalu banyak percobaan salah')
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id))
    expect(stored!.passwordHash).toBe(user.passwordHash)
    t.clock.advance({ minutes: 15 })
    expect((await change(testPassword)).status).toBe(303)
  })

  it('counts every failure of a burst of parallel guesses', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => a.signIn('budi', `tebakan-${i}`, { peer: `10.0.5.${i}` })))
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(401))
    const [record] = await a.t.db.select().from(rateLimits).where(eq(rateLimits.key, 'login:user:budi'))
    expect(record!.failures).toBe(20)
    const after = await a.signIn('budi', testPassword, { peer: '10.0.6.1' })
    expect(after.status).toBe(429)
    expect(Number(after.headers.get('Retry-After'))).toBe(60)
  })

  it('starts counting afresh 15 minutes after the first failure', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    await fail(a, 4, (i) => ({ username: 'budi', peer: `10.0.7.${i}` }))
    a.t.clock.advance({ minutes: 15, seconds: 1 })
    await fail(a, 4, (i) => ({ username: 'budi', peer: `10.0.8.${i}` }))
    expect((await a.signIn('budi', testPassword, { peer: '10.0.9.1' })).status).toBe(303)
  })

  it('forgets the failures of an account after a successful sign-in', async () => {
    const a = await authApp()
    await a.t.addUser('operator', { username: 'budi' })
    await fail(a, 4, (i) => ({ username: 'budi', peer: `10.0.3.${i}` }))
    expect((await a.signIn('budi', testPassword, { peer: '10.0.4.1' })).status).toBe(303)
    expect(await a.t.db.select().from(rateLimits).where(eq(rateLimits.key, 'login:user:budi'))).toEqual([])
  })
})

describe('cross-site request forgery', () => {
  async function setup() {
    const t = await createTestApp()
    const user = await t.addUser('operator', { username: 'budi' })
    const cookie = await t.cookieFor(user)
    const form = new URLSearchParams(validReport({ category: String(await categoryId(t.db, 'odgj')) })).toString()
    const post = (path: string, headers: Record<string, string>, body = form, type = 'application/x-www-form-urlencoded') =>
      t.app.request(path, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': type, ...headers }, body })
    return { t, cookie, post }
  }

  const refused: [string, Record<string, string>][] = [
    ['a cross-site Origin and Sec-Fetch-Site', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }],
    ['a same-site (sibling subdomain) request', { Origin: 'https://evil.localhost', 'Sec-Fetch-Site': 'same-site' }],
    ['a cross-site Sec-Fetch-Site with our own Origin', { Origin: 'http://localhost', 'Sec-Fetch-Site': 'cross-site' }],
    ['a cross-site Origin without Sec-Fetch-Site', { Origin: 'https://evil.example' }],
    ['a null Origin', { Origin: 'null' }],
    ['a same-origin claim with a foreign Origin', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' }],
    ['neither Origin nor Sec-Fetch-Site', {}],
  ]

  for (const [what, headers] of refused) {
    it(`refuses a POST with ${what} and writes nothing`, async () => {
      const { t, post } = await setup()
      const res = await post('/intake', headers)
      expect(res.status).toBe(403)
      expect(await t.db.select().from(cases)).toEqual([])
    })
  }

  it('refuses cross-site JSON and text/plain bodies as well as forms', async () => {
    const { t, post } = await setup()
    const cross = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }
    expect((await post('/intake', cross, JSON.stringify(validReport()), 'application/json')).status).toBe(403)
    expect((await post('/intake', cross, 'reporter_name=x', 'text/plain')).status).toBe(403)
    expect((await post('/intake', {}, JSON.stringify(validReport()), 'application/json')).status).toBe(403)
    expect((await post('/intake', {}, 'reporter_name=x', 'text/plain')).status).toBe(403)
    expect(await t.db.select().from(cases)).toEqual([])
  })

  it('refuses a cross-site sign-out and sign-in', async () => {
    const { t, cookie, post } = await setup()
    const cross = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }
    expect((await post('/logout', cross, '')).status).toBe(403)
    expect(await isSignedIn(t, cookie)).toBe(true)
    const before = await t.db.select().from(sessions)
    expect((await post('/login', cross, `username=budi&password=${testPassword}`)).status).toBe(403)
    expect(await t.db.select().from(sessions)).toEqual(before)
    expect(await t.db.select().from(rateLimits)).toEqual([])
  })

  it('accepts a same-origin POST, and one that carries only our Origin (older browsers)', async () => {
    const { t, post } = await setup()
    expect((await post('/intake', { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(303)
    const form = new URLSearchParams(validReport({ category: String(await categoryId(t.db, 'odgj')) })).toString()
    expect((await post('/intake', { Origin: 'http://localhost' }, form)).status).toBe(303)
    expect(await t.db.select().from(cases)).toHaveLength(2)
  })
})

describe('security headers', () => {
  async function htmlResponses() {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    const kepala = await t.cookieFor(await t.addUser('kepala'))
    await t.request('/intake', { cookie: operator, form: validReport({ category: String(await categoryId(t.db, 'odgj')) }) })
    const [kase] = await t.db.select().from(cases)
    return {
      t,
      responses: {
        'sign-in page': await t.request('/login'),
        'failed sign-in': await t.request('/login', { form: { username: 'x', password: 'y' } }),
        'intake form': await t.request('/intake', { cookie: operator }),
        'intake 422': await t.request('/intake', { cookie: operator, form: validReport() }),
        'case list': await t.request('/cases', { cookie: operator }),
        'case list fragment': await t.request('/cases', { cookie: operator, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } }),
        'case page': await t.request(`/cases/${kase!.id}`, { cookie: operator }),
        'missing case': await t.request('/cases/999', { cookie: operator }),
        'forbidden page': await t.request('/intake', { cookie: kepala }),
        'unknown page': await t.request('/tidak-ada'),
        'cross-site refusal': await t.app.request('/intake', { method: 'POST', headers: { Cookie: operator } }),
      },
    }
  }

  it('sends a strict CSP without unsafe-inline, HSTS for a year, nosniff and frame-ancestors none on every HTML response', async () => {
    const { responses } = await htmlResponses()
    for (const [what, res] of Object.entries(responses)) {
      expect(res.headers.get('Content-Type'), what).toMatch(/^text\/html/)
      const csp = res.headers.get('Content-Security-Policy') ?? ''
      expect(csp, what).toMatch(/(^|; )script-src 'self'(;|$)/)
      expect(csp, what).toMatch(/(^|; )default-src 'self'(;|$)/)
      expect(csp, what).toMatch(/(^|; )frame-ancestors 'none'(;|$)/)
      expect(csp, what).toMatch(/(^|; )object-src 'none'(;|$)/)
      expect(csp, what).not.toContain('unsafe-inline')
      expect(csp, what).not.toContain('unsafe-eval')
      const hsts = /max-age=(\d+)/.exec(res.headers.get('Strict-Transport-Security') ?? '')
      expect(Number(hsts?.[1]), what).toBeGreaterThanOrEqual(31_536_000)
      expect(res.headers.get('Strict-Transport-Security'), what).toContain('includeSubDomains')
      expect(res.headers.get('X-Content-Type-Options'), what).toBe('nosniff')
    }
  })

  it('puts no inline script in the pages, and no inline style but the one stylesheet the CSP names by its hash', async () => {
    const { responses } = await htmlResponses()
    for (const [what, res] of Object.entries(responses)) {
      const html = await res.text()
      expect(html, what).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      // The stylesheet rides inline in <head> (issue 25); test/routes/first-paint.test.ts checks its hash.
      const styles = [...html.matchAll(/<style\b[^>]*>([^<]*)<\/style>/g)].map((m) => m[1]!)
      expect(styles.length, what).toBeLessThanOrEqual(1)
      const csp = res.headers.get('Content-Security-Policy') ?? ''
      for (const css of styles) expect(csp, what).toContain(`style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`)
      expect(html, what).not.toMatch(/\sstyle="/)
      expect(html, what).not.toMatch(/\son[a-z]+="/)
    }
  })

  it('forbids storing pages with personal data (Cache-Control: no-store)', async () => {
    const { responses } = await htmlResponses()
    for (const what of ['intake form', 'intake 422', 'case list', 'case list fragment', 'case page', 'missing case'] as const) {
      expect(responses[what].headers.get('Cache-Control'), what).toContain('no-store')
    }
  })
})

describe('health check', () => {
  it('answers 200 with JSON saying the database is reachable', async () => {
    const t = await createTestApp()
    const res = await t.request('/healthz')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ status: 'ok', database: 'reachable' })
  })

  it('answers 503 when the database cannot be reached', async () => {
    const db = await openFileDb(`file:${join(mkdtempSync(join(tmpdir(), 'sigap-health-')), 'gone.db')}`)
    db.$client.close()
    const app = createApp({ db, clock: fixedClock('2026-11-24T09:00:00+07:00'), config: testConfig(), socketAddress: () => '127.0.0.1' })
    const res = await app.request('/healthz')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'degraded', database: 'unreachable' })
  })
})

describe('roles', () => {
  it('sends each role from / to the page it works from, and a desk clerk on a vehicle crew to its trips', async () => {
    const t = await createTestApp()
    const start = async (user: { id: number }) => (await t.request('/', { cookie: await t.cookieFor(user) })).headers.get('Location')
    const homes = { operator: '/intake', fasilitator: '/my-cases', supervisor: '/queue', kepala: '/dashboard', asisten: '/dashboard', walikota: '/dashboard', admin: '/admin', mitra: '/mitra' } as const
    for (const [role, home] of Object.entries(homes)) expect(await start(await t.addUser(role as keyof typeof homes, { kelurahan: [kelurahanA] })), role).toBe(home)
    expect((await t.request('/')).headers.get('Location')).toBe('/login')

    const [vehicle] = await t.db.insert(vehicles).values({ name: 'Ambulans Pos Timur', plate: 'KB 1 A', kind: 'ambulans', active: true }).returning()
    const driver = await t.addUser('operator')
    const standIn = await t.addUser('supervisor')
    await t.db.insert(vehicleCrew).values([{ vehicleId: vehicle!.id, userId: driver.id }, { vehicleId: vehicle!.id, userId: standIn.id }])
    expect(await start(driver)).toBe('/crew')
    expect(await start(standIn)).toBe('/queue')
  })

  it('shows the crew’s own trips on the vehicle board and in the menu only to a vehicle’s crew', async () => {
    const t = await createTestApp()
    const operator = await t.addUser('operator')
    const board = async (user: { id: number }) => (await t.request('/dispatch', { cookie: await t.cookieFor(user) })).text()
    const desk = await board(operator)
    expect(desk).toContain('Papan kendaraan')
    expect(desk).not.toContain('Tugas kendaraan saya (awak)')
    expect(desk).not.toContain('href="/crew"')
    const [vehicle] = await t.db.insert(vehicles).values({ name: 'Ambulans Pos Timur', plate: 'KB 1 A', kind: 'ambulans', active: true }).returning()
    await t.db.insert(vehicleCrew).values({ vehicleId: vehicle!.id, userId: operator.id })
    const rider = await board(operator)
    expect(rider).toContain('Tugas kendaraan saya (awak)')
    const facilitator = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    expect(await (await t.request('/my-cases', { cookie: await t.cookieFor(facilitator) })).text()).not.toContain('href="/crew"')
  })
})
