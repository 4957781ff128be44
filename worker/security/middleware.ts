import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import type { Config } from '../config'
import { inlineStyle } from '../generated/assets'
import { sessionAbsoluteMs, type Role } from '../domain/access'
import type { AppEnv } from '../env'
import { sha256Hex } from './tokens'

/**
 * Secure headers with a CSP that allows no inline script and no eval (ASVS 3.4; SECURITY.md). The
 * only style allowed is the layout's own <style>, by its hash (issue 25): no stylesheet file, no
 * other inline style, no style attribute.
 */
export const securityHeaders = secureHeaders({
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form
  // posts, and older browsers without Sec-Fetch-Site could then not post at all.
  referrerPolicy: 'same-origin',
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: [`'${inlineStyle.hash}'`],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
})

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const loopback = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * In development, the address the browser used when it is the loopback (127.0.0.1 instead of
 * localhost, another port): the request went to the very host its page came from, on this machine.
 */
function isLoopbackSelf(origin: string, requestUrl: string): boolean {
  const from = URL.parse(origin)
  return from !== null && loopback.has(from.hostname) && from.host === new URL(requestUrl).host
}

/**
 * CSRF: a state-changing request must come from our own pages, whatever its content type
 * (Hono's csrf() checks form types only). Browsers send Sec-Fetch-Site or Origin on every POST;
 * a request with neither is refused. Routes authenticated by API key are exempt by prefix.
 */
export function sameOriginOnly(config: Config, exemptPrefixes: string[] = []): MiddlewareHandler {
  return async (c, next) => {
    if (unsafeMethods.has(c.req.method) && !exemptPrefixes.some((p) => c.req.path.startsWith(p))) {
      const site = c.req.header('Sec-Fetch-Site')
      const origin = c.req.header('Origin')
      const ours = (o: string | undefined) => o === config.origin || (!config.production && o !== undefined && isLoopbackSelf(o, c.req.url))
      // Sec-Fetch-Site, which pages cannot forge, decides when present; Origin otherwise.
      const allowed = site ? site === 'same-origin' && (!origin || ours(origin)) : ours(origin)
      if (!allowed) {
        // The browser vouches that the form is our own page, opened at another address than
        // SIGAP_ORIGIN (a LAN address, a proxy's name): a setting to change, not an attack.
        if (site === 'same-origin' && origin) {
          console.warn(`refused a form sent from ${origin}: SIGAP_ORIGIN is ${config.origin}; open Sigap at ${config.origin}, or set SIGAP_ORIGIN to the address people use`)
          throw new HTTPException(403, { message: `Sigap dibuka lewat ${origin}, sedangkan alamat yang diatur adalah ${config.origin} (pengaturan SIGAP_ORIGIN). Buka ${config.origin}, atau minta pengelola mengubah SIGAP_ORIGIN.` })
        }
        throw new HTTPException(403, { message: 'Permintaan lintas situs ditolak.' })
      }
    }
    await next()
  }
}

// By origin, as every request asks and parsing a URL each time was a visible part of an intake's CPU (bench, issue 25).
const cookieNames = new Map<string, string>()

// `__Host-` cookies must be Secure; browsers accept Secure cookies on https and on localhost.
export function sessionCookieName(config: Config): string {
  let name = cookieNames.get(config.origin)
  if (name === undefined) {
    const url = new URL(config.origin)
    const secure = url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1'
    name = secure ? '__Host-sigap' : 'sigap'
    cookieNames.set(config.origin, name)
  }
  return name
}

export function setSessionCookie(c: Context<AppEnv>, token: string) {
  const name = sessionCookieName(c.var.config)
  setCookie(c, name, token, { path: '/', httpOnly: true, secure: name.startsWith('__Host-'), sameSite: 'Lax', maxAge: sessionAbsoluteMs / 1000 })
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const name = sessionCookieName(c.var.config)
  deleteCookie(c, name, { path: '/', secure: name.startsWith('__Host-') })
}

export function sessionIdOf(c: Context<AppEnv>): Promise<string | null> {
  const token = getCookie(c, sessionCookieName(c.var.config))
  return token ? sha256Hex(token) : Promise.resolve(null)
}

/** Lets only signed-in users with one of `roles` through: others go to sign-in (pages) or get 401/403. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  const judge: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.var.user
    if (!user) {
      if ((c.req.method === 'GET' || c.req.method === 'HEAD') && c.req.header('HX-Request') !== 'true') {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
      }
      throw new HTTPException(401, { message: 'Silakan masuk terlebih dahulu.' })
    }
    if (!roles.includes(user.role)) throw new HTTPException(403, { message: 'Anda tidak berhak membuka halaman ini.' })
    // Pages with personal data are never stored by the browser (ASVS 14.3.3).
    c.header('Cache-Control', 'no-store')
    await next()
  }
  return async (c, next) => {
    // A request answered in one round trip judges its user after its batch (worker/session.ts).
    const pending = c.var.session
    if (!pending) return judge(c, next)
    pending.roles.push(roles)
    pending.judges.push(judge)
    await next()
  }
}

/**
 * TRACE would echo a request back (ASVS 13.4.4) and nothing here answers OPTIONS (no CORS, no
 * preflight is ever accepted): both get 405 and the methods the app does take, on every path.
 */
export const refuseTraceAndOptions = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'TRACE' && c.req.method !== 'OPTIONS') return next()
  c.header('Allow', 'GET, HEAD, POST')
  return c.text('Metode tidak diizinkan.', 405)
})
