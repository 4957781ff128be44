// TOTP (RFC 6238) over HOTP (RFC 4226) with WebCrypto, so both runtimes share it; base32 (RFC 4648).

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

/** Decodes base32, ignoring case, spaces and padding; null when a character is not base32. */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '')
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const index = alphabet.indexOf(ch)
    if (index < 0) return null
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return new Uint8Array(out)
}

export type TotpAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-512'
export const totpStepSeconds = 30
export const totpDigits = 6

/** HOTP value of `counter` (RFC 4226 §5.3, dynamic truncation), zero-padded to `digits`. */
export async function hotp(secret: Uint8Array, counter: number, digits = totpDigits, algorithm: TotpAlgorithm = 'SHA-1'): Promise<string> {
  const message = new Uint8Array(8)
  new DataView(message.buffer).setBigUint64(0, BigInt(counter))
  const key = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: algorithm }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The time step of `nowMs` (RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0). */
export function totpStep(nowMs: number, stepSeconds = totpStepSeconds): number {
  return Math.floor(nowMs / 1000 / stepSeconds)
}

export function totp(secret: Uint8Array, nowMs: number, opts: { digits?: number; algorithm?: TotpAlgorithm; stepSeconds?: number } = {}): Promise<string> {
  return hotp(secret, totpStep(nowMs, opts.stepSeconds), opts.digits, opts.algorithm)
}

/**
 * The step a 6-digit code matches, within one step either side (clock drift, RFC 6238 §5.2), and
 * only steps after `lastStep`: a code seen once is never accepted again (replay). Null otherwise.
 */
export async function verifyTotp(secret: Uint8Array, code: string, nowMs: number, lastStep = -1): Promise<number | null> {
  const typed = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(typed)) return null
  const current = totpStep(nowMs)
  let matched: number | null = null
  for (const step of [current - 1, current, current + 1]) {
    // Every candidate is computed and compared in full: the time taken tells nothing about the code.
    if (constantTimeEqual(await hotp(secret, step), typed) && step > lastStep && matched === null) matched = step
  }
  return matched
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** A new shared secret: 160 bits, the HMAC-SHA-1 output size RFC 4226 §4 recommends. */
export function newTotpSecret(): string {
  return base32Encode(crypto.getRandomValues(new Uint8Array(20)))
}

/** The otpauth:// URI authenticator apps read from the enrolment QR code. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${totpDigits}&period=${totpStepSeconds}`
}

/** Ten single-use recovery codes of 50 random bits each, grouped for reading aloud: `abcde-fghij`. */
export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const code = base32Encode(crypto.getRandomValues(new Uint8Array(7))).slice(0, 10).toLowerCase()
    return `${code.slice(0, 5)}-${code.slice(5)}`
  })
}

/** A typed recovery code in its stored form (hashed by the caller): case, spaces and dashes ignored. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '').slice(0, 32)
}
