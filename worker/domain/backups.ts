// Backups of the Node deployment's database and photos (issue 26): when one is due, what it is
// called, and which copies a rotation keeps. Pure: the clock and the zone are arguments.
import { localParts } from './zone'

export type Retention = { daily: number; weekly: number }

export type PhotoEntry = { key: string; bytes: number; sha256: string; file: string }

/** What a backup holds, written last into its folder: a folder without one is not a backup. */
export type Manifest = {
  format: 1
  name: string
  createdAt: string
  database: { file: string; bytes: number; sha256: string; encrypted: boolean }
  counts: { cases: number; users: number; auditRows: number }
  /**
   * Every photo key the database names. `folder`: their files are in the backup (`files`), bar
   * `missing` ones; `r2`: listed only, the files stay in the Worker's bucket.
   */
  photos: { store: 'folder' | 'r2'; keys: string[]; files: PhotoEntry[]; missing: string[] }
}

/** 7 daily and 4 weekly copies: a month back at most, a mistake noticed within a week is undone from a daily one. */
export const defaultRetention: Retention = { daily: 7, weekly: 4 }

const namePattern = /^sigap-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z$/

/** A backup's name carries its UTC time, so a listing sorts by age and no index file is needed. */
export function backupName(now: number): string {
  return `sigap-${new Date(now).toISOString().slice(0, 19).replaceAll(':', '-')}Z`
}

/** The time a backup name stands for, or null for any other name (a partial copy, a stray file). */
export function backupTimeOf(name: string): number | null {
  const m = namePattern.exec(name)
  if (!m) return null
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[]
  const t = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  return backupName(t) === name ? t : null
}

/** Days since 1970-01-01 of the local calendar date of `utc`. */
function localDay(utc: number, zone: string): number {
  const p = localParts(utc, zone)
  return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000
}

// 1970-01-01 was a Thursday: +3 makes weeks start on Monday, as Indonesian calendars do.
const localWeek = (utc: number, zone: string) => Math.floor((localDay(utc, zone) + 3) / 7)

/**
 * The backups a rotation keeps, from the times of those that exist: the newest of each of the
 * `daily` latest local days that have one, and the newest of each of the `weekly` latest weeks.
 */
export function backupsToKeep(times: readonly number[], zone: string, keep: Retention): Set<number> {
  const newestFirst = [...times].sort((a, b) => b - a)
  const kept = new Set<number>()
  for (const [period, limit] of [[localDay, keep.daily], [localWeek, keep.weekly]] as const) {
    const seen = new Set<number>()
    for (const t of newestFirst) {
      const key = period(t, zone)
      if (seen.has(key)) continue
      if (seen.size === limit) break
      seen.add(key)
      kept.add(t)
    }
  }
  return kept
}

// A failed backup is tried again an hour later, not at every five-minute tick.
const retryAfterMs = 3_600_000

/**
 * Whether the scheduled backup runs at `now`: from the configured local hour, once a local day.
 * Driven by what was recorded, not by "the tick at 02:00": a server that was down at that hour
 * backs up when it comes back.
 */
export function isBackupDue(now: number, zone: string, hour: number, last: { okAt: number | null; triedAt: number | null }): boolean {
  if (localParts(now, zone).hour < hour) return false
  if (last.okAt !== null && localDay(last.okAt, zone) === localDay(now, zone) && localParts(last.okAt, zone).hour >= hour) return false
  return last.triedAt === null || now - last.triedAt >= retryAfterMs
}

export type BackupHealth = 'unscheduled' | 'none' | 'ok' | 'stale'

// A nightly backup plus the hour's grace of a retry: past this, last night's did not happen.
const staleAfterMs = 26 * 3_600_000

/** What the admin home says of backups: nothing scheduled, none yet, a recent one, or one too old. */
export function backupHealth(scheduled: boolean, okAt: number | null, now: number): BackupHealth {
  if (okAt === null) return scheduled ? 'none' : 'unscheduled'
  return now - okAt > staleAfterMs ? 'stale' : 'ok'
}
