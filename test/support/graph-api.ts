import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll } from 'vitest'
import type { Received } from './receiver'

/**
 * A WhatsApp Cloud API (Graph API) stand-in on 127.0.0.1, real HTTP: media metadata
 * (`GET /{media-id}` → `{ url, mime_type, sha256, file_size, id }`), the media bytes at that url,
 * and sends (`POST /{phone-number-id}/messages` → `{ messages: [{ id: 'wamid…' }] }`). Every call
 * needs the Bearer token (else 401, as Graph answers); `failNext` makes the next calls answer an
 * error (429 rate limit, 500, 401). Every request is recorded, in order.
 */
export async function startGraphApi(token = 'wa-token') {
  const received: Received[] = []
  const media = new Map<string, { bytes: Uint8Array; mime: string }>()
  const failures: { status: number; code: number }[] = []
  let sends = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const entry: Received = { method: req.method ?? '', path: req.url ?? '', headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8') }
      received.push(entry)
      const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
      const failure = failures.shift()
      if (failure) return json(failure.status, { error: { message: `(#${failure.code}) stand-in failure`, type: 'OAuthException', code: failure.code } })
      if (entry.headers.authorization !== `Bearer ${token}`) return json(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } })
      // Graph paths start with the API version (/v21.0/…); the stand-in answers with or without it.
      const path = new URL(entry.path, 'http://x').pathname.replace(/^\/v\d+\.\d+(?=\/)/, '')
      const download = /^\/media-download\/([^/]+)$/.exec(path)
      if (req.method === 'GET' && download) {
        const item = media.get(decodeURIComponent(download[1]!))
        if (!item) return json(404, { error: { message: 'not found' } })
        return res.writeHead(200, { 'Content-Type': item.mime, 'Content-Length': item.bytes.length }).end(Buffer.from(item.bytes))
      }
      const messages = /^\/[^/]+\/messages$/.exec(path)
      if (req.method === 'POST' && messages) return json(200, { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.standin${++sends}` }] })
      const id = decodeURIComponent(path.slice(1))
      const item = req.method === 'GET' ? media.get(id) : undefined
      if (!item) return json(404, { error: { message: `Unsupported get request. Object with ID '${id}' does not exist`, code: 100 } })
      return json(200, { messaging_product: 'whatsapp', url: `${url}/media-download/${encodeURIComponent(id)}`, mime_type: item.mime, sha256: createHash('sha256').update(item.bytes).digest('hex'), file_size: item.bytes.length, id })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  afterAll(close)
  return {
    url,
    received,
    /** Makes `bytes` downloadable as media `id` (as a reporter's upload is). */
    addMedia(id: string, bytes: Uint8Array, mime: string) {
      media.set(id, { bytes, mime })
    },
    /** The next `count` calls, whatever they ask, answer `status` with Graph's error `code` in the body. */
    failNext(status: number, count = 1, code = status === 429 ? 80007 : status === 401 ? 190 : 1) {
      for (let i = 0; i < count; i++) failures.push({ status, code })
    },
    /** The bodies of the messages sent so far. */
    sent: () => received.filter((r) => r.method === 'POST' && /\/messages$/.test(r.path)).map((r) => JSON.parse(r.body) as Record<string, unknown>),
    close,
  }
}
