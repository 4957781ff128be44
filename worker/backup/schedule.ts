// Node only: the daily backup inside `npm start`'s process. The copy itself runs in a child process
// (dist/node/backup.js): VACUUM INTO and integrity_check of a large database hold a thread for tens
// of seconds (1,000,000 cases: about 9 s and 23 s here), which must not be the server's.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Db } from '../db/client'
import { readBackupStatus, recordBackupAttempt, recordBackupOutcome, type BackupOutcome } from '../db/queries/backups'
import { isBackupDue } from '../domain/backups'
import { startScheduler, sweepCron } from '../jobs/schedule'

// Bundled by `npm start`, this module is inside dist/node/sigap.js beside backup.js; under tsx (the
// tests start worker/node.ts that way) it is this file, and the script is its TypeScript source.
const backupCommand = import.meta.url.endsWith('.ts')
  ? ['--import', 'tsx', fileURLToPath(new URL('../../scripts/backup.ts', import.meta.url))]
  : [fileURLToPath(new URL('./backup.js', import.meta.url))]

/** Checks at start and at every sweep tick whether the day's backup is due, and runs it. */
export function scheduleBackups(db: Db, config: Config, clock: Clock): () => void {
  const dir = config.backup.dir
  if (!dir) return () => {}
  const check = async () => {
    const now = clock.now()
    if (!isBackupDue(now, config.zone, config.backup.hour, await readBackupStatus(db))) return
    await recordBackupAttempt(db, now)
    await recordBackupOutcome(db, await runChild(dir), clock.now())
  }
  const onError = (err: unknown) => console.error(`backup check failed: ${err instanceof Error ? err.name : 'error'}`)
  const atStart = check().catch(onError)
  // A tick never runs beside the start-up check (still copying, perhaps); croner keeps ticks apart.
  return startScheduler(sweepCron, async () => {
    await atStart
    await check()
  }, { onError })
}

/** Runs `backup.js --json --to dir` and reads its one-line JSON answer. */
function runChild(dir: string): Promise<BackupOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...backupCommand, '--json', '--to', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk))
    child.on('error', (e) => resolve({ ok: false, error: `backup process did not start: ${e.message}` }))
    child.on('close', (code, signal) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as BackupOutcome)
      } catch {
        resolve({ ok: false, error: err.trim().split('\n').pop() || `backup process ended with ${signal ?? `code ${code}`}` })
      }
    })
  })
}
