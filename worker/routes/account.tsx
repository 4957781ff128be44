import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { PasswordPage } from '../../views/pages/PasswordPage'
import { changeOwnPassword, findPasswordHash } from '../db/queries/admin'
import { users } from '../db/schema'
import type { FieldErrors } from '../domain/form'
import { checkNewPassword } from '../domain/password-policy'
import { failureRules, waitText } from '../domain/throttle'
import type { AppEnv } from '../env'
import { page } from '../render'
import { countFailure, forgetFailures, heldFor } from '../attempts'
import { requireRole } from '../security/middleware'
import { hashPassword, verifyPassword } from '../security/password'

export const account = new Hono<AppEnv>()
account.use('*', requireRole(...users.role.enumValues))

/** A user holding a temporary password may only change it (or sign out) until they have. */
export const requirePasswordChange = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.var.user
  if (user?.mustChangePassword && c.req.path !== '/account/password' && c.req.path !== '/logout' && c.req.path !== '/2fa') {
    if (c.req.method === 'GET' && c.req.header('HX-Request') !== 'true') return c.redirect('/account/password', 303)
    throw new HTTPException(403, { message: 'Ganti kata sandi sementara Anda terlebih dahulu.' })
  }
  await next()
})

account.get('/password', (c) => page(c, 'Ganti kata sandi', <PasswordPage errors={{}} forced={!!c.var.user!.mustChangePassword} done={c.req.query('ok') === '1'} />))

account.post('/password', async (c) => {
  const user = c.var.user!
  const body = await c.req.parseBody()
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, 1024) : '')
  const errors: FieldErrors = {}
  // The sign-in throttle (ASVS 6.3.1): a left-open session must not become a free password oracle.
  const counters = [{ key: `password:user:${user.id}`, rule: failureRules.ownSecret }]
  const wait = await heldFor(c, counters)
  if (wait !== null) {
    const held = { current_password: `Terlalu banyak percobaan salah. Coba lagi dalam ${waitText(wait)}.` }
    return page(c, 'Ganti kata sandi', <PasswordPage errors={held} forced={!!user.mustChangePassword} />, { status: 429 })
  }
  const stored = await findPasswordHash(c.var.db, user.id)
  if (!stored || !(await verifyPassword(field('current_password'), stored.passwordHash, c.var.config)).ok) {
    errors.current_password = 'Kata sandi sekarang salah.'
    await countFailure(c, counters)
  }
  const next = field('new_password')
  const check = checkNewPassword(next, [user.username, user.displayName])
  if (!check.ok) errors.new_password = check.message
  else if (next === field('current_password')) errors.new_password = 'Kata sandi baru harus berbeda dari yang sekarang.'
  else if (next !== field('confirm_password')) errors.confirm_password = 'Kedua kata sandi baru tidak sama.'
  if (Object.keys(errors).length > 0) return page(c, 'Ganti kata sandi', <PasswordPage errors={errors} forced={!!user.mustChangePassword} />, { status: 422 })
  await forgetFailures(c, counters)
  await changeOwnPassword(c.var.db, { actorId: user.id, now: c.var.clock.now() }, user.sessionId, await hashPassword(next, c.var.config))
  return c.redirect(user.mustChangePassword ? '/' : '/account/password?ok=1', 303)
})
