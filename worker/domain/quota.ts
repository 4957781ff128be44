/** A fixed-window allowance: at most `limit` requests per `windowMs` for one key. */
export type QuotaRule = { limit: number; windowMs: number }
export type QuotaCount = { count: number; windowStart: number }

const minute = 60_000
const hour = 60 * minute

// Public abuse limits without third-party services (issue 6). SECURITY.md (d) asks ≤ 10/min per
// client for the public form; a person rarely sends more than a few real reports a day.
export const quotas = {
  reportPerAddress: { limit: 10, windowMs: 10 * minute },
  reportPerPhone: { limit: 5, windowMs: 24 * hour },
  open311PerKey: { limit: 60, windowMs: minute },
  // Guest links (issue 24): a 256-bit token is not guessed, but a flood of opens or answers is refused.
  guestPerAddress: { limit: 60, windowMs: 10 * minute },
  guestAnswersPerLink: { limit: 20, windowMs: 24 * hour },
} satisfies Record<string, QuotaRule>

/** Whether the request counted in `count` is within the rule; when not, how long until the window resets. */
export function checkQuota(count: QuotaCount, rule: QuotaRule, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (count.count <= rule.limit) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((count.windowStart + rule.windowMs - now) / 1000)) }
}
