/** Failed sign-ins remembered for one key (an account or an address). */
export type FailureRecord = { failures: number; windowStart: number; blockedUntil: number }

// ASVS 6.1.1 / SECURITY.md (d): slow down after 5 failures, refuse for 15 minutes after 10.
const slowAfter = 5
const refuseAfter = 10
const refuseMs = 15 * 60_000
const windowMs = 15 * 60_000

/** Whether an attempt may be made now; when not, how long to wait. */
export function checkAttempt(record: FailureRecord | undefined, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (!record || record.blockedUntil <= now) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.ceil((record.blockedUntil - now) / 1000) }
}

/** The record after one more failure: failures past five wait 2, 4, 8… seconds, the tenth blocks 15 minutes. */
export function recordFailure(record: FailureRecord | undefined, now: number): FailureRecord {
  const fresh = !record || now - record.windowStart > windowMs
  const failures = fresh ? 1 : record.failures + 1
  const windowStart = fresh ? now : record.windowStart
  if (failures >= refuseAfter) return { failures, windowStart, blockedUntil: now + refuseMs }
  if (failures >= slowAfter) return { failures, windowStart, blockedUntil: now + 1000 * 2 ** (failures - slowAfter + 1) }
  return { failures, windowStart, blockedUntil: 0 }
}
