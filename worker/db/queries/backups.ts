import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { writeBatch } from '../batch'
import { settings } from '../schema'

/** What the admin home shows and the scheduler decides from: the last attempt and the last good backup. */
export type BackupStatus = { okAt: number | null; okName: string | null; okBytes: number | null; triedAt: number | null; error: string | null }

const statusKey = 'backup.status'
const none: BackupStatus = { okAt: null, okName: null, okBytes: null, triedAt: null, error: null }

export async function readBackupStatus(db: Db): Promise<BackupStatus> {
  const row = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, statusKey)).get()
  if (!row) return none
  try {
    return { ...none, ...(JSON.parse(row.value) as Partial<BackupStatus>) }
  } catch {
    return none
  }
}

function saveStatus(db: Db, status: BackupStatus) {
  const value = JSON.stringify(status)
  return db.insert(settings).values({ key: statusKey, value }).onConflictDoUpdate({ target: settings.key, set: { value } })
}

export type BackupOutcome = { ok: true; name: string; bytes: number } | { ok: false; error: string }

/**
 * Records a backup's outcome; a failure also lands in every active admin's inbox, once a day
 * (the scheduler retries hourly), like a failed delivery.
 */
export async function recordBackupOutcome(db: Db, outcome: BackupOutcome, now: number): Promise<void> {
  const before = await readBackupStatus(db)
  const next: BackupStatus = outcome.ok
    ? { okAt: now, okName: outcome.name, okBytes: outcome.bytes, triedAt: now, error: null }
    : { ...before, triedAt: now, error: outcome.error.slice(0, 300) }
  const day = new Date(now).toISOString().slice(0, 10)
  await writeBatch(db, [
    saveStatus(db, next),
    ...(outcome.ok
      ? []
      : [
          sql`INSERT INTO alerts (user_id, kind, note, urgent, created_at, run_id, dedupe_key)
            SELECT u.id, 'gagal_cadangan', ${`Pencadangan basis data gagal: ${outcome.error.slice(0, 160)}`}, 0, ${now}, ${`backup:${now}`}, 'backup:' || ${day} || ':' || u.id
            FROM users u WHERE u.role = 'admin' AND u.active = 1
            ON CONFLICT (dedupe_key) DO NOTHING`,
        ]),
  ])
}

/** Marks a scheduled attempt before it starts, so a crash mid-copy is not retried at every tick. */
export async function recordBackupAttempt(db: Db, now: number): Promise<void> {
  await writeBatch(db, [saveStatus(db, { ...(await readBackupStatus(db)), triedAt: now })])
}
