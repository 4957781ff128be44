// `npm run restore -- BACKUP_DIR [--force]`: puts a backup made by `npm run backup` back into
// DATABASE_URL (a file) and SIGAP_PHOTOS_DIR, after checking every file against its manifest and
// the database with integrity_check. Stop Sigap first; an existing database needs --force.
import { parseArgs } from 'node:util'
import { restoreBackup } from '../worker/backup/backup'

const { values, positionals } = parseArgs({ options: { force: { type: 'boolean' } }, allowPositionals: true })
const url = process.env.DATABASE_URL ?? 'file:data/sigap.db'
try {
  if (positionals.length !== 1) throw new Error('usage: npm run restore -- BACKUP_DIR [--force]')
  if (!url.startsWith('file:')) throw new Error('restore writes a database file (DATABASE_URL=file:…); a Turso database is restored with Turso\'s point-in-time restore, or with npm run db:copy from a backup')
  const started = performance.now()
  const manifest = await restoreBackup({
    from: positionals[0]!,
    databasePath: url.slice('file:'.length),
    photosDir: process.env.SIGAP_PHOTOS_DIR ?? 'data/photos',
    key: process.env.SIGAP_BACKUP_KEY || undefined,
    force: values.force,
  })
  console.log(`Restored ${manifest.name} (${manifest.createdAt}): ${manifest.counts.cases} cases, ${manifest.photos.files.length} photos, integrity ok (${((performance.now() - started) / 1000).toFixed(1)} s)`)
} catch (err) {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
}
