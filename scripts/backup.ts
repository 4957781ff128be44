// `npm run backup -- [--to DIR]`: one checked backup of the database and photos while Sigap serves,
// then the rotation and the off-machine copy as configured (README, Backups). `--json` is how the
// Node process's scheduler runs it: one JSON line out, nothing recorded (the scheduler records).
import { createClient } from '@libsql/client'
import { parseArgs } from 'node:util'
import { backupAndRotate } from '../worker/backup/backup'
import { readConfig } from '../worker/config'
import { wrapClient } from '../worker/db/client'
import { openFileDb } from '../worker/db/open-file'
import { recordBackupOutcome, type BackupOutcome } from '../worker/db/queries/backups'

const { values } = parseArgs({ options: { to: { type: 'string' }, json: { type: 'boolean' } } })
let outcome: BackupOutcome
let line: string
const url = process.env.DATABASE_URL ?? 'file:data/sigap.db'
const started = performance.now()
try {
  const config = readConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }, 'node')
  const dir = values.to ?? config.backup.dir
  if (!dir) throw new Error('usage: npm run backup -- --to DIR (or set SIGAP_BACKUP_DIR)')
  const local = url.startsWith('file:')
  const run = await backupAndRotate(config, { databaseUrl: url, authToken: process.env.DATABASE_AUTH_TOKEN, photosDir: local ? (process.env.SIGAP_PHOTOS_DIR ?? 'data/photos') : undefined }, dir, Date.now())
  const { manifest } = run
  outcome = { ok: true, name: manifest.name, bytes: manifest.database.bytes }
  line =
    `Backup ${run.path}: ${manifest.counts.cases} cases, ${manifest.counts.users} users, integrity ok, ` +
    `${(manifest.database.bytes / 1e6).toFixed(1)} MB${manifest.database.encrypted ? ' encrypted' : ''}, ` +
    `${manifest.photos.store === 'folder' ? `${manifest.photos.files.length} photos copied` : `${manifest.photos.keys.length} photos listed (R2)`}` +
    `${manifest.photos.missing.length ? `, ${manifest.photos.missing.length} photo files missing` : ''}, ` +
    `${run.removed.length} old backups removed${run.uploaded ? `, ${run.uploaded.files} files uploaded` : ''} ` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s)`
} catch (err) {
  outcome = { ok: false, error: err instanceof Error ? err.message : String(err) }
  line = `backup failed: ${outcome.error}`
  process.exitCode = 1
}
if (values.json) {
  console.log(JSON.stringify(outcome))
} else {
  console[outcome.ok ? 'log' : 'error'](line)
  // The admin home shows the age of the last good backup, however it was made.
  try {
    const db = url.startsWith('file:') ? await openFileDb(url) : wrapClient(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN }))
    await recordBackupOutcome(db, outcome, Date.now())
    db.$client.close()
  } catch (err) {
    console.error(`could not record the outcome in the database: ${err instanceof Error ? err.message : String(err)}`)
  }
}
