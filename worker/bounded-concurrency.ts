import type { Context, MiddlewareHandler } from 'hono'

/**
 * At most `running` requests are handled at once and at most `waiting` more wait their turn, in
 * arrival order; past that the answer is 503 with Retry-After, before the body is read. A burst
 * then costs a queue of small waiting requests instead of hundreds of half-built pages and form
 * bodies in memory at once (issue 25: RSS under bursts). A refused report was never acknowledged:
 * the form keeps it and sends it again with the same key.
 */
export function boundedConcurrency(limits: { running: number; waiting: number }, busy: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  let running = 0
  const queue: (() => void)[] = []
  return async (c, next) => {
    if (running >= limits.running) {
      if (queue.length >= limits.waiting) {
        c.header('Retry-After', '1')
        return busy(c)
      }
      await new Promise<void>((resolve) => queue.push(resolve))
    } else running++
    try {
      await next()
    } finally {
      // The slot passes straight to the first waiting request, so `running` never dips and refills.
      const turn = queue.shift()
      if (turn) turn()
      else running--
    }
  }
}
