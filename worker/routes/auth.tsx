import { Hono } from 'hono'
import { LoginPage } from '../../views/pages/LoginPage'
import { blockFailures, clearFailures, countFailures, endSession, findUserByUsername, readFailures, startSession } from '../db/queries/sessions'
import { blockedUntilAfter, checkAttempt, failureWindowMs } from '../domain/throttle'
import type { AppEnv } from '../env'
import { page } from '../render'
import { clearSessionCookie, sessionIdOf, setSessionCookie } from '../security/middleware'
import { checkNoPassword, verifyPassword } from '../security/password'
import { randomToken, sha256Hex } from '../security/tokens'

export const auth = new Hono<AppEnv>()

// Only local paths: an attacker's link must not turn sign-in into an open redirect. Printable ASCII
// only: browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil"), and other
// characters cannot go into a Location header at all.
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x20-\x7e]*$/.test(next) ? next : '/'
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
  const keys = [`login:user:${username}`, `login:ip:${c.var.clientAddress(c)}`]
  const failures = await readFailures(c.var.db, keys)
  for (const key of keys) {
    const attempt = checkAttempt(failures.get(key), now)
    if (!attempt.allowed) {
      c.header('Retry-After', String(attempt.retryAfterSeconds))
      const message = `Terlalu banyak percobaan gagal. Coba lagi dalam ${Math.ceil(attempt.retryAfterSeconds / 60)} menit.`
      return page(c, 'Masuk', <LoginPage username={username} next={next} errors={{}} message={message} />, { status: 429 })
    }
  }
  const user = username ? await findUserByUsername(c.var.db, username) : undefined
  const verified = user?.active ? await verifyPassword(password, user.passwordHash, c.var.config) : await checkNoPassword(password, c.var.config)
  if (!user || !verified.ok) {
    const counts = await countFailures(c.var.db, keys, { now, windowMs: failureWindowMs })
    await blockFailures(c.var.db, new Map([...counts].map(([key, n]) => [key, blockedUntilAfter(n, now)])))
    const message = 'unverifiable' in verified ? 'Kata sandi akun ini perlu diatur ulang oleh admin.' : 'Nama pengguna atau kata sandi salah.'
    return page(c, 'Masuk', <LoginPage username={username} next={next} errors={{}} message={message} />, { status: 401 })
  }
  // A fresh session id at every sign-in: a planted cookie is never promoted (session fixation).
  const oldSession = await sessionIdOf(c)
  if (oldSession) await endSession(c.var.db, oldSession)
  const token = randomToken()
  await startSession(c.var.db, { sessionId: await sha256Hex(token), userId: user.id, now, rehash: 'rehash' in verified ? verified.rehash : undefined })
  await clearFailures(c.var.db, keys[0]!)
  setSessionCookie(c, token)
  return c.redirect(next, 303)
})

auth.post('/logout', async (c) => {
  const sessionId = await sessionIdOf(c)
  if (sessionId) await endSession(c.var.db, sessionId)
  clearSessionCookie(c)
  return c.redirect('/login', 303)
})
