/** Failed attempts remembered for one key (an account, an address, a ticket, or a pair of them). */
export type FailureRecord = { failures: number; windowStart: number; blockedUntil: number }

/**
 * How failures on one key slow it down: free until `slowAfter` failures in a window, then a wait
 * that doubles from 2 s up to `maxDelayMs`; with `refuseAfter`, that many failures refuse the key
 * for `refuseMs`. A rule without `refuseAfter` only ever slows ("soft" lockout, ASVS 4.0.3 2.2.1).
 */
export type FailureRule = { windowMs: number; slowAfter: number; maxDelayMs: number; refuseAfter?: number; refuseMs?: number }

const second = 1000
const minute = 60 * second
const hour = 60 * minute

// One key that only its own user can trip (an account at one address, one signed-in user's own
// secret): SECURITY.md (d) "slowed after 5 failures, refused for 15 min after 10 per account+IP".
const strict: FailureRule = { windowMs: 15 * minute, slowAfter: 5, maxDelayMs: 32 * second, refuseAfter: 10, refuseMs: 15 * minute }

/**
 * The rules of every throttled secret (issue 16). Keys anyone can trip (an account from anywhere,
 * a shared address, a ticket) only slow down, so a stranger cannot keep the owner out for long.
 */
export const failureRules = {
  /** One account from one address, or one trusted device: the owner's own mistakes or a thief of the device. */
  signInPair: strict,
  /** One account from every address without a trusted-device cookie: ≤ 10 + 60 guesses an hour (ASVS 4.0.3 2.2.1 asks ≤ 100). */
  signInAccount: { windowMs: hour, slowAfter: 10, maxDelayMs: minute },
  /** One address across accounts (password spraying); an office NAT or a proxy may share it, so it only slows. */
  signInAddress: { windowMs: 15 * minute, slowAfter: 20, maxDelayMs: minute },
  /** A signed-in user re-proving a password or a second factor: only that session can trip it. */
  ownSecret: strict,
  /** One ticket from one address at /cek. */
  trackPair: strict,
  /** One ticket from every address: the 4-digit space stays slow (≤ ~300 guesses a day) without blocking the reporter. */
  trackTicket: { windowMs: 24 * hour, slowAfter: 10, maxDelayMs: 5 * minute },
} satisfies Record<string, FailureRule>

/** Whether an attempt may be made now; when not, how long to wait. */
export function checkAttempt(record: FailureRecord | undefined, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  if (!record || record.blockedUntil <= now) return { allowed: true }
  return { allowed: false, retryAfterSeconds: Math.ceil((record.blockedUntil - now) / 1000) }
}

/** Until when to hold the key after its `failures`-th failure of a window (0: not at all). */
export function blockedUntilAfter(failures: number, now: number, rule: FailureRule): number {
  if (rule.refuseAfter !== undefined && failures >= rule.refuseAfter) return now + (rule.refuseMs ?? 0)
  if (failures >= rule.slowAfter) return now + Math.min(rule.maxDelayMs, 2 * second * 2 ** (failures - rule.slowAfter))
  return 0
}

/** Words for a wait, in the unit a person would use: "30 detik", "15 menit". */
export function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} detik` : `${Math.ceil(seconds / 60)} menit`
}
