import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { writeBatch } from '../../worker/db/batch'
import { wrapClient, type Db } from '../../worker/db/client'
import { openFileDb } from '../../worker/db/open-file'

const dir = mkdtempSync(join(tmpdir(), 'sigap-batch-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// A unit like the real ones: an insert, then a statement that reads `changes()` of the one before.
const unit = (db: Db, name: string) => writeBatch(db, [sql`INSERT INTO things (name) VALUES (${name})`, sql`SELECT changes() AS n, name FROM things WHERE name = ${name}`])

describe('writeBatch on the Node libSQL file (group commit)', () => {
  let db: Db
  let file: string
  beforeEach(async () => {
    file = join(dir, `${crypto.randomUUID()}.db`)
    db = await openFileDb(`file:${file}`, { groupCommit: true })
    await db.$client.execute('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)')
  })
  afterEach(() => db.$client.close())

  it('runs batches sent in the same turn as one transaction and gives each caller its own results', async () => {
    const batch = vi.spyOn(db.$client, 'batch')
    const names = ['a', 'b', 'c', 'd', 'e']
    const results = await Promise.all(names.map((name) => unit(db, name)))
    expect(batch).toHaveBeenCalledTimes(1)
    results.forEach((result, i) => {
      expect(result).toHaveLength(2)
      expect(result[0]!.rowsAffected).toBe(1)
      expect(result[1]!.rows.map((row) => [Number(row.n), row.name])).toEqual([[1, names[i]]])
    })
  })

  it('keeps the order of statements within a unit', async () => {
    const [first, second] = await Promise.all([
      writeBatch(db, [sql`INSERT INTO things (name) VALUES ('x')`, sql`UPDATE things SET name = 'y' WHERE name = 'x'`, sql`SELECT name FROM things`]),
      writeBatch(db, [sql`UPDATE things SET name = 'z' WHERE name = 'nobody'`, sql`SELECT changes() AS n`]),
    ])
    expect(first!.map((r) => r.rowsAffected)).toEqual([1, 1, 0])
    expect(first![2]!.rows.map((row) => row.name)).toEqual(['y'])
    expect(Number(second![1]!.rows[0]!.n)).toBe(0)
  })

  it('fails only the unit that violates a constraint; the others commit', async () => {
    await unit(db, 'taken')
    const batch = vi.spyOn(db.$client, 'batch')
    const outcomes = await Promise.allSettled([unit(db, 'one'), unit(db, 'taken'), unit(db, 'two')])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
    expect(batch).toHaveBeenCalledTimes(4) // the shared try, then each unit alone
    const rows = await db.$client.execute('SELECT name FROM things ORDER BY name')
    expect(rows.rows.map((row) => row.name)).toEqual(['one', 'taken', 'two'])
  })

  it('answers a caller only after the shared COMMIT: another connection sees every write', async () => {
    await Promise.all(['p', 'q', 'r'].map((name) => unit(db, name)))
    const other = await openFileDb(`file:${file}`)
    try {
      expect(Number((await other.$client.execute('SELECT count(*) AS n FROM things')).rows[0]!.n)).toBe(3)
    } finally {
      other.$client.close()
    }
  })
})

describe('writeBatch on any other client (the Worker over HTTP, scripts)', () => {
  it('sends each unit as its own batch', async () => {
    const db = wrapClient(createClient({ url: ':memory:' }))
    try {
      await db.$client.execute('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)')
      const batch = vi.spyOn(db.$client, 'batch')
      await Promise.all([unit(db, 'a'), unit(db, 'b')])
      expect(batch).toHaveBeenCalledTimes(2)
    } finally {
      db.$client.close()
    }
  })
})
