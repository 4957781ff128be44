import { describe, expect, it } from 'vitest'
import {
  dayOf,
  dayStart,
  formatDay,
  formatMinutes,
  formatPercent,
  monthAround,
  monthOf,
  monthPeriod,
  noDays,
  parseDate,
  parsePeriod,
  percent,
  periodMs,
  periodParts,
  periodText,
  todayOf,
  yearOf,
  yearPeriod,
  zoneOffsetMinutes,
  type Period,
} from '../../worker/domain/figures'
import { seededRandom } from '../../worker/domain/seeded-random'

const wib = 420
const day = (text: string) => parseDate(text)!

describe('local days', () => {
  it('knows the offset of each Indonesian zone', () => {
    const at = Date.parse('2026-11-24T12:00:00Z')
    expect([zoneOffsetMinutes('Asia/Jakarta', at), zoneOffsetMinutes('Asia/Makassar', at), zoneOffsetMinutes('Asia/Jayapura', at)]).toEqual([420, 480, 540])
  })

  it('starts a local day at local midnight, not at UTC midnight', () => {
    const midnight = Date.parse('2026-11-24T00:00:00+07:00')
    expect(formatDay(dayOf(midnight, wib))).toBe('2026-11-24')
    expect(formatDay(dayOf(midnight - 1, wib))).toBe('2026-11-23')
    expect(dayStart(day('2026-11-24'), wib)).toBe(midnight)
    expect(dayStart(day('2026-11-24'), 540)).toBe(Date.parse('2026-11-24T00:00:00+09:00'))
    expect(todayOf(Date.parse('2026-11-24T23:59:00+07:00'), wib)).toEqual({ from: day('2026-11-24'), to: day('2026-11-24') })
  })

  it('covers a period from its first local midnight up to the one after its last day', () => {
    expect(periodMs({ from: day('2026-11-01'), to: day('2026-11-30') }, wib)).toEqual({
      start: Date.parse('2026-11-01T00:00:00+07:00'),
      end: Date.parse('2026-12-01T00:00:00+07:00'),
    })
  })
})

describe('dates and periods as typed', () => {
  it('reads real calendar dates only', () => {
    expect(formatDay(day('2024-02-29'))).toBe('2024-02-29')
    expect(parseDate('2026-02-29')).toBeNull()
    expect(parseDate('2026-04-31')).toBeNull()
    expect(parseDate('2026-1-01')).toBeNull()
    expect(parseDate('kemarin')).toBeNull()
  })

  it('reads one date or a range of at most ten years, never backwards', () => {
    expect(parsePeriod('2026-11-01..2026-11-30')).toEqual({ from: day('2026-11-01'), to: day('2026-11-30') })
    expect(parsePeriod('2026-11-24')).toEqual({ from: day('2026-11-24'), to: day('2026-11-24') })
    expect(parsePeriod('2026-11-30..2026-11-01')).toBeNull()
    expect(parsePeriod('2016-01-01..2026-01-08')).toEqual({ from: day('2016-01-01'), to: day('2026-01-08') }) // 3,660 days
    expect(parsePeriod('2016-01-01..2026-01-09')).toBeNull()
    expect(parsePeriod('2026-11-01..')).toBeNull()
    expect(parsePeriod(undefined)).toBeNull()
    expect(periodText({ from: day('2026-11-01'), to: day('2026-11-30') })).toBe('2026-11-01..2026-11-30')
  })

  it('takes the month and year of the local day, on the evening a UTC month is still running', () => {
    const lateNovember = Date.parse('2026-11-30T23:30:00+07:00')
    const firstOfDecember = Date.parse('2026-12-01T00:30:00+07:00') // 30 November in UTC
    expect(monthOf(lateNovember, wib)).toEqual(monthPeriod(2026, 11))
    expect(monthOf(firstOfDecember, wib)).toEqual(monthPeriod(2026, 12))
    expect(yearOf(Date.parse('2027-01-01T00:30:00+07:00'), wib)).toBe(2027)
    expect(monthPeriod(2024, 2)).toEqual({ from: day('2024-02-01'), to: day('2024-02-29') })
    expect(monthPeriod(2026, 12)).toEqual({ from: day('2026-12-01'), to: day('2026-12-31') })
    expect(yearPeriod(2024)).toEqual({ from: day('2024-01-01'), to: day('2024-12-31') })
  })
})

