import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { RecoveryCodesPage, TwoFactorEnrolPage, TwoFactorVerifyPage } from '../../views/pages/TwoFactorPage'
import { acceptTotpStep, findTotp, pendingTotpSecret, useRecoveryCode } from '../db/queries/privacy'
import { users } from '../db/schema'
import { failureRules, waitText } from '../domain/throttle'
import { isOpenBeforeSecondFactor, needsSecondFactor } from '../domain/two-factor'
import type { AppEnv } from '../env'
import { page } from '../render'
import { countFailure, forgetFailures, heldFor } from '../attempts'
import { requireRole, setSessionCookie } from '../security/middleware'
import { safeNext } from '../security/safe-next'
import { randomToken, sha256Hex } from '../security/tokens'
import { base32Decode, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, otpauthUri, verifyTotp } from '../security/totp'

/** Until the second factor is given, a session of a role that needs one reaches only /2fa and sign-out. */
export const requireSecondFactor = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.var.user
  if (user && needsSecondFactor(user.role) && !user.secondFactor && !isOpenBeforeSecondFactor(c.req.path)) {
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && c.req.header('HX-Request') !== 'true') {
      const url = new URL(c.req.url)
      return c.redirect(`/2fa?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
    }
    throw new HTTPException(401, { message: 'Masukkan kode verifikasi dua langkah terlebih dahulu.' })
  }
  await next()
})

export const twoFactor = new Hono<AppEnv>()
// no-store (requireRole): the enrolment page shows the shared secret.
twoFactor.use('*', requireRole(...users.role.enumValues))

const title = 'Verifikasi dua langkah'

twoFactor.get('/', async (c) => {
  const user = c.var.user!
  const next = safeNext(c.req.query('next'))
  if (user.secondFactor || !needsSecondFactor(user.role)) return c.redirect(next, 303)
  const found = await findTotp(c.var.db, user.id)
  if (found?.confirmedAt) return page(c, title, <TwoFactorVerifyPage next={next} errors={{}} />)
  const secret = await pendingTotpSecret(c.var.db, user.id, newTotpSecret(), c.var.clock.now())
  return page(c, title, <TwoFactorEnrolPage next={next} errors={{}} secret={secret} uri={otpauthUri('Sigap', user.username, secret)} />)
})

twoFactor.post('/', async (c) => {
  const user = c.var.user!
  const body = await c.req.parseBody()
  const next = safeNext(body.next)
  if (user.secondFactor || !needsSecondFactor(user.role)) return c.redirect(next, 303)
  const now = c.var.clock.now()
  const found = await findTotp(c.var.db, user.id)
  if (!found) return c.redirect(`/2fa?next=${encodeURIComponent(next)}`, 303)
  const enrolling = found.confirmedAt === null
  const again = (status: 401 | 429, message: string) =>
    page(
      c,
      title,
      enrolling ? (
        <TwoFactorEnrolPage next={next} errors={{}} message={message} secret={found.secret} uri={otpauthUri('Sigap', user.username, found.secret)} />
      ) : (
        <TwoFactorVerifyPage next={next} errors={{}} message={message} />
      ),
      { status },
    )

  // The same limits as the password (ASVS 6.3.1): six digits fall to guessing without them.
  const counters = [{ key: `2fa:user:${user.id}`, rule: failureRules.ownSecret }]
  const wait = await heldFor(c, counters)
  if (wait !== null) return again(429, `Terlalu banyak kode salah. Coba lagi dalam ${waitText(wait)}.`)
  const token = randomToken()
  const session = { oldSessionId: user.sessionId, newSessionId: await sha256Hex(token) }
  const actor = { actorId: user.id, now }
  const recovery = typeof body.recovery === 'string' ? normalizeRecoveryCode(body.recovery) : ''
  let accepted = false
  let codes: string[] | undefined
  if (recovery && !enrolling) {
    accepted = await useRecoveryCode(c.var.db, actor, { ...session, codeHash: await sha256Hex(recovery) })
  } else {
    const step = verifyTotp(base32Decode(found.secret)!, typeof body.code === 'string' ? body.code.slice(0, 16) : '', now, found.lastStep)
    if (step !== null) {
      codes = enrolling ? newRecoveryCodes() : undefined
      const enrol = codes && (await Promise.all(codes.map((code) => sha256Hex(normalizeRecoveryCode(code)))))
      accepted = await acceptTotpStep(c.var.db, actor, { ...session, step, enrol })
    }
  }
  if (!accepted) {
    await countFailure(c, counters)
    return again(401, recovery ? 'Kode pemulihan tidak dikenal atau sudah dipakai.' : 'Kode salah atau sudah kedaluwarsa. Masukkan kode terbaru dari aplikasi.')
  }
  await forgetFailures(c, counters)
  setSessionCookie(c, token)
  if (codes) return page(c, 'Kode pemulihan', <RecoveryCodesPage codes={codes} next={next} />)
  return c.redirect(next, 303)
})
