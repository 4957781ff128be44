import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient, LibsqlError, type Client } from '@libsql/client'
import { createClient as createWebClient } from '@libsql/client/web'
import { drizzle } from 'drizzle-orm/libsql'
import { eq } from 'drizzle-orm'
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { analyzeSql, startHranaServer, type HranaServer } from './hrana-server'

let dir: string
let server: HranaServer
let client: Client

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hrana-server-'))
  server = await startHranaServer({ dbPath: join(dir, 'test.db') })
  client = createClient({ url: server.url })
})

afterEach(async () => {
  client.close()
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs `fn` and returns the LibsqlError it throws. */
async function libsqlError(fn: () => Promise<unknown>): Promise<LibsqlError> {
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LibsqlError)
  return error as LibsqlError
}

describe('execute', () => {
  it('binds positional and named arguments', async () => {
    const positional = await client.execute({ sql: 'SELECT ? AS a, ?2 AS b', args: ['x', 'y'] })
    expect(positional.columns).toEqual(['a', 'b'])
    expect(positional.rows[0]).toMatchObject({ a: 'x', b: 'y' })

    const named = await client.execute({
      sql: 'SELECT :a AS a, @b AS b, $c AS c, :a AS again',
      args: { a: 'one', '@b': 'two', c: 'three' },
    })
    expect(named.rows[0]).toMatchObject({ a: 'one', b: 'two', c: 'three', again: 'one' })
  })

  it('round-trips integers, floats, unicode text, blobs and null', async () => {
    const big = createClient({ url: server.url, intMode: 'bigint' })
    try {
      await big.execute('CREATE TABLE t (i INTEGER, f REAL, s TEXT, b BLOB, n)')
      const text = 'Halo dunia — ñ, 漢字, emoji 🌏'
      const blob = new Uint8Array([0, 1, 2, 254, 255])
      await big.execute({
        sql: 'INSERT INTO t VALUES (?, ?, ?, ?, ?)',
        args: [2n ** 53n + 1n, 1.5, text, blob, null],
      })
      await big.execute({ sql: 'INSERT INTO t (i) VALUES (?)', args: [-(2n ** 63n)] })

      const rs = await big.execute('SELECT i, f, s, b, n, typeof(i) AS ti, typeof(b) AS tb FROM t ORDER BY rowid')
      expect(rs.columns).toEqual(['i', 'f', 's', 'b', 'n', 'ti', 'tb'])
      expect(rs.columnTypes).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB', '', '', ''])
      const row = rs.rows[0]!
      expect(row.i).toBe(9007199254740993n)
      expect(row.f).toBe(1.5)
      expect(row.s).toBe(text)
      expect(new Uint8Array(row.b as ArrayBuffer)).toEqual(blob)
      expect(row.n).toBeNull()
      expect([row.ti, row.tb]).toEqual(['integer', 'blob'])
      expect(rs.rows[1]!.i).toBe(-(2n ** 63n))

      // The default intMode ('number') refuses integers it cannot represent exactly.
      await expect(client.execute('SELECT i FROM t')).rejects.toThrow(RangeError)
    } finally {
      big.close()
    }
  })

  it('sends JS numbers as floats, so they bind as REAL (as against sqld)', async () => {
    const rs = await client.execute({ sql: 'SELECT typeof(?) AS a, typeof(?) AS b', args: [42, 42n] })
    expect(rs.rows[0]).toMatchObject({ a: 'real', b: 'integer' })
    await client.execute('CREATE TABLE n (x INTEGER)')
    await client.execute({ sql: 'INSERT INTO n VALUES (?)', args: [42] })
    const stored = await client.execute('SELECT x, typeof(x) AS t FROM n')
    expect(stored.rows[0]).toMatchObject({ x: 42, t: 'integer' }) // column affinity converts it back
  })

  it('reports rowsAffected and lastInsertRowid like sqld', async () => {
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
    const ins = await client.execute({ sql: 'INSERT INTO t (v) VALUES (?), (?)', args: ['a', 'b'] })
    expect(ins.rowsAffected).toBe(2)
    expect(ins.lastInsertRowid).toBe(2n)

    const upd = await client.execute("UPDATE t SET v = 'z'")
    expect(upd.rowsAffected).toBe(2)
    expect(upd.lastInsertRowid).toBeUndefined()

    const sel = await client.execute('SELECT * FROM t')
    expect(sel.rowsAffected).toBe(0) // not the stale changes() of the UPDATE
    expect(sel.lastInsertRowid).toBeUndefined()

    const ret = await client.execute({ sql: 'INSERT INTO t (v) VALUES (?) RETURNING id', args: ['c'] })
    expect(ret.rows[0]).toMatchObject({ id: 3 })
    expect(ret.rowsAffected).toBe(1)
    expect(ret.lastInsertRowid).toBe(3n)

    const del = await client.execute('WITH x AS (SELECT 1) DELETE FROM t WHERE id > 1')
    expect(del.rowsAffected).toBe(2)
  })

  it('returns sqld error codes', async () => {
    await client.execute('CREATE TABLE u (x TEXT UNIQUE)')
    await client.execute("INSERT INTO u VALUES ('a')")
    const unique = await libsqlError(() => client.execute("INSERT INTO u VALUES ('a')"))
    expect(unique.code).toBe('SQLITE_CONSTRAINT')
    expect(unique.message).toContain('UNIQUE constraint failed: u.x')

    expect((await libsqlError(() => client.execute('SELECT * FROM nope'))).code).toBe('SQL_INPUT_ERROR')
    expect((await libsqlError(() => client.execute('SELEC 1'))).code).toBe('SQL_PARSE_ERROR')
    expect((await libsqlError(() => client.execute('SELECT 1; SELECT 2'))).code).toBe('SQL_MANY_STATEMENTS')
    expect((await libsqlError(() => client.execute('  -- nothing'))).code).toBe('SQL_NO_STATEMENT')
    const missing = await libsqlError(() => client.execute({ sql: 'SELECT :a, :b', args: { a: 1 } }))
    expect(missing.code).toBe('ARGS_INVALID')
    expect((await libsqlError(() => client.execute({ sql: 'SELECT ?', args: [1, 2] }))).code).toBe('ARGS_INVALID')
    expect((await libsqlError(() => client.execute('ROLLBACK'))).code).toBe('SQLITE_UNKNOWN')
  })
})

describe('batch', () => {
  it("commits every statement of batch(..., 'write') in one round trip", async () => {
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
    server.resetCount()
    const results = await client.batch(
      [
        { sql: 'INSERT INTO t (v) VALUES (?)', args: ['a'] },
        { sql: 'INSERT INTO t (v) VALUES (:v)', args: { v: 'b' } },
        'SELECT count(*) AS n FROM t',
      ],
      'write',
    )
    expect(server.pipelines).toBe(1)
    expect(results.map((r) => r.lastInsertRowid)).toEqual([1n, 2n, undefined])
    expect(results[2]!.rows[0]).toMatchObject({ n: 2 })
    const other = createClient({ url: server.url })
    try {
      expect((await other.execute('SELECT v FROM t ORDER BY id')).rows.map((r) => r.v)).toEqual(['a', 'b'])
    } finally {
      other.close()
    }
  })

  it('rolls back everything when the last statement fails', async () => {
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)')
    const error = await libsqlError(() =>
      client.batch(
        [
          { sql: 'INSERT INTO t (v) VALUES (?)', args: ['a'] },
          { sql: 'INSERT INTO t (v) VALUES (?)', args: ['b'] },
          { sql: 'INSERT INTO t (v) VALUES (?)', args: [null] },
        ],
        'write',
      ),
    )
    expect(error.code).toBe('SQLITE_CONSTRAINT')
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 0 })
    // The failed batch did not leave a transaction or lock behind.
    await client.execute("INSERT INTO t (v) VALUES ('after')")
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 1 })
  })

  it('fails the whole batch on a syntax error, before running any step', async () => {
    await client.execute('CREATE TABLE t (v TEXT)')
    const error = await libsqlError(() => client.batch(["INSERT INTO t VALUES ('a')", 'INSERT INTO t VALUS (1)'], 'write'))
    expect(error.code).toBe('SQL_PARSE_ERROR')
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 0 })
  })

  it('runs executeMultiple as a sequence, including trigger bodies', async () => {
    await client.executeMultiple(`
      CREATE TABLE t (v TEXT); -- comment; with a semicolon
      CREATE TABLE log (msg TEXT);
      CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
        INSERT INTO log VALUES (CASE WHEN new.v = ';' THEN 'semi' ELSE new.v END);
      END;
      INSERT INTO t VALUES (';'), ('x');
    `)
    expect((await client.execute('SELECT msg FROM log ORDER BY rowid')).rows.map((r) => r.msg)).toEqual(['semi', 'x'])
  })
})

