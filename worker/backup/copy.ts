// Copies a whole Sigap database from one libSQL database to another: a Node file to a libSQL
// server or Turso and back (`npm run db:copy`), and a remote database into a backup file.
import type { InStatement, InValue } from '@libsql/client'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { wrapClient, type SqlClient } from '../db/client'
import { findMigrationsFolder, migrateDb } from '../db/migrate'
import { workerPasswordIterations, type Runtime } from '../config'

export type CopyReport = { tables: number; rows: number; resetNeeded: string[] }

// Rows per INSERT, and INSERTs per batch: a batch stays far inside libSQL's 5 s transaction slot
// and SQLite's 32,766 bound parameters for tables of up to 60 columns.
const rowsPerInsert = 200
const insertsPerBatch = 10

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * Copies every table of `from` into `to`, which is migrated first and must hold no users or cases.
 * Row counts are compared table by table at the end. Accounts whose password hash the target
 * runtime cannot verify (a Node hash on the Worker) are listed for an admin to reset.
 */
export async function copyDatabase(from: SqlClient, to: SqlClient, opts: { targetRuntime: Runtime; progress?: (table: string, rows: number) => void }): Promise<CopyReport> {
  const expected = migrationCount()
  const applied = Number((await from.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n)
  if (applied !== expected) throw new Error(`the source database has ${applied} of ${expected} migrations: run npm run db:migrate on it first`)
  await migrateDb(wrapClient(to))
  const occupied = await to.execute('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM cases) AS n')
  if (Number(occupied.rows[0]!.n) > 0) throw new Error('the target database already holds users or cases: copy into an empty database')

  const tables = await copyOrder(from, to)
  let rows = 0
  for (const table of tables) {
    // Rows that triggers wrote while earlier tables were copied (dashboard rollups) are replaced by the source's.
    await to.execute(`DELETE FROM ${quote(table)}`)
    rows += await copyTable(from, to, table, opts.progress)
  }
  for (const table of tables) {
    const [a, b] = await Promise.all([from, to].map((db) => db.execute(`SELECT count(*) AS n FROM ${quote(table)}`)))
    if (Number(a!.rows[0]!.n) !== Number(b!.rows[0]!.n)) throw new Error(`table ${table}: ${a!.rows[0]!.n} rows in the source, ${b!.rows[0]!.n} copied`)
  }
  return { tables: tables.length, rows, resetNeeded: await accountsToReset(to, opts.targetRuntime) }
}

function migrationCount(): number {
  const journal = JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
  return journal.entries.length
}

/**
 * Tables in an order that satisfies foreign keys (referenced before referencing), with the tables
 * that triggers write into last, so that their copied rows are the final ones.
 */
async function copyOrder(from: SqlClient, to: SqlClient): Promise<string[]> {
  const listed = await from.execute(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations' ORDER BY name`)
  const names = listed.rows.map((r) => String(r.name))
  const triggers = await to.execute(`SELECT sql FROM sqlite_schema WHERE type = 'trigger'`)
  const triggerTargets = new Set(triggers.rows.flatMap((r) => [...String(r.sql).matchAll(/INSERT\s+INTO\s+"?(\w+)"?/gi)].map((m) => m[1]!)))
  const parents = new Map<string, string[]>()
  for (const name of names) {
    const fks = await from.execute({ sql: 'SELECT "table" AS parent FROM pragma_foreign_key_list(?)', args: [name] })
    parents.set(name, fks.rows.map((r) => String(r.parent)).filter((p) => p !== name))
  }
  const ordered: string[] = []
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return
    path.add(name)
    for (const parent of parents.get(name) ?? []) visit(parent, path)
    ordered.push(name)
  }
  for (const name of names) visit(name, new Set())
  return [...ordered.filter((t) => !triggerTargets.has(t)), ...ordered.filter((t) => triggerTargets.has(t))]
}

async function copyTable(from: SqlClient, to: SqlClient, table: string, progress?: (table: string, rows: number) => void): Promise<number> {
  let last = -Infinity
  let copied = 0
  for (;;) {
    const page = await from.execute({ sql: `SELECT rowid AS "__rowid", * FROM ${quote(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`, args: [last === -Infinity ? Number.MIN_SAFE_INTEGER : last, rowsPerInsert * insertsPerBatch] })
    if (page.rows.length === 0) return copied
    const columns = page.columns.filter((c) => c !== '__rowid')
    const statements: InStatement[] = [{ sql: 'PRAGMA defer_foreign_keys = ON' }]
    for (let at = 0; at < page.rows.length; at += rowsPerInsert) {
      const chunk = page.rows.slice(at, at + rowsPerInsert)
      const tuple = `(${columns.map(() => '?').join(', ')})`
      statements.push({
        sql: `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
        args: chunk.flatMap((row) => columns.map((c) => row[c] as InValue)),
      })
    }
    await to.batch(statements, 'write')
    copied += page.rows.length
    last = Number(page.rows[page.rows.length - 1]!.__rowid)
    progress?.(table, copied)
  }
}

/** Usernames whose hash the target runtime cannot verify: Workers refuse PBKDF2 above 100,000 iterations. */
async function accountsToReset(db: SqlClient, runtime: Runtime): Promise<string[]> {
  if (runtime !== 'worker') return []
  const result = await db.execute('SELECT username, password_hash FROM users WHERE active = 1 ORDER BY username')
  return result.rows.filter((r) => Number(String(r.password_hash).split('$')[1]) > workerPasswordIterations).map((r) => String(r.username))
}
