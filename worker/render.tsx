import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { Layout } from '../views/layout'
import { formatDate, formatTime } from './domain/format'
import type { AppEnv } from './env'

/** The posted form; a malformed body (multipart without boundary) reads as an empty form: a 422, never a 500. */
export function formBody(c: Context, all = false): Promise<Record<string, string | File | (string | File)[]>> {
  return c.req.parseBody({ all }).catch(() => ({}))
}

/** htmx 4 asks for a fragment with HX-Request-Type: partial; a history restore needs the whole page. */
export function isPartialRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Request-Type') === 'partial' && c.req.header('HX-History-Restore-Request') !== 'true'
}

/**
 * Sends the whole page, or only `fragment` (default: the page body) to an htmx partial request.
 * `offline`: the facilitator's phone may keep this page for reading without signal (issue 22); the
 * service worker keeps only pages so marked, and files each copy under the user named here.
 */
export function page(c: Context<AppEnv>, title: string, body: Child, opts: { status?: ContentfulStatusCode; fragment?: Child; offline?: boolean } = {}) {
  c.header('Vary', 'HX-Request, HX-Request-Type')
  const user = c.get('user')
  if (user) c.header('Sigap-User', String(user.id))
  if (opts.offline) c.header('Sigap-Offline', 'keep')
  const status = opts.status ?? 200
  if (isPartialRequest(c)) return c.html(<>{opts.fragment ?? body}</>, status)
  const now = c.var.clock.now()
  const whole = (content: string) =>
    '<!doctype html>' +
    (
      <Layout title={title} viewer={user} synced={opts.offline ? `${formatTime(now, c.var.config.zone)}, ${formatDate(now, c.var.config.zone)}` : undefined} htmx={usesHtmx(content)}>
        {raw(content)}
      </Layout>
    )
  // A JSX node renders to a string, or to a promise when an async component is inside.
  const content = (<>{body}</>).toString() as string | Promise<string>
  return c.html(typeof content === 'string' ? whole(content) : content.then(whole), status)
}

/**
 * Whether a page's body has anything for htmx to do (issue 25): most pages have no hx- attribute,
 * and there htmx is 13.7 KB to download and a few milliseconds of script before the first keystroke.
 * htmx acts only on hx-* (and data-hx-*) attributes, and without it no fragment is ever swapped in.
 */
export function usesHtmx(html: string): boolean {
  return /\s(data-)?hx-[a-z]/.test(html)
}

/** A small piece of HTML for an htmx request. */
export function fragment(c: Context<AppEnv>, body: Child, status: ContentfulStatusCode = 200) {
  c.header('Vary', 'HX-Request, HX-Request-Type')
  return c.html(<>{body}</>, status)
}

/**
 * A stored file only a signed-in user may see (a case photo, a reporter's photo or voice note):
 * never cached, shown in the page rather than downloaded. securityHeaders adds `nosniff`, so the
 * browser trusts only `contentType`, which the upload check set from the bytes.
 */
export function privateFile(c: Context<AppEnv>, contentType: string, bytes: Uint8Array) {
  c.header('Content-Type', contentType)
  c.header('Cache-Control', 'private, no-store')
  c.header('Content-Disposition', 'inline')
  return c.body(bytes as Uint8Array<ArrayBuffer>)
}

/** A CSV download named `name`. */
export function csvResponse(c: Context<AppEnv>, name: string, body: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${name}"`)
  return c.body(body)
}
