import { Hono, type Context } from 'hono'
import { LoginPage } from '../../views/pages/LoginPage'
import { endSession, findUserByUsername, startSession } from '../db/queries/sessions'
import { failureRules, waitText } from '../domain/throttle'
import type { AppEnv } from '../env'
import { page } from '../render'
import { clearSessionCookie, sessionIdOf, setSessionCookie } from '../security/middleware'
import { checkNoPassword, verifyPassword } from '../security/password'
import { safeNext } from '../security/safe-next'
import { randomToken, sha256Hex } from '../security/tokens'
import { countFailure, forgetFailures, heldFor, type Counter } from '../attempts'
import { trustDevice, trustedDeviceOf } from '../security/trusted-device'

export const auth = new Hono<AppEnv>()

/**
 * The counters a sign-in attempt for `username` passes (README, Security: "soft" lockout). The
 * account at this address, and the account from a browser that signed in to it before, may be
 * refused for 15 minutes: only the owner's own mistakes (or a thief of that browser) trip them.
 * The account from elsewhere and the address across accounts only slow down, so strangers failing
 * on a user's name, or behind the same NAT, never keep a trusted browser out.
 */
function signInCounters(c: Context<AppEnv>, username: string): Counter[] {
  const address = c.var.clientAddress(c)
  const device = trustedDeviceOf(c, username)
  return [
    { key: `login:pair:${username}|${address}`, rule: failureRules.signInPair },
    device ? { key: `login:device:${device}`, rule: failureRules.signInPair } : { key: `login:user:${username}`, rule: failureRules.signInAccount },
    { key: `login:ip:${address}`, rule: failureRules.signInAddress },
  ]
}

auth.get('/login', (c) => {
  if (c.var.user) return c.redirect('/', 303)
  return page(c, 'Masuk', <LoginPage username="" next={safeNext(c.req.query('next'))} errors={{}} />)
})

auth.post('/login', async (c) => {
  const body = await c.req.parseBody()
  const username = typeof body.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : ''
  const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : ''
  const next = safeNext(body.next)
  const now = c.var.clock.now()
  const counters = signInCounters(c, username)
  const wait = await heldFor(c, counters)
  if (wait !== null) {
    const message = `Terlalu banyak percobaan gagal. Coba lagi dalam ${waitText(wait)}.`
    return page(c, 'Masuk', <LoginPage username={username} next={next} errors={{}} message={message} />, { status: 429 })
  }
  const user = username ? await findUserByUsername(c.var.db, username) : undefined
  const verified = user?.active ? await verifyPassword(password, user.passwordHash, c.var.config) : await checkNoPassword(password, c.var.config)
  if (!user || !verified.ok) {
    await countFailure(c, counters)
    const message = 'unverifiable' in verified ? 'Kata sandi akun ini perlu diatur ulang oleh admin.' : 'Nama pengguna atau kata sandi salah.'
    return page(c, 'Masuk', <LoginPage username={username} next={next} errors={{}} message={message} />, { status: 401 })
  }
  // A fresh session id at every sign-in: a planted cookie is never promoted (session fixation).
  const oldSession = await sessionIdOf(c)
  if (oldSession) await endSession(c.var.db, oldSession)
  const token = randomToken()
  await startSession(c.var.db, { sessionId: await sha256Hex(token), userId: user.id, now, rehash: 'rehash' in verified ? verified.rehash : undefined })
  // The address counter stays: one right password must not reset a spraying address.
  await forgetFailures(c, counters.slice(0, 2))
  setSessionCookie(c, token)
  trustDevice(c, username)
  return c.redirect(next, 303)
})

auth.post('/logout', async (c) => {
  const sessionId = await sessionIdOf(c)
  if (sessionId) await endSession(c.var.db, sessionId)
  clearSessionCookie(c)
  return c.redirect('/login', 303)
})
