/**
 * Due times of cases: the one place for the target rule.
 *
 * A category's target counts either calendar hours (social emergencies do not wait for
 * office hours) or working hours on the agency's calendar.
 */

import { openStatuses } from './case'
import { localParts, zoneOffset } from './zone'

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

export type OfficeDay = { start: string; end: string } | null

export type WorkCalendar = {
  /** IANA zone of the agency, e.g. 'Asia/Pontianak'. */
  zone: string
  /** Office hours per ISO weekday (1 = Monday) as local 'HH:MM'; null = closed. */
  officeHours: Record<IsoWeekday, OfficeDay>
  /** Local dates 'YYYY-MM-DD' that are closed: national holidays and cuti bersama. */
  holidays: ReadonlySet<string>
}

export type SlaTarget = { hours: number; clock: 'calendar' | 'working' }

export type TimeLeft = { overdue: boolean; minutes: number }

/** Monday–Friday 08:00–16:00, closed at the weekend. */
export const defaultOfficeHours: Record<IsoWeekday, OfficeDay> = {
  1: { start: '08:00', end: '16:00' },
  2: { start: '08:00', end: '16:00' },
  3: { start: '08:00', end: '16:00' },
  4: { start: '08:00', end: '16:00' },
  5: { start: '08:00', end: '16:00' },
  6: null,
  7: null,
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS
// Ten years of days: far beyond any target, but stops a calendar of nothing but holidays.
const MAX_DAYS = 3660

/**
 * The time a case is due. Calendar clock: exactly `hours` after receipt. Working clock:
 * only minutes inside office hours on non-holiday days (in the calendar's zone) count, so a
 * report received outside office hours starts counting at the next opening.
 * Throws only for an invalid IANA zone in the calendar (configuration, not user input).
 */
export function computeDueAt(receivedAt: number, target: SlaTarget, calendar: WorkCalendar): number {
  const ms = Number.isFinite(target.hours) && target.hours > 0 ? target.hours * HOUR_MS : 0
  if (target.clock === 'calendar' || ms === 0) return receivedAt + ms

  let remaining = ms
  let cursor = receivedAt
  // Walk whole local days; each day contributes at most one office-hours window.
  const first = localParts(receivedAt, calendar.zone)
  let day = Date.UTC(first.year, first.month - 1, first.day)
  for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS) {
    const window = officeWindow(day, calendar)
    if (window === null) continue
    const from = Math.max(cursor, window.open)
    if (from >= window.close) continue
    const available = window.close - from
    if (remaining <= available) return from + remaining
    remaining -= available
    cursor = window.close
  }
  // A calendar without any working day cannot hold the target; never leave a case without a due time.
  return receivedAt + ms
}

/**
 * Time left until `dueAt` (or past it) at `now`; the clock stops at `stoppedAt` when the case
 * reached `selesai`. Minutes round up, so a case one second late shows as 1 minute late.
 */
export function timeLeft(dueAt: number, now: number, stoppedAt?: number | null): TimeLeft {
  const at = stoppedAt ?? now
  const diff = dueAt - at
  return { overdue: diff < 0, minutes: Math.ceil(Math.abs(diff) / MINUTE_MS) }
}

/**
 * What a case's clock shows: running while the case is open; once handled, stopped at resolution
 * (on time, or how late); nothing for a case closed without being handled (rejected, duplicate).
 */
export type CaseClock = { kind: 'running'; left: TimeLeft } | { kind: 'stopped'; lateMinutes: number } | { kind: 'none' }

export function caseClock(k: { status: string; dueAt: number; resolvedAt: number | null }, now: number): CaseClock {
  if ((openStatuses as readonly string[]).includes(k.status)) return { kind: 'running', left: timeLeft(k.dueAt, now) }
  if (k.resolvedAt === null) return { kind: 'none' }
  const at = timeLeft(k.dueAt, k.resolvedAt)
  return { kind: 'stopped', lateMinutes: at.overdue ? at.minutes : 0 }
}

/**
 * The office-hours window of one local day as UTC ms, or null when closed.
 * `day` is the local date encoded as UTC midnight.
 */
function officeWindow(day: number, calendar: WorkCalendar): { open: number; close: number } | null {
  const date = new Date(day)
  if (calendar.holidays.has(date.toISOString().slice(0, 10))) return null
  const weekday = (date.getUTCDay() || 7) as IsoWeekday
  const hours = calendar.officeHours[weekday]
  if (!hours) return null
  const start = parseClock(hours.start)
  const end = parseClock(hours.end)
  if (start === null || end === null || end <= start) return null
  return {
    open: localToUtc(day + start * MINUTE_MS, calendar.zone),
    close: localToUtc(day + end * MINUTE_MS, calendar.zone),
  }
}

/** Minutes after midnight for 'HH:MM' (up to 24:00), or null. */
function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text)
  if (!m) return null
  const minutes = Number(m[1]) * 60 + Number(m[2])
  return Number(m[2]) < 60 && minutes <= 24 * 60 ? minutes : null
}

/** UTC ms of a local wall time (given as if it were UTC) in `zone`. */
function localToUtc(local: number, zone: string): number {
  // Two passes settle the offset even around a DST change (Indonesian zones have none).
  const guess = local - zoneOffset(local, zone)
  const offset = zoneOffset(guess, zone)
  return local - offset
}

export type PartnerDeadlines = { acceptDueAt: number; acceptEscalateAt: number; outcomeDueAt: number; outcomeEscalateAt: number }

/**
 * A listed partner's deadlines for a referral made at `referredAt` (issue 24): to accept or decline
 * within its `acceptHours`, to report the outcome within its `outcomeHours`, both in working hours on
 * the agency's calendar (a partner answers in office hours). A miss is told to the partner first and,
 * the same length of working time later, to the case's holder and supervisor.
 */
export function partnerDeadlines(referredAt: number, partner: { acceptHours: number; outcomeHours: number }, calendar: WorkCalendar): PartnerDeadlines {
  const working = (from: number, hours: number) => computeDueAt(from, { hours, clock: 'working' }, calendar)
  const acceptDueAt = working(referredAt, partner.acceptHours)
  const outcomeDueAt = working(referredAt, partner.outcomeHours)
  return { acceptDueAt, acceptEscalateAt: working(acceptDueAt, partner.acceptHours), outcomeDueAt, outcomeEscalateAt: working(outcomeDueAt, partner.outcomeHours) }
}
