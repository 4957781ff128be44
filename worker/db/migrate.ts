import { migrate } from 'drizzle-orm/libsql/migrator'
import { fileURLToPath } from 'node:url'
import type { Db } from './client'

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Applies pending SQL migrations in one batch; the same code serves the Node entry and `npm run db:migrate` for a remote database. */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder })
}
