import type { Context } from 'hono'

/** Starts work that may finish after the response (fetching a reporter's media): both runtimes, one seam. */
export type AfterResponse = (c: Context, work: () => Promise<unknown>) => void

/**
 * On the Worker the isolate is kept alive for it (`waitUntil`); Node has no execution context and
 * the promise simply runs on. Failures are logged by name only (the work may hold personal data),
 * and whatever it did not finish the scheduled job picks up.
 */
export const runAfterResponse: AfterResponse = (c, work) => {
  const done = work().catch((err: unknown) => console.error(`background work failed: ${err instanceof Error ? err.name : 'error'}`))
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined
  try {
    ctx = c.executionCtx
  } catch {
    // Node: no ExecutionContext.
  }
  ctx?.waitUntil(done)
}