describe('transactions', () => {
  it('keeps an interactive transaction on one connection until commit or rollback', async () => {
    await client.execute('CREATE TABLE t (v TEXT)')
    server.resetCount()
    const tx = await client.transaction('write')
    await tx.execute("INSERT INTO t VALUES ('in tx')")
    expect((await tx.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 1 })
    // Another connection does not see uncommitted rows.
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 0 })
    await tx.commit()
    expect(server.pipelines).toBe(4) // BEGIN+insert, select, other client's select, COMMIT+close
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 1 })

    const tx2 = await client.transaction('write')
    await tx2.execute("INSERT INTO t VALUES ('rolled back')")
    await tx2.rollback()
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 1 })
  })

  it('makes a concurrent writer wait for the open write transaction', async () => {
    await client.execute('CREATE TABLE t (v TEXT)')
    const tx = await client.transaction('write')
    await tx.execute("INSERT INTO t VALUES ('first')")
    const waiting = client.execute("INSERT INTO t VALUES ('second')")
    await new Promise((resolve) => setTimeout(resolve, 100))
    await tx.commit()
    await waiting
    expect((await client.execute('SELECT v FROM t ORDER BY rowid')).rows.map((r) => r.v)).toEqual(['first', 'second'])
  })

  it('closes open streams on server.close()', async () => {
    await client.execute('CREATE TABLE t (v TEXT)')
    const tx = await client.transaction('write')
    await tx.execute("INSERT INTO t VALUES ('never committed')")
    await server.close() // must not hang on the open stream or keep-alive sockets
    tx.close()
    // Closed means closed: nothing is answered any more, and the open transaction never committed.
    await expect(client.execute('SELECT 1')).rejects.toThrow('fetch failed')
    const file = createClient({ url: `file:${join(dir, 'test.db')}` })
    try {
      expect((await file.execute('SELECT count(*) AS n FROM t')).rows[0]).toMatchObject({ n: 0 })
    } finally {
      file.close()
    }
  })
})

