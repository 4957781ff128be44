import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, hotp, newRecoveryCodes, newTotpSecret, totp, verifyTotp, type TotpAlgorithm } from '../../worker/security/totp'

const ascii = (s: string) => new TextEncoder().encode(s)
// RFC 6238 Appendix B: the seeds and the 8-digit values at each time.
const seeds: Record<TotpAlgorithm, Uint8Array> = {
  'SHA-1': ascii('12345678901234567890'),
  'SHA-256': ascii('12345678901234567890123456789012'),
  'SHA-512': ascii('1234567890123456789012345678901234567890123456789012345678901234'),
}
const vectors: [number, string, TotpAlgorithm][] = [
  [59, '94287082', 'SHA-1'],
  [59, '46119246', 'SHA-256'],
  [59, '90693936', 'SHA-512'],
  [1111111109, '07081804', 'SHA-1'],
  [1111111109, '68084774', 'SHA-256'],
  [1111111109, '25091201', 'SHA-512'],
  [1111111111, '14050471', 'SHA-1'],
  [1111111111, '67062674', 'SHA-256'],
  [1111111111, '99943326', 'SHA-512'],
  [1234567890, '89005924', 'SHA-1'],
  [1234567890, '91819424', 'SHA-256'],
  [1234567890, '93441116', 'SHA-512'],
  [2000000000, '69279037', 'SHA-1'],
  [2000000000, '90698825', 'SHA-256'],
  [2000000000, '38618901', 'SHA-512'],
  [20000000000, '65353130', 'SHA-1'],
  [20000000000, '77737706', 'SHA-256'],
  [20000000000, '47863826', 'SHA-512'],
]

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('gives the RFC 6238 value at %i s (%s, %s)', async (seconds, expected, algorithm) => {
    expect(await totp(seeds[algorithm], seconds * 1000, { digits: 8, algorithm })).toBe(expected)
  })

  it('gives the RFC 4226 HOTP values for counters 0 to 9', async () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
    for (const [counter, value] of expected.entries()) expect(await hotp(seeds['SHA-1'], counter)).toBe(value)
  })

  it('round-trips base32 as RFC 4648 spells it', () => {
    expect(base32Encode(ascii('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Encode(ascii('f'))).toBe('MY')
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======')!)).toBe('foobar')
    expect(base32Decode('MZXW1')).toBeNull()
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Encode(base32Decode(secret)!)).toBe(secret)
  })

  it('accepts one step of drift either side, never a code already used, never a wrong one', async () => {
    const secret = base32Decode(newTotpSecret())!
    const now = Date.parse('2026-11-24T09:00:10+07:00')
    const step = Math.floor(now / 30_000)
    const code = await totp(secret, now)
    expect(await verifyTotp(secret, code, now)).toBe(step)
    expect(await verifyTotp(secret, code, now + 30_000)).toBe(step)
    expect(await verifyTotp(secret, code, now + 90_000)).toBeNull()
    expect(await verifyTotp(secret, code, now, step)).toBeNull()
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect(await verifyTotp(secret, wrong, now)).toBeNull()
    expect(await verifyTotp(secret, 'abcdef', now)).toBeNull()
  })

  it('makes ten distinct recovery codes of 50 random bits', () => {
    const codes = newRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
  })
})
