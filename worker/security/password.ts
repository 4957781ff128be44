// Password hashes carry their scheme and work factor ("pbkdf2-sha256$<iterations>$<salt>$<hash>")
// so that a stronger setting can be adopted later: verifyPassword reports when to re-hash.
const scheme = 'pbkdf2-sha256'

import { workerPasswordIterations, type Runtime } from '../config'

export type HashSettings = { pepper: string; passwordIterations: number; runtime?: Runtime }

const encoder = new TextEncoder()

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0))
}

// The pepper is an HMAC key kept outside the database: a stolen database alone cannot be cracked
// offline, which compensates for the Workers' 100,000-iteration cap.
async function pepperedKey(password: string, pepper: string): Promise<CryptoKey> {
  const hmacKey = await crypto.subtle.importKey('raw', encoder.encode(pepper), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const peppered = await crypto.subtle.sign('HMAC', hmacKey, encoder.encode(password.normalize('NFC')))
  return crypto.subtle.importKey('raw', peppered, 'PBKDF2', false, ['deriveBits'])
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number, pepper: string): Promise<Uint8Array> {
  const key = await pepperedKey(password, pepper)
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)
  return new Uint8Array(bits)
}

export async function hashPassword(password: string, settings: HashSettings): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hash = await derive(password, salt, settings.passwordIterations, settings.pepper)
  return `${scheme}$${settings.passwordIterations}$${toBase64(salt)}$${toBase64(hash)}`
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/**
 * Checks a password against a stored hash. `rehash` is set when the hash was made with a
 * different work factor than this runtime's: the caller stores it, upgrading the account.
 */
export async function verifyPassword(password: string, stored: string, settings: HashSettings): Promise<{ ok: boolean; rehash?: string; unverifiable?: true }> {
  const [storedScheme, iterationText, saltText, hashText] = stored.split('$')
  const iterations = Number(iterationText)
  if (storedScheme !== scheme || !Number.isSafeInteger(iterations) || !saltText || !hashText) return { ok: false }
  // Cloudflare throws on PBKDF2 above its cap: such a hash (made on Node) needs a password reset.
  if (settings.runtime === 'worker' && iterations > workerPasswordIterations) return { ok: false, unverifiable: true }
  const hash = await derive(password, fromBase64(saltText), iterations, settings.pepper)
  if (!constantTimeEqual(hash, fromBase64(hashText))) return { ok: false }
  if (iterations === settings.passwordIterations) return { ok: true }
  return { ok: true, rehash: await hashPassword(password, settings) }
}

/** Spends the same work as a real check, so an unknown username answers no faster than a known one. */
export async function checkNoPassword(password: string, settings: HashSettings): Promise<{ ok: false }> {
  await derive(password, crypto.getRandomValues(new Uint8Array(16)), settings.passwordIterations, settings.pepper)
  return { ok: false }
}
