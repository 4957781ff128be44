import { describe, expect, it } from 'vitest'
import { formatCaseClock, formatDate, formatDateLong, formatDateTime, formatPeriod, formatTimeLeft } from '../../worker/domain/format'
import { caseClock } from '../../worker/domain/sla'

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
  it('counts a 24-hour target down in hours: exactly 24 h, then 23 jam 59 menit', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 24 * 60 })).toBe('sisa 24 jam')
    expect(formatTimeLeft({ overdue: false, minutes: 24 * 60 - 1 })).toBe('sisa 23 jam 59 menit')
  })

  it('shows hours and minutes, and only minutes under an hour', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 200 })).toBe('sisa 3 jam 20 menit')
    expect(formatTimeLeft({ overdue: false, minutes: 59 })).toBe('sisa 59 menit')
    expect(formatTimeLeft({ overdue: false, minutes: 60 })).toBe('sisa 1 jam')
  })

  it('shows zero minutes at the due time', () => {
    expect(formatTimeLeft({ overdue: false, minutes: 0 })).toBe('sisa 0 menit')
  })

  it('shows lateness the same way, leaving out a zero trailing unit', () => {
    expect(formatTimeLeft({ overdue: true, minutes: 120 })).toBe('terlambat 2 jam')
    expect(formatTimeLeft({ overdue: true, minutes: 1 })).toBe('terlambat 1 menit')
  })

  it('never shows a negative amount', () => {
    expect(formatTimeLeft({ overdue: false, minutes: -5 })).toBe('sisa 0 menit')
  })

  it('switches to days and hours from two days on', () => {
    expect(formatTimeLeft({ overdue: true, minutes: 2 * 1440 - 1 })).toBe('terlambat 47 jam 59 menit')
    expect(formatTimeLeft({ overdue: true, minutes: 2 * 1440 })).toBe('terlambat 2 hari')
    expect(formatTimeLeft({ overdue: true, minutes: 3 * 1440 + 4 * 60 + 59 })).toBe('terlambat 3 hari 4 jam')
  })
})

describe('caseClock and formatCaseClock', () => {
  const due = Date.UTC(2026, 11, 7, 7)
  const hour = 3_600_000

  it('runs while the case is open, late or not', () => {
    expect(formatCaseClock(caseClock({ status: 'ditangani', dueAt: due, resolvedAt: null }, due - 2 * hour))).toBe('sisa 2 jam')
    expect(formatCaseClock(caseClock({ status: 'dirujuk', dueAt: due, resolvedAt: null }, due + 2 * hour))).toBe('terlambat 2 jam')
  })

  it('stops at resolution: a finished case shows no time left, only whether it was on time', () => {
    expect(formatCaseClock(caseClock({ status: 'selesai', dueAt: due, resolvedAt: due - hour }, due + 50 * hour))).toBe('selesai tepat waktu')
    expect(formatCaseClock(caseClock({ status: 'ditutup', dueAt: due, resolvedAt: due + 3 * hour }, due + 50 * hour))).toBe('selesai, terlambat 3 jam')
  })

  it('shows nothing for a case closed without being handled', () => {
    expect(formatCaseClock(caseClock({ status: 'ditolak', dueAt: due, resolvedAt: null }, due + 50 * hour))).toBe('')
    expect(formatCaseClock(caseClock({ status: 'duplikat', dueAt: due, resolvedAt: null }, due - hour))).toBe('')
  })
})

describe('dates in letters and reports', () => {
  it('writes the month in full', () => {
    expect(formatDateLong(Date.UTC(2026, 11, 7, 3), 'Asia/Pontianak')).toBe('7 Desember 2026')
    expect(formatDateLong(Date.UTC(2026, 11, 31, 17, 3), 'Asia/Pontianak')).toBe('1 Januari 2027')
  })

  it('writes a period with what both ends share said once, and an en dash', () => {
    const d = (year: number, month: number, day: number) => ({ year, month, day })
    expect(formatPeriod(d(2026, 12, 1), d(2026, 12, 7))).toBe('1–7 Desember 2026')
    expect(formatPeriod(d(2026, 11, 28), d(2026, 12, 4))).toBe('28 November – 4 Desember 2026')
    expect(formatPeriod(d(2026, 12, 28), d(2027, 1, 3))).toBe('28 Desember 2026 – 3 Januari 2027')
    expect(formatPeriod(d(2026, 12, 7), d(2026, 12, 7))).toBe('7 Desember 2026')
  })
})
