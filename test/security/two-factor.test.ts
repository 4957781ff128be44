import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, recoveryCodes, sessions, userTotp } from '../../worker/db/schema'
import { base32Decode, hotp, totp, totpStep } from '../../worker/security/totp'
import { createTestApp, testPassword, type TestApp } from '../support/app'

function cookieOf(t: TestApp, res: Response): string {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${t.cookieName}=`))
  expect(header).toBeDefined()
  return header!.split(';')[0]!
}

async function signInWithPassword(t: TestApp, username: string, next = '/') {
  const res = await t.request('/login', { form: { username, password: testPassword, next } })
  expect(res.status).toBe(303)
  return cookieOf(t, res)
}

async function enrolmentSecret(t: TestApp, cookie: string): Promise<string> {
  const res = await t.request('/2fa?next=%2Fcases', { cookie })
  expect(res.status).toBe(200)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  const html = await res.text()
  return /data-totp-secret="?[^>]*>([A-Z2-7 ]+)</.exec(html)![1]!.replace(/ /g, '')
}

const code = (secret: string, now: number) => totp(base32Decode(secret)!, now)

/** Signs in and enrols; returns the secret, the recovery codes and the verified cookie. */
async function enrol(t: TestApp, username: string) {
  const half = await signInWithPassword(t, username)
  const secret = await enrolmentSecret(t, half)
  const res = await t.request('/2fa', { cookie: half, form: { code: code(secret, t.clock.now()), next: '/cases' } })
  expect(res.status).toBe(200)
  const html = await res.text()
  const codes = [...html.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map((m) => m[1]!)
  return { secret, codes, cookie: cookieOf(t, res), half }
}

describe('second factor (TOTP)', () => {
  it('walks enrolment: a secret and an SVG QR code, a code from the app, ten recovery codes shown once and stored hashed', async () => {
    const t = await createTestApp()
    const user = await t.addUser('supervisor', { username: 'siti' })
    const half = await signInWithPassword(t, 'siti', '/cases')
    // Every page waits for the second factor, keeping where the user was going.
    const blocked = await t.request('/cases?status=baru', { cookie: half })
    expect(blocked.status).toBe(303)
    expect(blocked.headers.get('Location')).toBe('/2fa?next=%2Fcases%3Fstatus%3Dbaru')

    const page = await (await t.request('/2fa?next=%2Fcases', { cookie: half })).text()
    expect(page).toMatch(/<svg [^>]*class="qr"/)
    expect(page).not.toMatch(/style=/)
    const secret = await enrolmentSecret(t, half)
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(await enrolmentSecret(t, half)).toBe(secret) // a reload shows the same key

    const res = await t.request('/2fa', { cookie: half, form: { code: code(secret, t.clock.now()), next: '/cases' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    const codes = [...html.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map((m) => m[1]!)
    expect(codes).toHaveLength(10)
    const full = cookieOf(t, res)
    expect(full).not.toBe(half) // a new session id at the new authentication level
    expect((await t.request('/cases', { cookie: full })).status).toBe(200)
    expect((await t.request('/cases', { cookie: half })).status).toBe(303)

    const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))
    expect(stored).toHaveLength(10)
    for (const row of stored) expect(codes).not.toContain(row.codeHash)
    expect((await t.db.select().from(userTotp).where(eq(userTotp.userId, user.id)))[0]!.confirmedAt).toBe(t.clock.now())
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.2fa.enrol'))).length).toBe(1)
    // The secret is never shown again once confirmed.
    t.clock.advance({ minutes: 1 })
    const again = await signInWithPassword(t, 'siti')
    expect(await (await t.request('/2fa', { cookie: again })).text()).not.toContain('data-totp-secret')
  })

  it('keeps a half-signed-in session from every page, form and htmx request', async () => {
    const t = await createTestApp()
    await t.addUser('admin', { username: 'ani' })
    const half = await signInWithPassword(t, 'ani')
    for (const path of ['/', '/admin/users', '/intake', '/alerts', '/account/password']) {
      const res = await t.request(path, { cookie: half })
      expect(res.status, path).toBe(303)
      expect(res.headers.get('Location'), path).toMatch(/^\/2fa\?next=/)
    }
    expect((await t.request('/intake', { cookie: half, form: { idem: 'x' } })).status).toBe(401)
    expect((await t.request('/cases', { cookie: half, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } })).status).toBe(401)
    // Sign-out still works.
    expect((await t.request('/logout', { method: 'POST', cookie: half })).status).toBe(303)
  })

  it('needs no second factor for operators and facilitators', async () => {
    const t = await createTestApp()
    await t.addUser('operator', { username: 'budi' })
    const cookie = await signInWithPassword(t, 'budi')
    expect((await t.request('/intake', { cookie })).status).toBe(200)
  })

  it('signs in with a code computed for the injected clock, one step of drift allowed', async () => {
    const t = await createTestApp()
    await t.addUser('kepala', { username: 'kadis' })
    const { secret } = await enrol(t, 'kadis')
    t.clock.advance({ hours: 13 })
    const half = await signInWithPassword(t, 'kadis', '/cases')
    const previous = hotp(base32Decode(secret)!, totpStep(t.clock.now()) - 1)
    const res = await t.request('/2fa', { cookie: half, form: { code: previous, next: '/cases' } })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/cases')
    expect((await t.request('/cases', { cookie: cookieOf(t, res) })).status).toBe(200)
  })

  it('refuses a wrong code and a replayed one, and throttles guessing', async () => {
    const t = await createTestApp()
    await t.addUser('admin', { username: 'ani' })
    const { secret } = await enrol(t, 'ani')
    const half = await signInWithPassword(t, 'ani')
    // The code that enrolled is not accepted again (same time step).
    const replay = await t.request('/2fa', { cookie: half, form: { code: code(secret, t.clock.now()) } })
    expect(replay.status).toBe(401)
    expect(await replay.text()).toContain('Kode salah')
    const right = code(secret, t.clock.now() + 30_000)
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 2; i <= 9; i++) {
      const res = await t.request('/2fa', { cookie: half, form: { code: wrong } })
      expect(res.status).toBe(401)
      t.clock.advance({ minutes: 1 }) // wait out the slow-down after five, not the 15-minute block
    }
    expect((await t.request('/2fa', { cookie: half, form: { code: wrong } })).status).toBe(401)
    // Ten failures: even the right code is refused for 15 minutes.
    const blocked = await t.request('/2fa', { cookie: half, form: { code: code(secret, t.clock.now()) } })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('Retry-After')).toBeTruthy()
    t.clock.advance({ minutes: 15 })
    const half2 = await signInWithPassword(t, 'ani')
    expect((await t.request('/2fa', { cookie: half2, form: { code: code(secret, t.clock.now()) } })).status).toBe(303)
  })

  it('accepts a recovery code once', async () => {
    const t = await createTestApp()
    const user = await t.addUser('supervisor', { username: 'siti' })
    const { codes } = await enrol(t, 'siti')
    const half = await signInWithPassword(t, 'siti')
    const typed = codes[3]!.toUpperCase().replace('-', ' ')
    const res = await t.request('/2fa', { cookie: half, form: { recovery: typed, next: '/cases' } })
    expect(res.status).toBe(303)
    expect((await t.request('/cases', { cookie: cookieOf(t, res) })).status).toBe(200)
    const again = await signInWithPassword(t, 'siti')
    expect((await t.request('/2fa', { cookie: again, form: { recovery: codes[3]! } })).status).toBe(401)
    expect((await t.request('/2fa', { cookie: again, form: { recovery: 'aaaaa-bbbbb' } })).status).toBe(401)
    const used = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.2fa.recovery_code'))
    expect(used.map((r) => JSON.parse(r.detail!))).toEqual([{ left: 9 }])
    expect((await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).filter((s) => s.secondFactorAt !== null)).toHaveLength(2)
  })
})
