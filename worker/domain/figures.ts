/**
 * Dashboard arithmetic (issue 7): local days, periods, percentages. Pure: takes `now` and a zone.
 * Days are numbered from 1970-01-01 in the deployment's zone, the key of the rollup table.
 */

import { formatDuration } from './format'
import { zoneOffset } from './zone'

const dayMs = 86_400_000

/** Minutes the zone is ahead of UTC at `at` (Indonesia: 420, 480 or 540; no DST). */
export function zoneOffsetMinutes(zone: string, at: number): number {
  return Math.round(zoneOffset(at, zone) / 60_000)
}

export const dayOf = (ms: number, offsetMinutes: number) => Math.floor((ms + offsetMinutes * 60_000) / dayMs)
export const dayStart = (day: number, offsetMinutes: number) => day * dayMs - offsetMinutes * 60_000

/** 'YYYY-MM-DD' ↔ day number. */
export function parseDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const back = new Date(ms)
  if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return null
  return ms / dayMs
}
export const formatDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10)

/** An inclusive range of local days. */
export type Period = { from: number; to: number }

export const periodText = (p: Period) => `${formatDay(p.from)}..${formatDay(p.to)}`

/** `2026-11-01..2026-11-30` (or one date); at most ten years, `to` not before `from`. */
export function parsePeriod(text: string | undefined): Period | null {
  if (!text) return null
  const [a, b = a] = text.split('..')
  const from = parseDate(a ?? '')
  const to = parseDate(b ?? '')
  if (from === null || to === null || to < from || to - from > 3660) return null
  return { from, to }
}

export function todayOf(now: number, offsetMinutes: number): Period {
  const d = dayOf(now, offsetMinutes)
  return { from: d, to: d }
}

export function monthOf(now: number, offsetMinutes: number): Period {
  const d = new Date(dayOf(now, offsetMinutes) * dayMs)
  return monthPeriod(d.getUTCFullYear(), d.getUTCMonth() + 1)
}

export function monthPeriod(year: number, month: number): Period {
  return { from: Date.UTC(year, month - 1, 1) / dayMs, to: Date.UTC(year, month, 1) / dayMs - 1 }
}

/** The local month that `day` falls in. */
export function monthAround(day: number): Period {
  const d = new Date(day * dayMs)
  return monthPeriod(d.getUTCFullYear(), d.getUTCMonth() + 1)
}

/** No day at all: a range that holds nothing, so a read of a fixed shape can leave a part out. */
export const noDays: Period = { from: 1, to: 0 }

/**
 * How the median's histograms read `p` (issue 25): its months from the monthly rows, and at each end
 * the days of a partial month, whichever are fewer: the days themselves (`add`), or the whole month
 * less the days outside the period (`subtract`). This month up to today is then the month's row less
 * the days still to come, which are empty. `months` runs from the first day of the first month read
 * whole to that of the last (contiguous: only the two end months can be partial).
 */
export function periodParts(p: Period): { months: Period; add: [Period, Period]; subtract: [Period, Period] } {
  const add: Period[] = []
  const subtract: Period[] = []
  const whole: number[] = []
  for (let month = monthAround(p.from); month.from <= p.to; month = monthAround(month.to + 1)) {
    const from = Math.max(p.from, month.from)
    const to = Math.min(p.to, month.to)
    const inside = to - from + 1
    if (inside <= month.to - month.from + 1 - inside) {
      add.push({ from, to })
      continue
    }
    whole.push(month.from)
    if (from > month.from) subtract.push({ from: month.from, to: from - 1 })
    if (to < month.to) subtract.push({ from: to + 1, to: month.to })
  }
  const two = (list: Period[]): [Period, Period] => [list[0] ?? noDays, list[1] ?? noDays]
  return { months: whole.length > 0 ? { from: whole[0]!, to: whole.at(-1)! } : noDays, add: two(add), subtract: two(subtract) }
}

export function yearPeriod(year: number): Period {
  return { from: Date.UTC(year, 0, 1) / dayMs, to: Date.UTC(year + 1, 0, 1) / dayMs - 1 }
}

export const yearOf = (now: number, offsetMinutes: number) => new Date(dayOf(now, offsetMinutes) * dayMs).getUTCFullYear()

/** The UTC ms range [start, end) that a period of local days covers. */
export function periodMs(p: Period, offsetMinutes: number): { start: number; end: number } {
  return { start: dayStart(p.from, offsetMinutes), end: dayStart(p.to + 1, offsetMinutes) }
}

/** The median; the mean of the two middle values when the count is even; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = Float64Array.from(values).sort()
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The buckets of handling minutes the dashboard's median is taken from (issue 25): the rollups keep
 * a count per bucket and day, so a period's median reads days, not cases. 15 minutes wide below
 * 48 hours, an hour below 7 days, a day beyond; the median is read at a bucket's middle, so it is
 * off by at most half a width: 7.5 minutes below 48 hours, 30 minutes below 7 days, 12 hours beyond.
 * The handle_buckets migration's triggers write the same rule in SQL (test/db/handle-buckets.test.ts).
 */
export const handleBuckets = [
  { below: 48 * 60, width: 15 },
  { below: 7 * 24 * 60, width: 60 },
  { below: Infinity, width: 24 * 60 },
] as const

/** The bucket index of a handling time in whole minutes. */
export function handleBucket(minutes: number): number {
  const m = Math.max(0, minutes)
  let first = 0
  let from = 0
  for (const b of handleBuckets) {
    if (m < b.below) return first + Math.floor((m - from) / b.width)
    first += (b.below - from) / b.width
    from = b.below
  }
  throw new Error('unreachable: the last bucket is open')
}

/** The minutes a bucket covers, [from, to). */
export function bucketRange(index: number): { from: number; to: number } {
  let first = 0
  let from = 0
  for (const b of handleBuckets) {
    const count = (b.below - from) / b.width
    if (index < first + count) {
      const start = from + (index - first) * b.width
      return { from: start, to: start + b.width }
    }
    first += count
    from = b.below
  }
  throw new Error('unreachable: the last bucket is open')
}

/**
 * The median of counts per bucket (`counts[i]` for bucket i; holes and zeros are empty buckets), each
 * value read at its bucket's middle (the mean of the two middle ones when the count is even); null for none.
 */
export function bucketMedian(counts: readonly (number | undefined)[]): number | null {
  let total = 0
  for (const n of counts) total += n ?? 0
  if (total === 0) return null
  const at = (rank: number) => {
    let seen = 0
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i] ?? 0
      if (rank < seen) {
        const r = bucketRange(i)
        return (r.from + r.to) / 2
      }
    }
    throw new Error('unreachable: rank below the total')
  }
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2
}

/** Share in percent with one decimal; null when there is nothing to share. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null
}

/** A median handling time in the one duration format ("24 jam 30 menit"), to the nearest minute; a dash for none. */
export const formatMinutes = (minutes: number | null): string => (minutes === null ? '–' : formatDuration(Math.round(minutes)))

export const formatPercent = (p: number | null) => (p === null ? '–' : `${String(p).replace('.', ',')}%`)

/** The programmes of seed 002's recap of escalated cases (categories.group_name). */
export const programmes = ['JPS Kesehatan', 'JPS Pendidikan', 'JPS Rutilahu', 'JPS Sosial'] as const
