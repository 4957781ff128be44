// TOTP (RFC 6238) over HOTP (RFC 4226) and base32 (RFC 4648) from @oslojs/otp and @oslojs/encoding,
// which run on both runtimes (pure JS, no Node APIs). Here: the clock is ours (the library's TOTP
// functions read Date.now), one step of drift, replay refusal and the recovery codes.
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp'

export const totpStepSeconds = 30
export const totpDigits = 6

/** Decodes base32, ignoring case, spaces, dashes and padding; null when it is not base32. */
export function base32Decode(text: string): Uint8Array | null {
  try {
    return decodeBase32IgnorePadding(text.toUpperCase().replace(/[\s-]/g, ''))
  } catch {
    return null
  }
}

/** HOTP value of `counter` (RFC 4226, HMAC-SHA-1), zero-padded to `digits` (6 to 8). */
export function hotp(secret: Uint8Array, counter: number, digits = totpDigits): string {
  return generateHOTP(secret, BigInt(counter), digits)
}

/** The time step of `nowMs` (RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / totpStepSeconds)
}

export function totp(secret: Uint8Array, nowMs: number, digits = totpDigits): string {
  return hotp(secret, totpStep(nowMs), digits)
}

/**
 * The step a 6-digit code matches, within one step either side (clock drift, RFC 6238 §5.2), and
 * only steps after `lastStep`: a code seen once is never accepted again (replay). Null otherwise.
 */
export function verifyTotp(secret: Uint8Array, code: string, nowMs: number, lastStep = -1): number | null {
  const typed = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(typed)) return null
  const current = totpStep(nowMs)
  let matched: number | null = null
  for (const step of [current - 1, current, current + 1]) {
    // Every candidate is checked (in constant time, by the library): the time taken tells nothing about the code.
    if (verifyHOTP(secret, BigInt(step), totpDigits, typed) && step > lastStep && matched === null) matched = step
  }
  return matched
}

/** A new shared secret: 160 bits, the HMAC-SHA-1 output size RFC 4226 §4 recommends. */
export function newTotpSecret(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))
}

/** The otpauth:// URI authenticator apps read from the enrolment QR code; `secret` in base32. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  return createTOTPKeyURI(issuer, account, base32Decode(secret) ?? new Uint8Array(), totpStepSeconds, totpDigits)
}

/** Ten single-use recovery codes of 50 random bits each, grouped for reading aloud: `abcde-fghij`. */
export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const code = encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(7))).slice(0, 10).toLowerCase()
    return `${code.slice(0, 5)}-${code.slice(5)}`
  })
}

/** A typed recovery code in its stored form (hashed by the caller): case, spaces and dashes ignored. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '').slice(0, 32)
}
