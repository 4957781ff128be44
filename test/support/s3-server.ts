// An S3 stand-in on 127.0.0.1 for the off-machine backup tests: PUT, HEAD and GET of objects in
// path-style buckets, each request checked as S3 checks it (AWS Signature Version 4 over the
// canonical request, and the declared payload SHA-256 against the bytes received). No S3-compatible
// server that verifies version 4 signatures installs here from npm or Debian (s3rver skips the check).
import { createHash, createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export type S3StandIn = {
  url: string
  objects: Map<string, Buffer>
  /** Requests refused, with S3's error code. */
  refused: string[]
  puts: number
  close(): Promise<void>
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

// RFC 3986 encoding as SigV4 asks, each path segment on its own.
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

function verify(req: IncomingMessage, body: Buffer, credentials: { accessKeyId: string; secretAccessKey: string }): string | null {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '')
  if (!auth) return 'AccessDenied'
  const [, keyId, day, region, signedHeaders, signature] = auth as unknown as string[]
  if (keyId !== credentials.accessKeyId) return 'InvalidAccessKeyId'
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '')
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'XAmzContentSHA256Mismatch'
  const url = new URL(req.url!, 'http://x')
  const canonicalUri = url.pathname.split('/').map((s) => encode(decodeURIComponent(s))).join('/')
  const query = [...url.searchParams].map(([k, v]) => `${encode(k)}=${encode(v)}`).sort().join('&')
  const headers = signedHeaders!.split(';').map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('')
  const canonical = [req.method, canonicalUri, query, headers, signedHeaders, payloadHash].join('\n')
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  const scope = `${day}/${region}/s3/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day!)
  for (const part of [region!, 's3', 'aws4_request']) key = hmac(key, part)
  return hmac(key, toSign).toString('hex') === signature ? null : 'SignatureDoesNotMatch'
}

export async function startS3StandIn(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<S3StandIn> {
  const objects = new Map<string, Buffer>()
  const refused: string[] = []
  let puts = 0
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const error = verify(req, body, credentials)
    if (error) {
      refused.push(error)
      res.writeHead(403, { 'Content-Type': 'application/xml' }).end(`<Error><Code>${error}</Code></Error>`)
      return
    }
    const key = decodeURIComponent(new URL(req.url!, 'http://x').pathname)
    if (req.method === 'PUT') {
      if (req.headers['content-length'] !== String(body.length)) return void res.writeHead(400).end()
      objects.set(key, body)
      puts++
      return void res.writeHead(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"` }).end()
    }
    const object = objects.get(key)
    if (!object) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Length': object.length }).end(req.method === 'HEAD' ? undefined : object)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    refused,
    get puts() {
      return puts
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
