// A Web Push service stand-in on 127.0.0.1 and the browser end of a subscription: it checks each
// request's VAPID signature (RFC 8292) and decrypts the payload as a browser does (RFC 8291 over
// RFC 8188 aes128gcm), with Node's own crypto, independently of the library that sent it.
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { generate } from 'selfsigned'
import { Agent, fetch as undiciFetch } from 'undici'

export type BrowserSubscription = { endpoint: string; p256dh: string; auth: string; decrypt(body: Buffer): unknown }
export type Delivered = { endpoint: string; payload: unknown; ttl: string | undefined; urgency: string | undefined }

const b64url = (buf: Buffer) => buf.toString('base64url')
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest()

/** A browser's subscription: its P-256 key pair and auth secret, and how it decrypts what it receives. */
function browser(endpoint: string): BrowserSubscription {
  const ecdh = createECDH('prime256v1')
  const uaPublic = ecdh.generateKeys()
  const authSecret = randomBytes(16)
  return {
    endpoint,
    p256dh: b64url(uaPublic),
    auth: b64url(authSecret),
    decrypt(body) {
      const salt = body.subarray(0, 16)
      const rs = body.readUInt32BE(16)
      const idlen = body[20]!
      const asPublic = body.subarray(21, 21 + idlen)
      const record = body.subarray(21 + idlen)
      if (record.length > rs) throw new Error('more than one record')
      const ecdhSecret = ecdh.computeSecret(asPublic)
      const ikm = hmac(hmac(authSecret, ecdhSecret), Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1])]))
      const prk = hmac(salt, ikm)
      const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16)
      const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12)
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce).setAuthTag(record.subarray(record.length - 16))
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()])
      // The last record ends with the delimiter 0x02, then zero padding.
      const end = padded.lastIndexOf(2)
      return JSON.parse(padded.subarray(0, end).toString('utf8'))
    },
  }
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>`: an ES256 JWT for this origin, signed by that key, at most 24 h long. */
function checkVapid(header: string | undefined, origin: string): string | null {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), ?k=([\w-]+)$/.exec(header ?? '')
  if (!m) return 'no vapid authorization'
  const [head, claims, signature] = m[1]!.split('.') as [string, string, string]
  const raw = Buffer.from(m[2]!, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) }, format: 'jwk' })
  if (!verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) return 'bad signature'
  const jwt = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string }
  if (jwt.aud !== origin) return `aud ${jwt.aud}`
  if (!(jwt.exp * 1000 > Date.now() && jwt.exp * 1000 <= Date.now() + 24 * 3600_000 + 60_000)) return 'exp out of range'
  if (!/^(mailto:|https?:\/\/)/.test(jwt.sub)) return 'no sub'
  return null
}

/**
 * The push service on https://127.0.0.1 (push endpoints are HTTPS only) with a certificate of its
 * own; `fetch` trusts it, for the code under test to send with.
 */
export async function startPushService() {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] })
  const agent = new Agent({ connect: { ca: pems.cert } })
  const subscriptions = new Map<string, BrowserSubscription>()
  const gone = new Set<string>()
  const delivered: Delivered[] = []
  const refused: string[] = []
  const server = createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const endpoint = `${origin}${req.url}`
    const sub = subscriptions.get(endpoint)
    if (!sub || gone.has(endpoint)) return void res.writeHead(410).end()
    const problem = checkVapid(req.headers.authorization, origin) ?? (req.headers['content-encoding'] === 'aes128gcm' ? null : 'not aes128gcm')
    if (problem) {
      refused.push(problem)
      return void res.writeHead(403).end()
    }
    delivered.push({ endpoint, payload: sub.decrypt(Buffer.concat(chunks)), ttl: req.headers.ttl as string | undefined, urgency: req.headers.urgency as string | undefined })
    res.writeHead(201).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    fetch: ((input: string, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch,
    delivered,
    refused,
    /** A new browser subscribed at this service. */
    subscribe(): BrowserSubscription {
      const sub = browser(`${origin}/push/${randomBytes(8).toString('hex')}`)
      subscriptions.set(sub.endpoint, sub)
      return sub
    },
    /** The browser unsubscribed: the service answers 410 Gone from now on. */
    expire(endpoint: string) {
      gone.add(endpoint)
    },
    close: async () => {
      await agent.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
