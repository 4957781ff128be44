// The embedded client (worker/db/embedded-client.ts) must answer exactly as @libsql/client does on
// the same file, while keeping prepared statements: each scenario runs on both, on real files.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, LibsqlBatchError, LibsqlError } from '@libsql/client'
import { eq } from 'drizzle-orm'
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { drizzle } from 'drizzle-orm/libsql'
import { afterAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../../worker/db/client'
import { EmbeddedClient } from '../../worker/db/embedded-client'

const dir = mkdtempSync(join(tmpdir(), 'sigap-embedded-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const schema = `CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size REAL, big INTEGER, data BLOB, flag INTEGER)`
const things = sqliteTable('things', { id: integer('id').primaryKey(), name: text('name').notNull(), size: integer('size'), flag: integer('flag', { mode: 'boolean' }) })

const clients: [string, () => SqlClient][] = [
  ['@libsql/client', () => createClient({ url: `file:${join(dir, `${crypto.randomUUID()}.db`)}` })],
  ['EmbeddedClient', () => new EmbeddedClient(join(dir, `${crypto.randomUUID()}.db`))],
]

/** What a scenario saw, in plain data, for comparing the two clients. */
async function scenario(client: SqlClient) {
  const seen: unknown[] = []
  const plain = (rs: Awaited<ReturnType<SqlClient['execute']>>) => ({
    columns: rs.columns,
    columnTypes: rs.columnTypes,
    rows: rs.rows.map((row) => ({ byIndex: Array.from({ length: row.length }, (_, i) => row[i]), byName: { ...row } })),
    rowsAffected: rs.rowsAffected,
    lastInsertRowid: rs.lastInsertRowid,
  })
  const error = (err: unknown) => ({
    type: err instanceof LibsqlBatchError ? 'batch' : err instanceof LibsqlError ? 'libsql' : (err as Error).constructor.name,
    code: (err as LibsqlError).code,
    extendedCode: (err as LibsqlError).extendedCode,
    index: (err as LibsqlBatchError).statementIndex,
    message: (err as Error).message,
  })
  const attempt = (run: () => Promise<unknown>) => run().then(() => seen.push('ok'), (err) => seen.push(error(err)))

  await client.executeMultiple(schema)
  // Twice each, so the second run goes through a kept statement.
  for (const name of ['a', 'b']) seen.push(plain(await client.execute({ sql: 'INSERT INTO things (name, size, big, flag) VALUES (?, ?, ?, ?)', args: [name, 1.5, 2n ** 40n, true] })))
  for (let i = 0; i < 2; i++) seen.push(plain(await client.execute('SELECT id, name, size, big, flag, name AS name FROM things ORDER BY id')))
  seen.push(plain(await client.execute({ sql: 'SELECT name FROM things WHERE name = :name', args: { ':name': 'b' } })))
  seen.push(plain(await client.execute('SELECT name FROM things WHERE id = ?', [1])))
  await client.execute({ sql: 'UPDATE things SET data = ? WHERE id = 1', args: [new Uint8Array([1, 2, 3]).buffer] })
  const blob = (await client.execute('SELECT data FROM things WHERE id = 1')).rows[0]!.data as ArrayBuffer
  seen.push(Array.from(new Uint8Array(blob)))

  // A unique violation in a batch: its index and codes, the batch rolled back, and the failed
  // statement must not leave the connection unable to commit.
  for (let i = 0; i < 2; i++) {
    await attempt(() => client.batch([{ sql: 'INSERT INTO things (name) VALUES (?)', args: ['c'] }, { sql: 'INSERT INTO things (name) VALUES (?)', args: ['a'] }], 'write'))
    seen.push(plain(await client.execute('SELECT count(*) AS n FROM things')))
  }
  seen.push((await client.batch([['INSERT INTO things (name) VALUES (?)', ['c']], 'SELECT changes() AS n'], 'write')).map(plain))
  await attempt(() => client.execute('SELECT nope FROM things'))
  await attempt(() => client.execute('SELEC 1'))
  await attempt(() => client.execute({ sql: 'SELECT ?', args: [Number.NaN] }))
  await attempt(() => client.execute({ sql: 'SELECT ?', args: [undefined as never] }))
  await attempt(() => client.execute(`SELECT ${2n ** 60n} AS big`))

  // A schema change through migrate() shows in a query kept from before it.
  seen.push(plain(await client.execute('SELECT * FROM things WHERE id = 1')))
  seen.push((await client.migrate([{ sql: 'ALTER TABLE things ADD COLUMN note TEXT', args: [] }])).map(plain))
  seen.push(plain(await client.execute('SELECT * FROM things WHERE id = 1')))
  // And through a plain execute (the kept statement's columns are read once, issue 25).
  seen.push(plain(await client.execute('ALTER TABLE things ADD COLUMN colour TEXT')))
  seen.push(plain(await client.execute('SELECT * FROM things WHERE id = 1')))
  seen.push(plain(await client.execute('ALTER TABLE things RENAME COLUMN colour TO shade')))
  seen.push(plain(await client.execute('SELECT * FROM things WHERE id = 1')))

  // drizzle over the client: objects, booleans and the `all()` path without fields.
  const db = drizzle(client as never, { schema: { things } })
  seen.push(await db.select().from(things).where(eq(things.name, 'a')))
  seen.push(await db.query.things.findFirst({ where: eq(things.name, 'b') }))
  seen.push(await db.all('SELECT name FROM things ORDER BY id'))
  return seen
}

describe('EmbeddedClient', () => {
  it('answers every scenario exactly as @libsql/client does on the same kind of file', async () => {
    const [expected, actual] = await Promise.all(
      clients.map(async ([, open]) => {
        const client = open()
        try {
          return await scenario(client)
        } finally {
          client.close()
        }
      }),
    )
    expect(actual).toEqual(expected)
    // The comparison only means something if the scenario saw real rows and real errors.
    expect(JSON.stringify(expected, (_, v) => (typeof v === 'bigint' ? String(v) : v))).toContain('UNIQUE constraint failed')
  })

  it('compiles a statement once and keeps using it', async () => {
    const client = new EmbeddedClient(join(dir, 'kept.db'))
    try {
      await client.execute('CREATE TABLE t (x INTEGER)')
      for (let i = 0; i < 50; i++) await client.batch([{ sql: 'INSERT INTO t (x) VALUES (?)', args: [i] }, 'SELECT count(*) FROM t'], 'write')
      // SQLite's own list of the connection's prepared statements and how often each ran.
      const kept = await client.execute(`SELECT sql, run FROM sqlite_stmt WHERE sql IN ('BEGIN IMMEDIATE', 'INSERT INTO t (x) VALUES (?)', 'SELECT count(*) FROM t', 'COMMIT') ORDER BY sql`)
      expect(kept.rows.map((row) => [row.sql, row.run])).toEqual([
        ['BEGIN IMMEDIATE', 50],
        ['COMMIT', 50],
        ['INSERT INTO t (x) VALUES (?)', 50],
        ['SELECT count(*) FROM t', 50],
      ])
    } finally {
      client.close()
    }
  })
})
