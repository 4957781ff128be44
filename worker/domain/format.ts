/**
 * Pure display helpers for dates, times and case clocks, in Indonesian.
 */

import type { CaseClock } from './sla'
import { localParts, type LocalParts } from './zone'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des']

/** Full Indonesian month names, January first. */
export const monthNames = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember']

// Indonesia's three official zone names; any other zone shows its UTC offset.
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
}

/** Date and time in `zone`, e.g. "25 Nov 2026 14.05 WIB" (Indonesian style: dot between hour and minute). */
export function formatDateTime(ms: number, zone: string): string {
  const p = localParts(ms, zone)
  return `${dateText(p)} ${pad(p.hour)}.${pad(p.minute)} ${zoneName(ms, zone, p)}`
}

/** Time of day in `zone`, e.g. "14.05". */
export function formatTime(ms: number, zone: string): string {
  const p = localParts(ms, zone)
  return `${pad(p.hour)}.${pad(p.minute)}`
}

/** Date in `zone`, e.g. "25 Nov 2026". */
export function formatDate(ms: number, zone: string): string {
  return dateText(localParts(ms, zone))
}

/**
 * A length of time in words: minutes, then hours and minutes up to two days (so a 24-hour target
 * counts down "24 jam", "23 jam 59 menit"), then days and hours. Zero trailing units are left out.
 */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes))
  if (total < 60) return `${total} menit`
  if (total < 2 * 1440) return joinUnits(Math.floor(total / 60), 'jam', total % 60, 'menit')
  return joinUnits(Math.floor(total / 1440), 'hari', Math.floor((total % 1440) / 60), 'jam')
}

const joinUnits = (big: number, bigUnit: string, small: number, smallUnit: string) => (small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`)

/** A running clock: "sisa 23 jam 59 menit", "terlambat 2 jam". */
export function formatTimeLeft(t: { overdue: boolean; minutes: number }): string {
  return `${t.overdue ? 'terlambat' : 'sisa'} ${formatDuration(t.minutes)}`
}

/** A case's clock as one phrase, or '' when it shows nothing (see `caseClock`). */
export function formatCaseClock(clock: CaseClock): string {
  if (clock.kind === 'running') return formatTimeLeft(clock.left)
  if (clock.kind === 'stopped') return clock.lateMinutes > 0 ? `selesai, terlambat ${formatDuration(clock.lateMinutes)}` : 'selesai tepat waktu'
  return ''
}

/** A date written in full, as in a letter or a report: "7 Desember 2026". */
export function formatDateLong(ms: number, zone: string): string {
  return formatCalendarDay(localParts(ms, zone))
}

export type CalendarDay = { year: number; month: number; day: number }

/** A stored local date ('2026-12-07') as its parts. */
export function calendarDay(iso: string): CalendarDay {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

/** A calendar day in full: "7 Desember 2026". */
export const formatCalendarDay = (d: CalendarDay) => `${d.day} ${monthNames[d.month - 1]} ${d.year}`

/**
 * A period of whole days, sharing what both ends share: "1–7 Desember 2026",
 * "28 November – 4 Desember 2026", "28 Desember 2026 – 3 Januari 2027"; one day is just its date.
 */
export function formatPeriod(from: CalendarDay, to: CalendarDay): string {
  const full = formatCalendarDay
  if (from.year !== to.year) return `${full(from)} – ${full(to)}`
  if (from.month !== to.month) return `${from.day} ${monthNames[from.month - 1]} – ${full(to)}`
  if (from.day !== to.day) return `${from.day}–${full(to)}`
  return full(to)
}

function dateText(p: LocalParts): string {
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`
}

function zoneName(ms: number, zone: string, p: LocalParts): string {
  const known = ZONE_NAMES[zone]
  if (known) return known
  // Offset from the local wall time we already have; both sides truncated to the minute.
  const utcMinute = Math.floor(ms / 60_000)
  const offsetMin = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) / 60_000 - utcMinute
  if (offsetMin === 0) return 'UTC'
  const abs = Math.abs(offsetMin)
  const mins = abs % 60
  return `UTC${offsetMin < 0 ? '-' : '+'}${Math.floor(abs / 60)}${mins ? `.${pad(mins)}` : ''}`
}

/** Two digits, zero-padded: '05'. */
export function pad(n: number): string {
  return String(n).padStart(2, '0')
}
