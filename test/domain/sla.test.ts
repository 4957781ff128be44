import { describe, expect, it } from 'vitest'
import { computeDueAt, defaultOfficeHours, partnerDeadlines, timeLeft, type WorkCalendar } from '../../worker/domain/sla'

const HOUR = 3_600_000
const MINUTE = 60_000

// Local wall time → UTC ms for the fixed Indonesian offsets (month is 1-based).
const wib = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 7, mi)
const wita = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi)
const wit = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 9, mi)

// November 2026: Mon 23, Wed 25, Thu 26, Fri 27, Sat 28, Sun 29, Mon 30.
const pontianak: WorkCalendar = { zone: 'Asia/Pontianak', officeHours: defaultOfficeHours, holidays: new Set() }
const banjarbaru: WorkCalendar = { zone: 'Asia/Makassar', officeHours: defaultOfficeHours, holidays: new Set() }
const working = (hours: number) => ({ hours, clock: 'working' as const })
const calendarClock = (hours: number) => ({ hours, clock: 'calendar' as const })

describe('defaultOfficeHours', () => {
  it('opens Monday to Friday 08:00–16:00 and closes at the weekend', () => {
    for (const d of [1, 2, 3, 4, 5] as const) expect(defaultOfficeHours[d]).toEqual({ start: '08:00', end: '16:00' })
    expect(defaultOfficeHours[6]).toBeNull()
    expect(defaultOfficeHours[7]).toBeNull()
  })
})

describe('computeDueAt on the calendar clock', () => {
  it('is exactly 24 hours after receipt, even on a Saturday night', () => {
    const received = wib(2026, 11, 28, 22, 15)
    expect(computeDueAt(received, calendarClock(24), pontianak)).toBe(received + 24 * HOUR)
  })

  it('ignores holidays and office hours', () => {
    const calendar = { ...pontianak, holidays: new Set(['2026-11-26']) }
    const received = wib(2026, 11, 25, 23, 0)
    expect(computeDueAt(received, calendarClock(24), calendar)).toBe(wib(2026, 11, 26, 23, 0))
  })

  it('supports fractional hours', () => {
    expect(computeDueAt(0, calendarClock(1.5), pontianak)).toBe(90 * MINUTE)
  })

  it('returns the receipt time for a zero, negative or non-finite target', () => {
    for (const hours of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(computeDueAt(1000, calendarClock(hours), pontianak)).toBe(1000)
      expect(computeDueAt(1000, working(hours), pontianak)).toBe(1000)
    }
  })
})

