import type { Client } from '@libsql/client'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import * as schema from './schema'

/**
 * The part of @libsql/client's Client that Sigap uses: the HTTP client on the Worker and the
 * embedded file on Node (worker/db/embedded-client.ts) both provide it. No interactive
 * transactions: every multi-statement write is one batch, which is one round trip over HTTP.
 */
export type SqlClient = Pick<Client, 'execute' | 'batch' | 'migrate' | 'executeMultiple' | 'close' | 'closed' | 'protocol'>

export type Db = LibSQLDatabase<typeof schema> & { $client: SqlClient }

/** Wraps a libSQL client in drizzle. */
export function wrapClient(client: SqlClient): Db {
  // drizzle asks a Client for transaction() only inside db.transaction(), which Sigap never calls.
  return drizzle(client as Client, { schema }) as Db
}