describe('figures as shown', () => {
  it('gives shares with one decimal, and none of nothing', () => {
    expect([percent(1, 3), percent(2, 3), percent(3, 3), percent(0, 5)]).toEqual([33.3, 66.7, 100, 0])
    expect(percent(0, 0)).toBeNull()
    expect([formatPercent(33.3), formatPercent(100), formatPercent(null)]).toEqual(['33,3%', '100%', '–'])
  })

  it('writes a median handling time in the one duration format, to the nearest minute', () => {
    expect(formatMinutes(1439)).toBe('23 jam 59 menit')
    expect(formatMinutes(45)).toBe('45 menit')
    expect(formatMinutes(90.5)).toBe('1 jam 31 menit')
    expect(formatMinutes(1469.4)).toBe('24 jam 29 menit')
    expect(formatMinutes(3000)).toBe('2 hari 2 jam')
    expect(formatMinutes(null)).toBe('–')
  })
})

describe('a period as the median histograms read it (issue 25)', () => {
  const range = (from: string, to: string): Period => ({ from: day(from), to: day(to) })
  /** How many times each day is counted: +1 per month read whole or day added, -1 per day taken away. */
  function dayCounts(p: Period): Map<number, number> {
    const parts = periodParts(p)
    const counts = new Map<number, number>()
    const bump = (r: Period, by: number) => {
      for (let d = r.from; d <= r.to; d++) counts.set(d, (counts.get(d) ?? 0) + by)
    }
    for (let m = parts.months.from; m <= parts.months.to; m = monthAround(m).to + 1) {
      expect(monthAround(m).from, 'months are named by their first day').toBe(m)
      bump(monthAround(m), 1)
    }
    for (const r of parts.add) bump(r, 1)
    for (const r of parts.subtract) bump(r, -1)
    return counts
  }

  it('reads a whole month, this month up to today and a year from the monthly rows', () => {
    expect(periodParts(range('2026-11-01', '2026-11-30'))).toEqual({ months: { from: day('2026-11-01'), to: day('2026-11-01') }, add: [noDays, noDays], subtract: [noDays, noDays] })
    // Up to today: the month less the days still to come, which hold nothing.
    expect(periodParts(range('2026-11-01', '2026-11-24'))).toEqual({ months: { from: day('2026-11-01'), to: day('2026-11-01') }, add: [noDays, noDays], subtract: [range('2026-11-25', '2026-11-30'), noDays] })
    expect(periodParts(range('2026-01-01', '2026-12-31')).months).toEqual({ from: day('2026-01-01'), to: day('2026-12-01') })
  })

  it('adds the days of a short end and takes away those outside a long one', () => {
    expect(periodParts(range('2026-11-03', '2026-11-05'))).toEqual({ months: noDays, add: [range('2026-11-03', '2026-11-05'), noDays], subtract: [noDays, noDays] })
    expect(periodParts(range('2026-10-28', '2026-12-02'))).toEqual({ months: { from: day('2026-11-01'), to: day('2026-11-01') }, add: [range('2026-10-28', '2026-10-31'), range('2026-12-01', '2026-12-02')], subtract: [noDays, noDays] })
    expect(periodParts(range('2026-10-05', '2026-11-27'))).toEqual({
      months: { from: day('2026-10-01'), to: day('2026-11-01') },
      add: [noDays, noDays],
      subtract: [range('2026-10-01', '2026-10-04'), range('2026-11-28', '2026-11-30')],
    })
  })

  it('counts every day of any period once and no other day, reading at most half a month of days at each end', () => {
    const random = seededRandom(2026)
    for (let i = 0; i < 500; i++) {
      const from = day('2024-01-01') + random.int(0, 1200)
      const p = { from, to: from + random.pick([0, 1, 14, 15, 16, 29, 30, 31, random.int(0, 400)]) }
      const counts = dayCounts(p)
      for (const [d, n] of counts) expect(n, `${formatDay(d)} in ${periodText(p)}`).toBe(d >= p.from && d <= p.to ? 1 : 0)
      for (let d = p.from; d <= p.to; d++) expect(counts.get(d), formatDay(d)).toBe(1)
      const { add, subtract } = periodParts(p)
      const days = [...add, ...subtract].reduce((n, r) => n + Math.max(0, r.to - r.from + 1), 0)
      expect(days).toBeLessThanOrEqual(30)
    }
  })
})
