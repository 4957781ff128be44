/**
 * A form's idempotency key: random, URL-safe, 16 to 64 characters. The intake form and the case
 * action forms carry one; a form sent twice (a double tap, a phone replaying its queue) is found by
 * its key and saved once.
 */
export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(value)
}
