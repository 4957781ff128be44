/**
 * The public proof of the 1×24-hour promise (issue 24): month by month, reports received, the
 * share handled within 24 hours, the median time to handle and the IKM grade, for the city and each
 * kelurahan. No personal data; small counts suppressed. Pure: takes `now` and rows.
 */
import { dayOf, formatPercent, median, monthPeriod, periodMs, percent, type Period } from './figures'
import { monthNames } from './format'
import { computeIkm, type SurveyAnswers } from './ikm'

/** Counts from 1 to 4 are shown as "< 5": a small count in a kelurahan can point at a household. */
export const smallestShownCount = 5

/** The promise the page measures (DOMAIN.md: every case handled within 1×24 hours). */
export const promiseMinutes = 24 * 60

/**
 * Categories that could identify a person in a small area (mental illness, children, violence):
 * counted in the totals, never listed on their own. Matched on the code and the name an admin gives.
 */
export function identifiesPerson(category: { code: string; name: string }): boolean {
  return /odgj|jiwa|anak|kekerasan|kdrt|pelecehan|abh\b/i.test(`${category.code} ${category.name}`)
}

/** A count as the public may see it. */
export function shownCount(n: number): string {
  return n > 0 && n < smallestShownCount ? `< ${smallestShownCount}` : n.toLocaleString('id-ID')
}

export type PublicMonth = { key: string; label: string; period: Period }

/** The last `count` local months up to the one holding `now`, newest first. */
export function recentMonths(now: number, offsetMinutes: number, count = 12): PublicMonth[] {
  const today = new Date(dayOf(now, offsetMinutes) * 86_400_000)
  const out: PublicMonth[] = []
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1))
    const [year, month] = [d.getUTCFullYear(), d.getUTCMonth() + 1]
    out.push({ key: `${year}-${String(month).padStart(2, '0')}`, label: `${monthNames[month - 1]} ${year}`, period: monthPeriod(year, month) })
  }
  return out
}

export type MonthRow = { label: string; received: string; handled: string; withinPromise: string; median: string; ikm: string }

/**
 * One row per month. A share, a median or a grade drawn from fewer than five cases or answers is
 * not shown ("–"): it would describe those few people.
 */
export function monthRows(
  months: readonly PublicMonth[],
  offsetMinutes: number,
  data: { receivedByDay: readonly { day: number; received: number }[]; handled: readonly { resolvedAt: number; minutes: number }[]; surveys: readonly (SurveyAnswers & { answeredAt: number })[] },
  format: { duration: (minutes: number) => string },
): MonthRow[] {
  return months.map((m) => {
    const { start, end } = periodMs(m.period, offsetMinutes)
    const received = data.receivedByDay.filter((r) => r.day >= m.period.from && r.day <= m.period.to).reduce((sum, r) => sum + r.received, 0)
    const minutes = data.handled.filter((h) => h.resolvedAt >= start && h.resolvedAt < end).map((h) => h.minutes)
    const within = minutes.filter((x) => x <= promiseMinutes).length
    const surveys = data.surveys.filter((s) => s.answeredAt >= start && s.answeredAt < end)
    const enough = minutes.length >= smallestShownCount
    const ikm = surveys.length >= smallestShownCount ? computeIkm(surveys) : null
    const share = percent(within, minutes.length)
    return {
      label: m.label,
      received: shownCount(received),
      handled: shownCount(minutes.length),
      withinPromise: enough ? formatPercent(share) : '–',
      median: enough ? format.duration(median(minutes)!) : '–',
      ikm: ikm ? `${ikm.grade} (${String(ikm.score).replace('.', ',')})` : '–',
    }
  })
}

/** Received per category over the months shown, listed only for categories that identify no one, largest first. */
export function categoryRows(categories: readonly { id: number; code: string; name: string }[], received: ReadonlyMap<number, number>): { name: string; received: string }[] {
  return categories
    .filter((c) => !identifiesPerson(c) && (received.get(c.id) ?? 0) > 0)
    .map((c) => ({ name: c.name, n: received.get(c.id)! }))
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))
    .map((c) => ({ name: c.name, received: shownCount(c.n) }))
}
