import { createClient, type Client } from '@libsql/client'
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
  return wrapClient(reopeningOnBusy(await connect(url), () => connect(url)))
}

async function connect(url: string): Promise<Client> {
  const client = createClient({ url, concurrency: 1 })
  await client.execute('PRAGMA journal_mode=WAL')
  await client.execute('PRAGMA synchronous=FULL')
  await client.execute('PRAGMA busy_timeout=5000')
  await client.execute('PRAGMA foreign_keys=ON')
  return client
}

/**
 * The embedded driver leaves a statement that failed with SQLITE_BUSY pending on its connection, so
 * every later COMMIT fails ("SQL statements in progress") until the process restarts
 * (test/faults/db-unavailable.test.ts found it). After a busy error the connection is replaced:
 * the app recovers by itself once the lock is gone.
 */
function reopeningOnBusy(first: Client, reconnect: () => Promise<Client>): Client {
  let current = first
  const heal = async (err: unknown): Promise<never> => {
    if ((err as { code?: string })?.code?.startsWith('SQLITE_BUSY')) {
      const stale = current
      current = await reconnect()
      stale.close()
    }
    throw err
  }
  return new Proxy(first, {
    get(_, prop) {
      const value = Reflect.get(current, prop, current) as unknown
      if (typeof value !== 'function') return value
      if (prop === 'execute' || prop === 'batch' || prop === 'executeMultiple' || prop === 'migrate') {
        return (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(current, args).catch(heal)
      }
      return (value as (...a: unknown[]) => unknown).bind(current)
    },
  })
}