describe('server controls', () => {
  it('counts one pipeline per execute and per batch', async () => {
    server.resetCount()
    await client.execute('SELECT 1')
    expect(server.pipelines).toBe(1)
    await client.batch(['SELECT 1', 'SELECT 2'], 'read')
    expect(server.pipelines).toBe(2)
    await Promise.all([client.execute('SELECT 1'), client.execute('SELECT 2')])
    expect(server.pipelines).toBe(4)
    server.resetCount()
    expect(server.pipelines).toBe(0)
  })

  it('answers 503 while down and recovers afterwards', async () => {
    server.setDown(true)
    const error = await libsqlError(() => client.execute('SELECT 1'))
    expect(error.code).toBe('SERVER_ERROR')
    expect(error.message).toContain('503')
    await expect(client.batch(['SELECT 1'], 'write')).rejects.toThrow(LibsqlError)
    server.setDown(false)
    expect((await client.execute('SELECT 1 AS one')).rows[0]).toMatchObject({ one: 1 })
  })

  it('works with the web client the Worker build uses', async () => {
    const web = createWebClient({ url: server.url })
    try {
      expect((await web.execute({ sql: 'SELECT ? AS v', args: ['web'] })).rows[0]).toMatchObject({ v: 'web' })
    } finally {
      web.close()
    }
  })
})

describe('drizzle-orm/libsql', () => {
  const people = sqliteTable('people', {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
  })

  it('inserts and selects through the server', async () => {
    const db = drizzle({ client })
    await db.run('CREATE TABLE people (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)')
    const inserted = await db.insert(people).values([{ name: 'Siti' }, { name: 'Budi' }]).returning()
    expect(inserted).toEqual([
      { id: 1, name: 'Siti' },
      { id: 2, name: 'Budi' },
    ])
    expect(await db.select().from(people).where(eq(people.name, 'Budi'))).toEqual([{ id: 2, name: 'Budi' }])
    await db.transaction(async (tx) => {
      await tx.update(people).set({ name: 'Budi S.' }).where(eq(people.id, 2))
    })
    await db.batch([db.insert(people).values({ name: 'Ani' }), db.delete(people).where(eq(people.id, 1))])
    expect((await db.select().from(people)).map((p) => p.name)).toEqual(['Budi S.', 'Ani'])
  })
})

describe('analyzeSql', () => {
  it('numbers parameters like SQLite and classifies statements', () => {
    const [info] = analyzeSql("SELECT ?, :a, ?5, :a, '?', $b -- ?")
    expect(info).toMatchObject({ paramCount: 6, isIud: false })
    expect(info!.paramNames).toEqual([undefined, undefined, ':a', undefined, undefined, '?5', '$b'])
    expect(analyzeSql('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x')[0]).toMatchObject({ isIud: true, isInsert: true })
    expect(analyzeSql('REPLACE INTO t VALUES (1); ; ')).toHaveLength(1)
  })
})
