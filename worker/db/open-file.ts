import { createClient } from '@libsql/client'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { wrapClient, type Db } from './client'

/**
 * Opens an embedded libSQL file for the Node entry. One connection, so the per-connection
 * pragmas below hold for every statement: WAL with synchronous=FULL makes a report that was
 * acknowledged to the operator survive a power cut (SQLite docs: NORMAL may roll back the last
 * commits after power loss).
 */
export async function openFileDb(url: string): Promise<Db> {
  if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)) || '.', { recursive: true })
  const client = createClient({ url, concurrency: 1 })
  await client.execute('PRAGMA journal_mode=WAL')
  await client.execute('PRAGMA synchronous=FULL')
  await client.execute('PRAGMA busy_timeout=5000')
  await client.execute('PRAGMA foreign_keys=ON')
  return wrapClient(client)
}
