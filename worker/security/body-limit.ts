import type { Context, MiddlewareHandler, Next } from 'hono'
import { bodyLimit } from 'hono/body-limit'

type OnError = (c: Context) => Response | Promise<Response>

/**
 * Hono's bodyLimit, with a cheap answer for the common case. Hono's reads `c.req.raw.body` first,
 * which makes @hono/node-server build a full web Request (undici, web streams) for every request,
 * GETs included, and then read the body through it (in a CPU profile of 7,000 intakes at 500/s,
 * undici's time fell from 765 to 463 ms without it; bench/run.ts, issue 10). A GET or HEAD body is never read, and a declared Content-Length decides
 * alone (Node's parser and the Workers runtime never pass on more bytes than it declares); only a
 * chunked body is counted as it streams in, by Hono's middleware.
 */
export function limitBody(maxSize: number, onError: OnError): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError })
  return async (c: Context, next: Next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length === undefined || !/^\d+$/.test(length) || c.req.header('transfer-encoding') !== undefined) return counting(c, next)
    return Number(length) > maxSize ? onError(c) : next()
  }
}
