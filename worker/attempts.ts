import type { Context } from 'hono'
import { blockFailures, clearFailures, countFailures, readFailures } from './db/queries/sessions'
import { blockedUntilAfter, checkAttempt, type FailureRecord, type FailureRule } from './domain/throttle'
import type { AppEnv } from './env'

/** One failure counter and the rule it follows (worker/domain/throttle.ts failureRules). */
export type Counter = { key: string; rule: FailureRule }

/**
 * Seconds to wait before another attempt at a secret guarded by `counters` (the longest of their
 * holds), or null when it may be tried now. Sets Retry-After when it may not. Checked before the
 * secret is verified, so a held key never tells a guesser whether a guess was right.
 */
export async function heldFor(c: Context<AppEnv>, counters: Counter[]): Promise<number | null> {
  return holdOf(c, counters, await readFailures(c.var.db, counters.map((k) => k.key)))
}

/** heldFor on failure records already read (in a batch with the request's other reads). */
export function holdOf(c: Context<AppEnv>, counters: Counter[], records: Map<string, FailureRecord>): number | null {
  const now = c.var.clock.now()
  let wait = 0
  for (const { key } of counters) {
    const decision = checkAttempt(records.get(key), now)
    if (!decision.allowed) wait = Math.max(wait, decision.retryAfterSeconds)
  }
  if (wait === 0) return null
  c.header('Retry-After', String(wait))
  return wait
}

/** Counts a failed attempt on every counter and holds each one its rule says to. */
export async function countFailure(c: Context<AppEnv>, counters: Counter[]) {
  const now = c.var.clock.now()
  const counts = await countFailures(c.var.db, counters.map(({ key, rule }) => ({ key, windowMs: rule.windowMs })), now)
  await blockFailures(c.var.db, new Map(counters.map(({ key, rule }) => [key, blockedUntilAfter(counts.get(key)!, now, rule)])))
}

/** Forgets the failures of `counters` after the right secret. */
export async function forgetFailures(c: Context<AppEnv>, counters: Counter[]) {
  await clearFailures(c.var.db, counters.map((k) => k.key))
}
