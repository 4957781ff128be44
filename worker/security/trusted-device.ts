import { getCookie, setCookie } from 'hono/cookie'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { hmacBase64Url, randomToken, sameText } from './tokens'
import { sessionCookieName } from './middleware'

// OWASP "Slow down online guessing attacks with device cookies": a browser that has signed in to an
// account before carries a signed cookie for it, and its failures are counted on their own, so
// failures from everywhere else (which slow the account down) never hold its owner up.

const maxAgeSeconds = 365 * 24 * 60 * 60

function cookieName(c: Context<AppEnv>): string {
  return `${sessionCookieName(c.var.config)}-perangkat`
}

function mac(c: Context<AppEnv>, nonce: string, username: string): string {
  return hmacBase64Url(c.var.config.deviceSecret, `${nonce}\n${username}`)
}

/** The id of this browser when it has signed in as `username` before, otherwise null. */
export function trustedDeviceOf(c: Context<AppEnv>, username: string): string | null {
  const [nonce, given] = (getCookie(c, cookieName(c)) ?? '').split('.')
  if (!nonce || !given || !username) return null
  return sameText(given, mac(c, nonce, username)) ? nonce : null
}

/** Marks this browser as one `username` signs in from (after a correct password). */
export function trustDevice(c: Context<AppEnv>, username: string) {
  const nonce = randomToken().slice(0, 22)
  const name = cookieName(c)
  setCookie(c, name, `${nonce}.${mac(c, nonce, username)}`, { path: '/', httpOnly: true, secure: name.startsWith('__Host-'), sameSite: 'Lax', maxAge: maxAgeSeconds })
}
