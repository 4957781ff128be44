// The sweep's schedule, shared by both runtimes: wrangler.toml's cron trigger on Workers (a test
// checks it carries this value) and croner on Node, which reads the same expression.
import { Cron } from 'croner'

/** Every 5 minutes, UTC (Cloudflare cron is UTC; the digest's 07:00 local is decided by the sweep). */
export const sweepCron = '*/5 * * * *'

/**
 * Node's in-process scheduler: runs `task` at each cron time, one run at a time (a run still going
 * when the next is due is skipped; the sweep catches up from the database anyway). Returns stop().
 */
export function startScheduler(expression: string, task: () => Promise<unknown>, opts: { onError?: (err: unknown) => void } = {}) {
  const job = new Cron(expression, { timezone: 'UTC', protect: true, catch: (err) => opts.onError?.(err) }, async () => void (await task()))
  return () => job.stop()
}
