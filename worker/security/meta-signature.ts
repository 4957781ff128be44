import { createHmac } from 'node:crypto'
import { sameText } from './tokens'

/**
 * Whether `header` (X-Hub-Signature-256: "sha256=<hex>") is Meta's HMAC-SHA256 of the raw body
 * under the app secret; compared in constant time. The bytes as received, not re-encoded JSON.
 */
export function isMetaSignature(appSecret: string, body: Uint8Array, header: string | undefined): boolean {
  if (!header || !header.startsWith('sha256=')) return false
  const expected = createHmac('sha256', appSecret).update(body).digest('hex')
  return sameText(header.slice('sha256='.length).toLowerCase(), expected)
}
