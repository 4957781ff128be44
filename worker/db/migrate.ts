import { migrate } from 'drizzle-orm/libsql/migrator'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './client'

/**
 * The repository's migrations/ folder, found by walking up from this module: it runs from
 * worker/db/ (tsx, vitest, scripts) and from the bundle in dist/ that `npm start` builds.
 */
export function findMigrationsFolder(): string {
  const start = dirname(fileURLToPath(import.meta.url))
  for (let dir = start; ; dir = dirname(dir)) {
    const folder = join(dir, 'migrations')
    if (existsSync(join(folder, 'meta', '_journal.json'))) return folder
    if (dirname(dir) === dir) throw new Error(`No migrations/meta/_journal.json in ${start} or above`)
  }
}

/** Applies pending SQL migrations in one batch; the same code serves the Node entry and `npm run db:migrate` for a remote database. */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: findMigrationsFolder() })
}
