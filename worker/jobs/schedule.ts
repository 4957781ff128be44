// The sweep's schedule, shared by both runtimes: wrangler.toml's cron trigger on Workers (a test
// checks it carries this value) and the in-process scheduler on Node.

/** Every 5 minutes, UTC (Cloudflare cron is UTC; the digest's 07:00 local is decided by the sweep). */
export const sweepCron = '*/5 * * * *'

type Field = { min: number; max: number }
const fields: Field[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12 }, // month
  { min: 0, max: 6 }, // day of week, 0 = Sunday
]

function parseField(text: string, f: Field): Set<number> {
  const values = new Set<number>()
  for (const part of text.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part)
    if (!m) throw new Error(`Unsupported cron field "${text}"`)
    const range = m[1]!
    let lo: number
    let hi: number
    if (range === '*') [lo, hi] = [f.min, f.max]
    else if (range.includes('-')) [lo, hi] = range.split('-').map(Number) as [number, number]
    else [lo, hi] = [Number(range), m[2] ? f.max : Number(range)]
    const step = m[2] ? Number(m[2]) : 1
    if (lo < f.min || hi > f.max || lo > hi || step < 1) throw new Error(`Cron field "${text}" out of range`)
    for (let v = lo; v <= hi; v += step) values.add(v)
  }
  return values
}

/** Whether a 5-field cron expression (minute hour day month weekday; *, lists, ranges, steps) fires at the UTC minute of `at`. */
export function cronMatches(expression: string, at: number): boolean {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5) throw new Error(`Cron "${expression}" must have 5 fields`)
  const d = new Date(at)
  const now = [d.getUTCMinutes(), d.getUTCHours(), d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCDay()]
  return parts.every((p, i) => parseField(p, fields[i]!).has(now[i]!))
}

/** The first whole UTC minute after `after` at which `expression` fires (searches one year). */
export function nextCronTime(expression: string, after: number): number {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000
  for (let i = 0; i < 366 * 24 * 60; i++, t += 60_000) if (cronMatches(expression, t)) return t
  throw new Error(`Cron "${expression}" never fires`)
}

/**
 * Node's in-process scheduler: runs `task` at each cron time, one run at a time (a run still going
 * when the next is due is skipped; the sweep catches up from the database anyway). Returns stop().
 */
export function startScheduler(expression: string, task: () => Promise<unknown>, opts: { now?: () => number; onError?: (err: unknown) => void } = {}) {
  const now = opts.now ?? Date.now
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let stopped = false
  const arm = () => {
    if (stopped) return
    timer = setTimeout(tick, Math.max(0, nextCronTime(expression, now()) - now()))
  }
  const tick = async () => {
    if (!running) {
      running = true
      try {
        await task()
      } catch (err) {
        opts.onError?.(err)
      } finally {
        running = false
      }
    }
    arm()
  }
  arm()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
