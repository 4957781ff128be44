import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/libsql/migrator'
import { afterAll, describe, expect, it } from 'vitest'
import type { Db } from '../../worker/db/client'
import { migrateDb } from '../../worker/db/migrate'
import { openFileDb } from '../../worker/db/open-file'

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'sigap-migrate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let counter = 0

async function emptyDb(): Promise<Db> {
  const db = await openFileDb(`file:${join(dir, `db-${++counter}.db`)}`)
  afterAll(() => db.$client.close())
  return db
}

/** Every table, index and trigger with its SQL, as SQLite stores it. */
async function schemaOf(db: Db) {
  const rs = await db.$client.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
  return rs.rows.map((r) => ({ type: r.type, name: r.name, table: r.tbl_name, sql: r.sql }))
}

/** A migrations folder as an older release shipped it: only the first entry of the journal. */
function firstMigrationOnly(): string {
  const folder = join(dir, `first-only-${++counter}`)
  mkdirSync(join(folder, 'meta'), { recursive: true })
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'))
  const first = journal.entries[0]
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }))
  copyFileSync(join(migrationsFolder, `${first.tag}.sql`), join(folder, `${first.tag}.sql`))
  return folder
}

describe('migrations', () => {
  it('give an empty database and an older one the same schema, keeping the older rows', async () => {
    const fresh = await emptyDb()
    await migrateDb(fresh)

    const older = await emptyDb()
    await migrate(older, { migrationsFolder: firstMigrationOnly() })
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'))
    expect(journal.entries.length).toBeGreaterThan(1) // otherwise there is nothing "older" to test
    expect((await older.$client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n).toBe(1)
    await older.$client.execute("INSERT INTO provinces (code, name) VALUES ('61', 'Kalimantan Barat')")
    await older.$client.execute("INSERT INTO settings (key, value) VALUES ('dibuat_oleh', 'rilis lama')")

    await migrateDb(older)
    expect(await schemaOf(older)).toEqual(await schemaOf(fresh))
    expect((await older.$client.execute('SELECT name FROM provinces')).rows.map((r) => r.name)).toEqual(['Kalimantan Barat'])
    expect((await older.$client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n).toBe(journal.entries.length)
  })

  it('does nothing when run a second time', async () => {
    const db = await emptyDb()
    await migrateDb(db)
    await db.$client.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    const before = await schemaOf(db)
    const applied = (await db.$client.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id')).rows
    await migrateDb(db)
    expect(await schemaOf(db)).toEqual(before)
    expect((await db.$client.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id')).rows).toEqual(applied)
    expect((await db.$client.execute('SELECT value FROM settings')).rows.map((r) => r.value)).toEqual(['v'])
  })

  it('creates the append-only audit log triggers', async () => {
    const db = await emptyDb()
    await migrateDb(db)
    const triggers = (await schemaOf(db)).filter((o) => o.type === 'trigger' && o.table === 'audit_log').map((o) => o.name)
    expect(triggers).toEqual(expect.arrayContaining(['audit_log_no_delete', 'audit_log_no_update']))
  })
})
