import { describe, expect, it } from 'vitest'
import { maxAttempts, nextAttemptAt } from '../../worker/domain/retry'

describe('retry back-off (alerts, replies to reporters, reporters’ media)', () => {
  it('doubles from 5 minutes, at most 6 hours apart, and stops after the eighth attempt', () => {
    const now = 1_000
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => (nextAttemptAt(n, now)! - now) / 60_000)).toEqual([5, 10, 20, 40, 80, 160, 320])
    expect(maxAttempts).toBe(8)
    expect(nextAttemptAt(maxAttempts, now)).toBeNull()
  })
})
