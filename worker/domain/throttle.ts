/** Failed sign-ins remembered for one key (an account or an address). */
export type FailureRecord = { failures: number; windowStart: number; blockedUntil: number }

// ASVS 6.1.1 / SECURITY.md (d): slow down after 5 failures, refuse for 15 minutes after 10.
const slowAfter = 5
const refuseAfter = 10
const refuseMs = 15 * 60_000
/** Failures are counted in windows of this length from the first one; older ones are forgotten. */
export const failureWindowMs = 15 * 60_000

/** Whether an attempt may be made now; when not, how long to wait. */
export function checkAttempt(record: FailureRecord | undefined, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (!record || record.blockedUntil <= now) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.ceil((record.blockedUntil - now) / 1000) }
}

/** Until when to refuse after the `failures`-th failure of a window: failures past five wait 2, 4, 8… seconds, the tenth blocks 15 minutes. */
export function blockedUntilAfter(failures: number, now: number): number {
  if (failures >= refuseAfter) return now + refuseMs
  if (failures >= slowAfter) return now + 1000 * 2 ** (failures - slowAfter + 1)
  return 0
}
