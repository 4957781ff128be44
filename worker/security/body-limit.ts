import type { Context, MiddlewareHandler, Next } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { readPrefix } from '../streams'

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

/**
 * The text fields at the start of a body too large to read, from its first `prefixBytes`: a form
 * puts its text before its file input, so a refused upload can still show back what was typed.
 * Only whole fields count (cut at the last complete part); files and an unreadable body give none.
 */
export async function leadingFields(req: Request, prefixBytes = 64 * 1024): Promise<Record<string, string>> {
  const type = req.headers.get('content-type') ?? ''
  let prefix: Uint8Array
  try {
    prefix = await readPrefix(req.body!, prefixBytes)
  } catch {
    return {} // a chunked body was already consumed by the counting limit
  }
  const text = new TextDecoder().decode(prefix)
  const fields: Record<string, string> = {}
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(text.slice(0, Math.max(0, text.lastIndexOf('&'))))) fields[name] ??= value
    return fields
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type)
  if (!type.startsWith('multipart/form-data') || !boundary) return fields
  const delimiter = `\r\n--${boundary[1] ?? boundary[2]}`
  const whole = text.lastIndexOf(delimiter)
  if (whole < 0) return fields
  const form = await new Response(`${text.slice(0, whole)}${delimiter}--\r\n`, { headers: { 'content-type': type } }).formData().catch(() => null)
  for (const [name, value] of form ?? []) if (typeof value === 'string') fields[name] ??= value
  return fields
}
