/**
 * Trying again what another service refused for now (a rate limit, an outage): the outbox's alerts,
 * the replies to reporters and the download of reporters' media all follow this one rule.
 * 8 attempts, 5 minutes doubling, capped at 6 hours: the last try comes within ~11 hours
 * (SECURITY.md, notifications: bounded attempts, ≤ 24 h; Graph keeps media for 30 days).
 */
export const maxAttempts = 8
const backoffBaseMs = 5 * 60_000
const backoffCapMs = 6 * 3_600_000

/** After `attempts` failed tries: when to try again, or null to give up (a dead letter, media `gagal`). */
export function nextAttemptAt(attempts: number, now: number): number | null {
  if (attempts >= maxAttempts) return null
  return now + Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1))
}
