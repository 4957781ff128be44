import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatTimeLeft } from '../../worker/domain/format'

// 25 Nov 2026 07:05:42 UTC.
const ms = Date.UTC(2026, 10, 25, 7, 5, 42)

describe('formatDateTime', () => {
  it('shows Pontianak time as WIB with a dot between hour and minute', () => {
    expect(formatDateTime(ms, 'Asia/Pontianak')).toBe('25 Nov 2026 14.05 WIB')
  })

  it('shows Jakarta time as WIB', () => {
    expect(formatDateTime(ms, 'Asia/Jakarta')).toBe('25 Nov 2026 14.05 WIB')
  })

  it('shows Makassar time as WITA', () => {
    expect(formatDateTime(ms, 'Asia/Makassar')).toBe('25 Nov 2026 15.05 WITA')
  })

  it('shows Jayapura time as WIT', () => {
    expect(formatDateTime(ms, 'Asia/Jayapura')).toBe('25 Nov 2026 16.05 WIT')
  })

  it('shows other zones with their UTC offset', () => {
    expect(formatDateTime(ms, 'UTC')).toBe('25 Nov 2026 07.05 UTC')
    expect(formatDateTime(ms, 'Asia/Singapore')).toBe('25 Nov 2026 15.05 UTC+8')
    expect(formatDateTime(ms, 'Asia/Kolkata')).toBe('25 Nov 2026 12.35 UTC+5.30')
    expect(formatDateTime(ms, 'America/New_York')).toBe('25 Nov 2026 02.05 UTC-5')
  })

  it('pads hours and minutes and uses the local date after midnight', () => {
    expect(formatDateTime(Date.UTC(2026, 11, 31, 17, 3), 'Asia/Pontianak')).toBe('1 Jan 2027 00.03 WIB')
  })

  it('uses Indonesian short month names', () => {
    const months = Array.from({ length: 12 }, (_, i) => formatDate(Date.UTC(2026, i, 15, 5), 'Asia/Jakarta'))
    expect(months.map((d) => d.split(' ')[1])).toEqual([
      'Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des',
    ])
  })
})

describe('formatDate', () => {
  it('shows the date in the zone', () => {
    expect(formatDate(ms, 'Asia/Pontianak')).toBe('25 Nov 2026')
  })

  it('shows the day without a leading zero', () => {
    expect(formatDate(Date.UTC(2026, 7, 5, 3), 'Asia/Pontianak')).toBe('5 Agu 2026')
  })

  it('follows the zone across midnight', () => {
    const lateUtc = Date.UTC(2026, 10, 25, 16, 30)
    expect(formatDate(lateUtc, 'Asia/Pontianak')).toBe('25 Nov 2026')
    expect(formatDate(lateUtc, 'Asia/Makassar')).toBe('26 Nov 2026')
  })
})

describe('formatTimeLeft', () => {
  it('shows hours and minutes left', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 200 })).toBe('sisa 3 j 20 m')
  })

  it('shows only minutes under an hour', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 45 })).toBe('sisa 45 m')
  })

  it('shows lateness in hours and minutes', () => {
    expect(formatTimeLeft({ overdue: true, minutes: 125 })).toBe('terlambat 2 j 5 m')
  })

  it('shows days and hours, without minutes, from one day on', () => {
    expect(formatTimeLeft({ overdue: true, minutes: 3 * 1440 + 4 * 60 + 59 })).toBe('terlambat 3 h 4 j')
  })

  it('leaves out a zero trailing unit', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 120 })).toBe('sisa 2 j')
    expect(formatTimeLeft({ overdue: true, minutes: 2 * 1440 + 30 })).toBe('terlambat 2 h')
  })

  it('shows zero minutes at the due time', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 0 })).toBe('sisa 0 m')
  })
})
