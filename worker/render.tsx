import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { Layout } from '../views/layout'
import type { AppEnv } from './env'

/** htmx 4 asks for a fragment with HX-Request-Type: partial; a history restore needs the whole page. */
export function isPartialRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Request-Type') === 'partial' && c.req.header('HX-History-Restore-Request') !== 'true'
}

/** Sends the whole page, or only `fragment` (default: the page body) to an htmx partial request. */
export function page(c: Context<AppEnv>, title: string, body: Child, opts: { status?: ContentfulStatusCode; fragment?: Child } = {}) {
  c.header('Vary', 'HX-Request, HX-Request-Type')
  const status = opts.status ?? 200
  if (isPartialRequest(c)) return c.html(<>{opts.fragment ?? body}</>, status)
  return c.html(
    '<!doctype html>' +
      (
        <Layout title={title} viewer={c.get('user')}>
          {body}
        </Layout>
      ),
    status,
  )
}

/** A small piece of HTML for an htmx request. */
export function fragment(c: Context<AppEnv>, body: Child, status: ContentfulStatusCode = 200) {
  c.header('Vary', 'HX-Request, HX-Request-Type')
  return c.html(<>{body}</>, status)
}

/** A CSV download named `name`. */
export function csvResponse(c: Context<AppEnv>, name: string, body: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${name}"`)
  return c.body(body)
}
