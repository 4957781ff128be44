import { describe, expect, it } from 'vitest'
import { base32Decode, hotp, newRecoveryCodes, newTotpSecret, otpauthUri, totp, verifyTotp } from '../../worker/security/totp'

const ascii = (s: string) => new TextEncoder().encode(s)
// RFC 6238 Appendix B: the SHA-1 seed and the 8-digit values at each time (the app uses SHA-1 only,
// as the otpauth URI tells the authenticator).
const seed = ascii('12345678901234567890')
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('gives the RFC 6238 value at %i s', (seconds, expected) => {
    expect(totp(seed, seconds * 1000, 8)).toBe(expected)
  })

  it('gives the RFC 4226 HOTP values for counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
    for (const [counter, value] of expected.entries()) expect(hotp(seed, counter)).toBe(value)
  })

  it('reads base32 as RFC 4648 spells it, ignoring case, spaces and padding', () => {
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======')!)).toBe('foobar')
    expect(new TextDecoder().decode(base32Decode('MZ-XW6-YTBOI')!)).toBe('foobar')
    expect(base32Decode('MZXW1')).toBeNull()
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(secret)).toHaveLength(20)
  })

  it('gives authenticator apps the secret, SHA-1, six digits and 30 s in the otpauth URI', () => {
    const secret = newTotpSecret()
    const uri = new URL(otpauthUri('Sigap', 'budi.s', secret))
    expect(`${uri.protocol}//${uri.host}${decodeURIComponent(uri.pathname)}`).toBe('otpauth://totp/Sigap:budi.s')
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'Sigap', algorithm: 'SHA1', digits: '6', period: '30' })
  })

  it('accepts one step of drift either side, never a code already used, never a wrong one', () => {
    const secret = base32Decode(newTotpSecret())!
    const now = Date.parse('2026-11-24T09:00:10+07:00')
    const step = Math.floor(now / 30_000)
    const code = totp(secret, now)
    expect(verifyTotp(secret, code, now)).toBe(step)
    expect(verifyTotp(secret, code, now + 30_000)).toBe(step)
    expect(verifyTotp(secret, code, now + 90_000)).toBeNull()
    expect(verifyTotp(secret, code, now, step)).toBeNull()
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect(verifyTotp(secret, wrong, now)).toBeNull()
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull()
  })

  it('makes ten distinct recovery codes of 50 random bits', () => {
    const codes = newRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
  })
})
