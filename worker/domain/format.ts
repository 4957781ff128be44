/**
 * Pure display helpers for dates, times and case clocks, in Indonesian.
 */

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

/** Date in `zone`, e.g. "25 Nov 2026". */
export function formatDate(ms: number, zone: string): string {
  return dateText(localParts(ms, zone))
}

/**
 * A case clock in days (h), hours (j) and minutes (m), e.g. "sisa 3 j 20 m",
 * "terlambat 3 h 4 j". Shows the two largest units; zero trailing units are left out.
 */
export function formatTimeLeft(t: { overdue: boolean; minutes: number }): string {
  const total = Math.max(0, Math.floor(t.minutes))
  const days = Math.floor(total / 1440)
  const hours = Math.floor((total % 1440) / 60)
  const minutes = total % 60
  let parts: string[]
  if (days > 0) parts = [`${days} h`, hours > 0 ? `${hours} j` : '']
  else if (hours > 0) parts = [`${hours} j`, minutes > 0 ? `${minutes} m` : '']
  else parts = [`${minutes} m`]
  return `${t.overdue ? 'terlambat' : 'sisa'} ${parts.filter(Boolean).join(' ')}`
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
