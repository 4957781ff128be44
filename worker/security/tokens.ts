import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { Buffer } from 'node:buffer'

/** A URL-safe random token of 32 bytes (256 bits) from the CSPRNG. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Hex SHA-256, used to store session tokens without storing the tokens themselves. */
export async function sha256Hex(text: string): Promise<string> {
  // node:crypto (Workers: nodejs_compat) hashes in place; crypto.subtle.digest went through the
  // thread pool, about 55 µs and an extra event-loop turn on every signed-in request (bench, issue 10).
  return createHash('sha256').update(text).digest('hex')
}

/**
 * A secret of its own for one use (`label`), derived from the deployment's pepper: a value signed
 * for one purpose is never valid for another, and the pepper itself never signs anything public.
 */
export function deriveSecret(pepper: string, label: string): string {
  return createHmac('sha256', pepper).update(`sigap:${label}`).digest('hex')
}

/** HMAC-SHA256 of `message`, cut to 128 bits, URL-safe base64: enough for a link or a cookie. */
export function hmacBase64Url(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest().subarray(0, 16).toString('base64url')
}

/** Whether two strings are equal, in time that does not depend on where they differ. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
