import type { InStatement, ResultSet } from '@libsql/client'
import type { SQL } from 'drizzle-orm'
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core'
import type { Db } from './client'

const dialect = new SQLiteAsyncDialect()

export type Buildable = SQL | { toSQL(): { sql: string; params: unknown[] } }

/** Turns a drizzle query or `sql` template into a libSQL statement. */
export function statement(query: Buildable): InStatement {
  const { sql, params } = 'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query)
  return { sql, args: params as InStatement extends { args?: infer A } ? A : never }
}

/**
 * One unit of work is one batch: a single round trip over HTTP (remote streams expire after
 * seconds and every trip from Indonesia costs 150–250 ms) and one transaction that takes the write
 * lock up front (`BEGIN IMMEDIATE`), so checks inside it cannot race another writer.
 */
export function writeBatch(db: Db, queries: Buildable[]): Promise<ResultSet[]> {
  const stmts = queries.map(statement)
  return (writers.get(db) ?? ((s) => db.$client.batch(s, 'write')))(stmts)
}

/** writeBatch over named statements, run in the order given: each result comes back under its name. */
export async function writeNamedBatch<T extends Record<string, Buildable | undefined>>(db: Db, queries: T): Promise<{ [K in keyof T]: ResultSet }> {
  const named = Object.entries(queries).filter((entry): entry is [string, Buildable] => entry[1] !== undefined)
  // Nothing to write is no round trip.
  const results = named.length > 0 ? await writeBatch(db, named.map(([, query]) => query)) : []
  return Object.fromEntries(named.map(([name], i) => [name, results[i]])) as { [K in keyof T]: ResultSet }
}

export type WriteFn = (stmts: InStatement[]) => Promise<ResultSet[]>
const writers = new WeakMap<Db, WriteFn>()

/** Routes this db's write batches through `write` (the Node entry's group commit, open-file.ts). */
export function useWriter(db: Db, write: WriteFn): Db {
  writers.set(db, write)
  return db
}

