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

/** A migrations folder as an older release shipped it: the journal's entries before `tag` (default: only the first). */
function firstMigrationOnly(before?: string): string {
  const folder = join(dir, `older-${++counter}`)
  mkdirSync(join(folder, 'meta'), { recursive: true })
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }
  const end = before === undefined ? 1 : journal.entries.findIndex((e) => e.tag === before)
  const entries = journal.entries.slice(0, end)
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }))
  for (const e of entries) copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(folder, `${e.tag}.sql`))
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

  it("keeps issue 20's survey links when replies to the reporter arrive, each under the close message's key", async () => {
    const db = await emptyDb()
    await migrate(db, { migrationsFolder: firstMigrationOnly('0023_reporter_replies') })
    await db.$client.execute('PRAGMA foreign_keys = OFF')
    await db.$client.execute("INSERT INTO reporter_messages (case_id, purpose, status, attempts, next_attempt_at, created_at, sent_at) VALUES (7, 'survei', 'sent', 1, 10, 5, 10), (8, 'survei', 'pending', 0, 20, 20, NULL)")
    await migrateDb(db)
    const rows = (await db.$client.execute('SELECT id, case_id, purpose, dedupe_key, status, sent_at, sent_as FROM reporter_messages ORDER BY id')).rows.map((r) => ({ ...r }))
    expect(rows).toEqual([
      { id: 1, case_id: 7, purpose: 'survei', dedupe_key: 'kasus:7:selesai', status: 'sent', sent_at: 10, sent_as: 'template' },
      { id: 2, case_id: 8, purpose: 'survei', dedupe_key: 'kasus:8:selesai', status: 'pending', sent_at: null, sent_as: null },
    ])
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
