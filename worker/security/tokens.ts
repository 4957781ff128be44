import { createHash } from 'node:crypto'

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
