import { describe, expect, it } from 'vitest'
import {
  dayOf,
  dayStart,
  formatDay,
  formatMinutes,
  formatPercent,
  monthOf,
  monthPeriod,
  parseDate,
  parsePeriod,
  percent,
  periodMs,
  periodText,
  todayOf,
  yearOf,
  yearPeriod,
  zoneOffsetMinutes,
} from '../../worker/domain/figures'

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
