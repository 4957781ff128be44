import { LibsqlBatchError, LibsqlError, type InArgs, type InStatement, type InValue, type ResultSet, type Row, type TransactionMode } from '@libsql/client'
import Database from 'libsql'
import type { SqlClient } from './client'

type Statement = ReturnType<Database.Database['prepare']>
const schemaChange = /^\s*(ALTER|CREATE|DROP)\b/i
/** A kept statement; `columns` for one that returns rows. */
type Prepared = { stmt: Statement; columns: { names: string[]; types: string[] } | null }

const begin: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' }
// Enough for every statement shape the app builds; drizzle's IN lists of varying length make more.
const cacheSize = 256

/**
 * The embedded libSQL file for Node, with the part of @libsql/client's API that drizzle and Sigap
 * use, and the same results and errors. It exists for one reason: @libsql/client compiles every
 * statement afresh and probes each one by catching an exception, which was over a fifth of the CPU
 * time of an intake (bench, issue 10); here prepared statements are kept, per connection, by SQL text.
 */
export class EmbeddedClient implements SqlClient {
  readonly protocol = 'file'
  #db: Database.Database
  #statements = new Map<string, Prepared>()

  constructor(path: string) {
    this.#db = new Database(path)
  }

  get closed(): boolean {
    return !this.#db.open
  }

  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.#run(typeof stmt === 'string' ? { sql: stmt, args } : stmt)
  }

  async batch(stmts: Array<InStatement | [string, InArgs?]>, mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    return this.#inTransaction(begin[mode], stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] } : s)))
  }

  /** As @libsql/client does for drizzle's migrator: one transaction, foreign keys off meanwhile. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    this.#run('PRAGMA foreign_keys=off')
    try {
      return this.#inTransaction(begin.deferred, stmts)
    } finally {
      this.#run('PRAGMA foreign_keys=on')
      this.#statements.clear() // the schema may have changed under cached statements' columns
    }
  }

  async executeMultiple(sql: string): Promise<void> {
    try {
      this.#db.exec(sql)
    } catch (err) {
      throw libsqlError(err)
    } finally {
      this.#statements.clear()
    }
  }

  close(): void {
    this.#statements.clear()
    this.#db.close()
  }

  #inTransaction(beginSql: string, stmts: InStatement[]): ResultSet[] {
    this.#run(beginSql)
    try {
      const results = stmts.map((stmt, i) => {
        try {
          if (!this.#db.inTransaction) throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED')
          return this.#run(stmt)
        } catch (err) {
          if (err instanceof LibsqlError && !(err instanceof LibsqlBatchError)) throw new LibsqlBatchError(err.message, i, err.code, err.extendedCode, err.rawCode, err.cause as Error | undefined)
          throw err
        }
      })
      this.#run('COMMIT')
      return results
    } finally {
      if (this.#db.inTransaction) this.#run('ROLLBACK')
    }
  }

  #run(stmt: InStatement): ResultSet {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: undefined } : stmt
    const prepared = this.#prepare(sql)
    try {
      const bound = bindArgs(args)
      if (!prepared.columns) {
        const info = prepared.stmt.run(bound)
        // Kept statements' columns may have changed with the schema.
        if (schemaChange.test(sql)) this.#statements.clear()
        return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid))
      }
      const { names, types } = prepared.columns
      const rows = (prepared.stmt.all(bound) as unknown[][]).map((values) => rowOf(values, names))
      return resultSet(names, types, rows, 0, undefined)
    } catch (err) {
      // A statement that failed may be left mid-step; never hand it out again.
      this.#statements.delete(sql)
      throw err instanceof RangeError || err instanceof TypeError ? err : libsqlError(err)
    }
  }

  #prepare(sql: string): Prepared {
    const cached = this.#statements.get(sql)
    if (cached) {
      // Least recently used goes first: re-insert to move this one to the end.
      this.#statements.delete(sql)
      this.#statements.set(sql, cached)
      return cached
    }
    let stmt: Statement
    try {
      stmt = this.#db.prepare(sql)
    } catch (err) {
      throw libsqlError(err)
    }
    stmt.safeIntegers(true)
    let columns: Prepared['columns'] = null
    if (stmt.reader) {
      stmt.raw(true)
      // Read once: a statement's columns stay as prepared (the cache is emptied when the schema may change).
      const described = stmt.columns()
      columns = { names: described.map((c) => c.name), types: described.map((c) => c.type ?? '') }
    }
    const entry = { stmt, columns }
    this.#statements.set(sql, entry)
    if (this.#statements.size > cacheSize) this.#statements.delete(this.#statements.keys().next().value!)
    return entry
  }
}

function bindArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return []
  if (Array.isArray(args)) return args.map(toSql)
  // Named arguments may carry their prefix (`:id`, `@id`, `$id`); libSQL binds them without.
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [/^[:@$]/.test(name) ? name.slice(1) : name, toSql(value)]))
}

// The conversions of @libsql/client (intMode "number"), so results do not depend on the driver.
const minInteger = -9223372036854775808n
const maxInteger = 9223372036854775807n
const minSafe = BigInt(Number.MIN_SAFE_INTEGER)
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER)

function toSql(value: InValue | undefined): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments')
  if (typeof value === 'bigint' && (value < minInteger || value > maxInteger)) throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument')
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  if (value instanceof Date) return value.valueOf()
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database')
  return value
}

function fromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < minSafe || value > maxSafe) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number')
    return Number(value)
  }
  if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)
  return value
}

/** A row as @libsql/client shapes it: values by index (hidden) and by column name (enumerable). */
function rowOf(values: unknown[], names: string[]): Row {
  const row = {} as Row
  Object.defineProperty(row, 'length', { value: values.length })
  for (let i = 0; i < values.length; i++) {
    const value = fromSql(values[i])
    Object.defineProperty(row, i, { value })
    if (!Object.hasOwn(row, names[i]!)) Object.defineProperty(row, names[i]!, { value, enumerable: true, configurable: true, writable: true })
  }
  return row
}

function resultSet(columns: string[], columnTypes: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows: rows.map((row) => Array.from(row)), rowsAffected, lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid) }),
  }
}

/** libSQL's SqliteError as a LibsqlError: `code` is the base code, `extendedCode` the driver's own. */
function libsqlError(err: unknown): unknown {
  if (!(err instanceof Database.SqliteError)) return err
  const base = /^SQLITE_[A-Z]+/.exec(err.code)?.[0] ?? 'SQLITE_UNKNOWN'
  return new LibsqlError(err.message, base, err.code, err.rawCode, err)
}
