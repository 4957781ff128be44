import { LibsqlBatchError, LibsqlError, type InStatement, type ResultSet } from '@libsql/client'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { useWriter, type WriteFn } from './batch'
import { wrapClient, type Db, type SqlClient } from './client'
import { EmbeddedClient } from './embedded-client'

/**
 * Opens an embedded libSQL file for the Node entry. One connection, so the per-connection
 * pragmas below hold for every statement: WAL with synchronous=FULL makes a report that was
 * acknowledged to the operator survive a power cut (SQLite docs: NORMAL may roll back the last
 * commits after power loss). `groupCommit` is for the HTTP server, where requests overlap; scripts
 * and one-off jobs keep plain batches.
 */
export async function openFileDb(url: string, opts: { groupCommit?: boolean } = {}): Promise<Db> {
  const path = filePath(url)
  mkdirSync(dirname(path) || '.', { recursive: true })
  const open = () => configure(new EmbeddedClient(path))
  const client = reopeningOnBusy(await open(), open)
  const db = wrapClient(client)
  return opts.groupCommit ? useWriter(db, groupCommit(client)) : db
}

// Taken at load so tests that fake timers cannot stall a commit.
const nextTurn = setImmediate

/**
 * Group commit. The driver runs on the main thread and every write batch waits for its own fsync
 * (synchronous=FULL), which capped intake near 450/s (bench/run.ts, issue 10). Batches that arrive
 * in the same event-loop turn run as one transaction: each unit's statements stay contiguous and in
 * order (some read `changes()` of the one before), and each caller gets its own results, only after
 * the shared COMMIT. If the shared batch fails, each unit runs again alone, so a bad unit fails only
 * its own caller. The Worker (one request per isolate, over HTTP) keeps plain batches.
 */
function groupCommit(client: SqlClient): WriteFn {
  let queue: { stmts: InStatement[]; resolve: (r: ResultSet[]) => void; reject: (e: unknown) => void }[] = []
  const alone = (unit: (typeof queue)[number]) => client.batch(unit.stmts, 'write').then(unit.resolve, unit.reject)
  const flush = async () => {
    const units = queue
    queue = []
    if (units.length === 1) return alone(units[0]!)
    let results: ResultSet[]
    try {
      results = await client.batch(units.flatMap((unit) => unit.stmts), 'write')
    } catch (err) {
      // A failed statement belongs to one unit; BEGIN or COMMIT failing (busy, disk) fails them all.
      if (err instanceof LibsqlError && !(err instanceof LibsqlBatchError)) return units.forEach((unit) => unit.reject(err))
      for (const unit of units) await alone(unit)
      return
    }
    let at = 0
    for (const unit of units) unit.resolve(results.slice(at, (at += unit.stmts.length)))
  }
  return (stmts) =>
    new Promise((resolve, reject) => {
      if (queue.length === 0) nextTurn(flush)
      queue.push({ stmts, resolve, reject })
    })
}

/** The path of a `file:` URL: `file:data/sigap.db`, `file:/abs/x.db` or `file:///abs/x.db`. */
function filePath(url: string): string {
  const rest = /^file:(?:\/\/(?:localhost)?(?=\/))?(.+)$/.exec(url)?.[1]
  if (!rest) throw new Error(`Not a file: URL with a path: ${url}`)
  return decodeURIComponent(rest)
}

async function configure(client: SqlClient): Promise<SqlClient> {
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
function reopeningOnBusy(first: SqlClient, reconnect: () => Promise<SqlClient>): SqlClient {
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
