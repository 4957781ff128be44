import { describe, expect, it } from 'vitest'
import { blockedUntilAfter, checkAttempt, failureRules, waitText } from '../../worker/domain/throttle'

const now = Date.parse('2026-11-24T09:00:00+07:00')
const holdSeconds = (failures: number, rule: (typeof failureRules)[keyof typeof failureRules]) => (blockedUntilAfter(failures, now, rule) - now) / 1000

describe('checkAttempt', () => {
  it('lets a key with no record, or whose hold has passed, try at once', () => {
    expect(checkAttempt(undefined, now)).toEqual({ allowed: true })
    expect(checkAttempt({ failures: 7, windowStart: now - 60_000, blockedUntil: now }, now)).toEqual({ allowed: true })
  })

  it('tells a held key how many whole seconds are left, rounded up', () => {
    expect(checkAttempt({ failures: 6, windowStart: now - 60_000, blockedUntil: now + 1_500 }, now)).toEqual({ allowed: false, retryAfterSeconds: 2 })
    expect(checkAttempt({ failures: 10, windowStart: now, blockedUntil: now + 15 * 60_000 }, now)).toEqual({ allowed: false, retryAfterSeconds: 900 })
  })
})

describe('blockedUntilAfter', () => {
  it('slows an account at one address after 5 failures, doubling from 2 s to 32 s, and refuses it for 15 minutes at 10', () => {
    const rule = failureRules.signInPair
    expect(blockedUntilAfter(4, now, rule)).toBe(0)
    expect([5, 6, 7, 8, 9].map((n) => holdSeconds(n, rule))).toEqual([2, 4, 8, 16, 32])
    expect(holdSeconds(10, rule)).toBe(15 * 60)
    expect(holdSeconds(25, rule)).toBe(15 * 60)
  })

  it('only ever slows the keys a stranger can trip, so the owner is never locked out for long', () => {
    for (const name of ['signInAccount', 'signInAddress', 'trackTicket'] as const) {
      const rule = failureRules[name]
      expect(rule, name).not.toHaveProperty('refuseAfter')
      expect(blockedUntilAfter(rule.slowAfter - 1, now, rule), name).toBe(0)
      expect(holdSeconds(1_000, rule), name).toBe(rule.maxDelayMs / 1000)
    }
    expect([10, 11, 14, 15, 40].map((n) => holdSeconds(n, failureRules.signInAccount))).toEqual([2, 4, 32, 60, 60])
    expect(holdSeconds(1_000, failureRules.trackTicket)).toBe(300)
  })
})

describe('waitText', () => {
  it('says seconds under a minute and whole minutes, rounded up, above', () => {
    expect([waitText(1), waitText(59), waitText(60), waitText(61), waitText(900)]).toEqual(['1 detik', '59 detik', '1 menit', '2 menit', '15 menit'])
  })
})