describe('computeDueAt on the working clock', () => {
  it('counts within one office day', () => {
    expect(computeDueAt(wib(2026, 11, 25, 9), working(3), pontianak)).toBe(wib(2026, 11, 25, 12))
  })

  it('ends at closing time, not the next morning, when the target fills the day exactly', () => {
    expect(computeDueAt(wib(2026, 11, 25, 8), working(8), pontianak)).toBe(wib(2026, 11, 25, 16))
  })

  it('carries the rest to the next office day', () => {
    expect(computeDueAt(wib(2026, 11, 25, 14), working(4), pontianak)).toBe(wib(2026, 11, 26, 10))
  })

  it('moves a Friday 15:30 report with 8 working hours to Monday 15:30', () => {
    expect(computeDueAt(wib(2026, 11, 27, 15, 30), working(8), pontianak)).toBe(wib(2026, 11, 30, 15, 30))
  })

  it('skips the weekend: Friday 10:00 plus 16 hours is Tuesday 10:00', () => {
    expect(computeDueAt(wib(2026, 11, 27, 10), working(16), pontianak)).toBe(wib(2026, 12, 1, 10))
  })

  it('skips a holiday: Wednesday 14:00 plus 8 hours over a Thursday holiday is Friday 14:00', () => {
    const calendar = { ...pontianak, holidays: new Set(['2026-11-26']) }
    expect(computeDueAt(wib(2026, 11, 25, 14), working(8), calendar)).toBe(wib(2026, 11, 27, 14))
  })

  it('skips a run of cuti bersama days and the weekend after them', () => {
    const calendar = { ...pontianak, holidays: new Set(['2026-11-25', '2026-11-26', '2026-11-27']) }
    expect(computeDueAt(wib(2026, 11, 24, 15), working(2), calendar)).toBe(wib(2026, 11, 30, 9))
  })

  it('starts counting at the next opening for a report received at night', () => {
    expect(computeDueAt(wib(2026, 11, 24, 22), working(2), pontianak)).toBe(wib(2026, 11, 25, 10))
  })

  it('starts counting at opening for a report received before office hours', () => {
    expect(computeDueAt(wib(2026, 11, 25, 5, 45), working(2), pontianak)).toBe(wib(2026, 11, 25, 10))
  })

  it('starts counting on Monday for a report received on Saturday', () => {
    expect(computeDueAt(wib(2026, 11, 28, 10), working(1), pontianak)).toBe(wib(2026, 11, 30, 9))
  })

  it('starts counting after a holiday for a report received on it', () => {
    const calendar = { ...pontianak, holidays: new Set(['2026-11-25']) }
    expect(computeDueAt(wib(2026, 11, 25, 10), working(1), calendar)).toBe(wib(2026, 11, 26, 9))
  })

  it('counts minutes, not whole hours', () => {
    expect(computeDueAt(wib(2026, 11, 25, 15, 59), working(0.5), pontianak)).toBe(wib(2026, 11, 26, 8, 29))
  })

  it('uses the local time of the calendar zone: WITA closes an hour earlier in UTC than WIB', () => {
    const received = Date.UTC(2026, 10, 25, 8, 30) // 15:30 WIB, 16:30 WITA
    expect(computeDueAt(received, working(1), pontianak)).toBe(wib(2026, 11, 26, 8, 30))
    expect(computeDueAt(received, working(1), banjarbaru)).toBe(wita(2026, 11, 26, 9))
  })

  it('reads holidays as local dates of the calendar zone', () => {
    // 23:30 UTC on the 25th is already the 26th in Makassar, which is a holiday there.
    const calendar = { ...banjarbaru, holidays: new Set(['2026-11-26']) }
    expect(computeDueAt(Date.UTC(2026, 10, 25, 23, 30), working(1), calendar)).toBe(wita(2026, 11, 27, 9))
  })

  it('works in WIT (Asia/Jayapura)', () => {
    const calendar = { ...pontianak, zone: 'Asia/Jayapura' }
    expect(computeDueAt(wit(2026, 11, 27, 15), working(2), calendar)).toBe(wit(2026, 11, 30, 9))
  })

  it('computes local time through the zone, so a DST change elsewhere is handled', () => {
    // Amsterdam moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
    const calendar = { ...pontianak, zone: 'Europe/Amsterdam' }
    expect(computeDueAt(Date.UTC(2026, 2, 27, 14), working(2), calendar)).toBe(Date.UTC(2026, 2, 30, 7))
  })

  it('follows custom office hours, including a half day on Saturday', () => {
    const calendar: WorkCalendar = {
      ...pontianak,
      officeHours: { ...defaultOfficeHours, 5: { start: '07:30', end: '11:30' }, 6: { start: '08:00', end: '12:00' } },
    }
    expect(computeDueAt(wib(2026, 11, 27, 7), working(6), calendar)).toBe(wib(2026, 11, 28, 10))
  })

  it('treats a day with malformed or empty office hours as closed', () => {
    const calendar: WorkCalendar = {
      ...pontianak,
      officeHours: { ...defaultOfficeHours, 3: { start: '8 pagi', end: '16:00' }, 4: { start: '16:00', end: '08:00' } },
    }
    expect(computeDueAt(wib(2026, 11, 25, 9), working(1), calendar)).toBe(wib(2026, 11, 27, 9))
  })

  it('handles a 1000-hour target quickly by stepping whole days', () => {
    const start = performance.now()
    // 1000 h = 125 eight-hour days = 25 full weeks from Monday 23 Nov 2026: Friday 14 May 2027 16:00.
    expect(computeDueAt(wib(2026, 11, 23, 8), working(1000), pontianak)).toBe(wib(2027, 5, 14, 16))
    expect(performance.now() - start).toBeLessThan(500)
  })

  it('falls back to calendar hours when the calendar has no office day at all', () => {
    const closed: WorkCalendar = {
      ...pontianak,
      officeHours: { 1: null, 2: null, 3: null, 4: null, 5: null, 6: null, 7: null },
    }
    expect(computeDueAt(0, working(24), closed)).toBe(24 * HOUR)
  })
})

describe('timeLeft', () => {
  const due = wib(2026, 11, 25, 16)

  it('counts minutes left before the due time', () => {
    expect(timeLeft(due, due - 200 * MINUTE)).toEqual({ overdue: false, minutes: 200 })
  })

  it('is not overdue at exactly the due time', () => {
    expect(timeLeft(due, due)).toEqual({ overdue: false, minutes: 0 })
  })

  it('counts minutes past the due time as overdue', () => {
    expect(timeLeft(due, due + 125 * MINUTE)).toEqual({ overdue: true, minutes: 125 })
  })

  it('rounds partial minutes up, so one second late is one minute late', () => {
    expect(timeLeft(due, due + 1000)).toEqual({ overdue: true, minutes: 1 })
    expect(timeLeft(due, due - 30_000)).toEqual({ overdue: false, minutes: 1 })
  })

  it('stops the clock when the case was finished before the due time', () => {
    expect(timeLeft(due, due + 10 * HOUR, due - 45 * MINUTE)).toEqual({ overdue: false, minutes: 45 })
  })

  it('freezes the lateness when the case was finished after the due time', () => {
    expect(timeLeft(due, due + 10 * HOUR, due + 2 * HOUR)).toEqual({ overdue: true, minutes: 120 })
  })

  it('runs on now when stoppedAt is null', () => {
    expect(timeLeft(due, due + MINUTE, null)).toEqual({ overdue: true, minutes: 1 })
  })
})

describe('partner deadlines (issue 24)', () => {
  const calendar = { zone: 'Asia/Pontianak', officeHours: defaultOfficeHours, holidays: new Set(['2026-11-25']) }
  it('count working hours from the referral, and the next step as long again after each deadline', () => {
    // Tuesday 15:00 WIB: one hour left that day, Wednesday is a holiday, so 8 working hours end Thursday 15:00.
    const d = partnerDeadlines(Date.parse('2026-11-24T15:00:00+07:00'), { acceptHours: 8, outcomeHours: 16 }, calendar)
    expect(d).toEqual({
      acceptDueAt: Date.parse('2026-11-26T15:00:00+07:00'),
      acceptEscalateAt: Date.parse('2026-11-27T15:00:00+07:00'),
      outcomeDueAt: Date.parse('2026-11-27T15:00:00+07:00'),
      outcomeEscalateAt: Date.parse('2026-12-01T15:00:00+07:00'),
    })
  })
})
