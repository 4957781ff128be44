import type { Client } from '@libsql/client'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import * as schema from './schema'

export type Db = LibSQLDatabase<typeof schema> & { $client: Client }

/** Wraps a libSQL client (embedded file on Node, HTTP on the Worker) in drizzle. */
export function wrapClient(client: Client): Db {
  return drizzle(client, { schema }) as Db
}
