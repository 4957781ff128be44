/**
 * A small Hrana-over-HTTP server (the protocol `@libsql/client` speaks for `http:` URLs), backed by a
 * real libSQL file through the `libsql` package. The Worker tests run on a real sqld
 * (scripts/sqld.ts); this one is left to bench/worker.ts, whose round-trip figures were measured on it.
 *
 * It follows what sqld (libsql-server) does, because that is what production runs:
 * - `POST /v2/pipeline` (and `/v3/pipeline`, JSON only): requests `execute`, `batch`, `sequence`,
 *   `store_sql`, `close_sql`, `close`, plus `get_autocommit` on v3. `describe` and cursors are not
 *   implemented (`@libsql/client` does not use them over HTTP).
 * - A request without a baton opens a stream with its own connection; the response carries a fresh
 *   one-time baton until the stream is closed. Idle streams expire after 10 s, as in sqld.
 * - Statement errors use sqld's codes and messages (`SQLITE_CONSTRAINT`, `SQL_INPUT_ERROR`,
 *   `ARGS_INVALID`, ...); protocol errors are HTTP 400 with a text body.
 * - `affected_row_count` is reported only for INSERT/UPDATE/DELETE and `last_insert_rowid` only for
 *   INSERT; a batch condition `error` is true whenever the step did not succeed (also when skipped).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'libsql'

export interface HranaServer {
  /** Base URL for `createClient({ url })`, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string
  /** Pipeline HTTP requests received (= client round trips), including those answered 503. */
  readonly pipelines: number
  resetCount(): void
  /** While down, every request is answered with HTTP 503. */
  setDown(down: boolean): void
  /** Holds each pipeline's answer this long, as a database in another region would (bench). */
  setLatency(ms: number): void
  /** Stops listening, drops keep-alive sockets and closes every stream's connection. */
  close(): Promise<void>
}

/** sqld's stream expiry: a stream not used for this long is closed (its transaction rolled back). */
const STREAM_EXPIRY_MS = 10_000
/** How long a statement waits for a lock held by another stream, like sqld's `busy_timeout`. */
const BUSY_TIMEOUT_MS = 5_000
const MAX_STORED_SQL = 50
const MAX_STORED_SQL_LENGTH = 5_000

type Db = Database.Database
type Value = null | bigint | number | string | Uint8Array
type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string }
type ProtoStmt = {
  sql?: string
  sql_id?: number
  args?: ProtoValue[]
  named_args?: { name: string; value: ProtoValue }[]
  want_rows?: boolean
}
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] }
  | { type: 'is_autocommit' }
type StreamRequest =
  | { type: 'close' | 'get_autocommit' }
  | { type: 'execute'; stmt: ProtoStmt }
  | { type: 'batch'; batch: { steps: { condition?: Cond | null; stmt: ProtoStmt }[] } }
  | { type: 'sequence' | 'describe'; sql?: string; sql_id?: number }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
type StmtResult = {
  cols: { name: string; decltype: string | null }[]
  rows: ProtoValue[][]
  affected_row_count: number
  last_insert_rowid: string | null
}

/** The client violated the protocol: the whole HTTP request fails with 400, as in sqld. */
class ProtocolError extends Error {}
/** An error reported inside the response (per request, or per batch step) with a sqld error code. */
class StmtError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

class StreamExpiredError extends Error {
  constructor() {
    super('The stream has expired due to inactivity')
  }
}

interface Stream {
  db: Db | undefined // undefined once the client sent `close`
  sqls: Map<number, string>
  expiry?: NodeJS.Timeout
}

export async function startHranaServer(opts: { dbPath: string; port?: number }): Promise<HranaServer> {
  // sqld always runs databases in WAL mode; it also lets readers proceed while another stream writes.
  const boot = new Database(opts.dbPath)
  boot.exec('PRAGMA journal_mode=WAL')
  boot.close()

  const streams = new Set<Stream>()
  const batons = new Map<string, Stream>()
  const expiredBatons = new Set<string>()
  let pipelines = 0
  let down = false
  let latencyMs = 0
  let closed = false

  function openStream(): Stream {
    const db = new Database(opts.dbPath)
    // No SQLite busy wait: every connection lives on this one thread, so blocking inside SQLite
    // would also stop the stream that holds the lock from ever committing. `withBusyRetry` waits
    // asynchronously instead.
    db.exec('PRAGMA busy_timeout=0')
    const stream: Stream = { db, sqls: new Map() }
    streams.add(stream)
    return stream
  }

  function closeStream(stream: Stream) {
    clearTimeout(stream.expiry)
    stream.db?.close() // rolls back an open transaction
    stream.db = undefined
    streams.delete(stream)
  }

  function acquire(baton: string | null | undefined): Stream {
    if (baton == null) return openStream()
    const stream = batons.get(baton)
    batons.delete(baton) // batons are single-use, which also rejects concurrent use of a stream
    if (stream) {
      clearTimeout(stream.expiry)
      return stream
    }
    if (expiredBatons.has(baton)) throw new StreamExpiredError()
    throw new ProtocolError('Received an invalid baton')
  }

  function release(stream: Stream): string | null {
    if (!stream.db || closed) {
      closeStream(stream)
      return null
    }
    const baton = randomUUID()
    batons.set(baton, stream)
    stream.expiry = setTimeout(() => {
      batons.delete(baton)
      expiredBatons.add(baton)
      closeStream(stream)
    }, STREAM_EXPIRY_MS)
    stream.expiry.unref()
    return baton
  }

  async function handlePipeline(body: { baton?: string | null; requests?: StreamRequest[] }, version: number) {
    if (!Array.isArray(body?.requests)) throw new ProtocolError('Expected "requests" to be an array')
    const stream = acquire(body.baton)
    try {
      const results = []
      for (const request of body.requests) results.push(await handleRequest(stream, request, version))
      return { baton: release(stream), base_url: null, results }
    } catch (e) {
      closeStream(stream) // like sqld, a failed HTTP request drops its stream
      throw e
    }
  }

  async function handleRequest(stream: Stream, req: StreamRequest, version: number) {
    try {
      return { type: 'ok', response: await runRequest(stream, req, version) }
    } catch (e) {
      if (e instanceof StmtError) return { type: 'error', error: { message: e.message, code: e.code } }
      throw e
    }
  }

  async function runRequest(stream: Stream, req: StreamRequest, version: number) {
    switch (req.type) {
      case 'close':
        closeStream(stream)
        return { type: 'close' }
      case 'execute': {
        const db = liveDb(stream)
        const result = await execute(db, compile(db, req.stmt, stream.sqls))
        return { type: 'execute', result }
      }
      case 'batch':
        return { type: 'batch', result: await runBatch(liveDb(stream), req.batch, stream.sqls, version) }
      case 'sequence': {
        const db = liveDb(stream)
        // sqld parses the whole text first, then runs statements until the first error.
        const infos = analyzeSql(sqlOf(req, stream.sqls))
        for (const info of infos) checkSyntax(db, info.text)
        for (const info of infos) {
          await execute(db, { sql: info.text, info, args: [], named: new Map(), wantRows: false })
        }
        return { type: 'sequence' }
      }
      case 'store_sql':
        if (stream.sqls.has(req.sql_id)) throw new ProtocolError(`SQL text ${req.sql_id} is already stored`)
        if (stream.sqls.size >= MAX_STORED_SQL) {
          throw new StmtError(`The server already stores ${stream.sqls.size} SQL texts, it cannot store more`, 'SQL_STORE_TOO_MANY')
        }
        if (req.sql.length > MAX_STORED_SQL_LENGTH) {
          throw new StmtError('The statement is too large to be stored', 'SQL_STORE_TOO_LARGE')
        }
        stream.sqls.set(req.sql_id, req.sql)
        return { type: 'store_sql' }
      case 'close_sql':
        stream.sqls.delete(req.sql_id)
        return { type: 'close_sql' }
      case 'get_autocommit':
        if (version < 3) throw new ProtocolError('The `get_autocommit` request requires protocol version 3')
        return { type: 'get_autocommit', is_autocommit: !liveDb(stream).inTransaction }
      default:
        throw new ProtocolError(`Request of type ${JSON.stringify(req.type)} is not supported by this test server`)
    }
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const pipeline = req.method === 'POST' ? /^\/v([23])\/pipeline$/.exec(path) : null
    if (pipeline) pipelines++
    const body = await readBody(req)
    if (pipeline && latencyMs) await sleep(latencyMs)
    if (down) return send(res, 503, 'text/plain', 'Service Unavailable (HranaServer.setDown)')
    if (req.method === 'GET' && ['/', '/v2', '/v3', '/health'].includes(path)) {
      return send(res, 200, 'text/plain', 'Hello, this is HTTP API v2 (Hrana over HTTP)')
    }
    if (!pipeline) return send(res, 404, 'text/plain', 'Not found')
    try {
      let parsed
      try {
        parsed = JSON.parse(body)
      } catch {
        throw new ProtocolError('Could not deserialize JSON request body')
      }
      send(res, 200, 'application/json', JSON.stringify(await handlePipeline(parsed, Number(pipeline[1]))))
    } catch (e) {
      if (e instanceof StreamExpiredError) {
        send(res, 500, 'application/json', JSON.stringify({ message: e.message, code: 'STREAM_EXPIRED' }))
      } else if (e instanceof ProtocolError) {
        send(res, 400, 'text/plain', e.message)
      } else {
        send(res, 500, 'text/plain', `Internal error in test Hrana server: ${e instanceof Error ? e.stack : e}`)
      }
    }
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e) => res.destroy(e))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    get pipelines() {
      return pipelines
    },
    resetCount() {
      pipelines = 0
    },
    setDown(value: boolean) {
      down = value
    },
    setLatency(ms: number) {
      latencyMs = ms
    },
    async close() {
      if (closed) return
      closed = true
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      for (const stream of [...streams]) closeStream(stream)
      batons.clear()
      await stopped
    },
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function liveDb(stream: Stream): Db {
  if (!stream.db) throw new ProtocolError('The stream for this baton was closed')
  return stream.db
}

function sqlOf(req: { sql?: string | null; sql_id?: number | null }, sqls: Map<number, string>): string {
  if (req.sql != null && req.sql_id != null) throw new ProtocolError('Both "sql" and "sql_id" were given')
  if (req.sql != null) return req.sql
  if (req.sql_id == null) throw new ProtocolError('Neither "sql" nor "sql_id" was given')
  const sql = sqls.get(req.sql_id)
  if (sql === undefined) throw new ProtocolError(`SQL text ${req.sql_id} was not found`)
  return sql
}

// ---------------------------------------------------------------------------------------------
// Statements and batches

interface Query {
  sql: string
  info: SqlInfo
  args: Value[]
  named: Map<string, Value>
  wantRows: boolean
}

/** Checks that can fail a whole request (not just a batch step) in sqld happen here. */
function compile(db: Db, stmt: ProtoStmt, sqls: Map<number, string>): Query {
  const sql = sqlOf(stmt, sqls)
  const infos = analyzeSql(sql)
  if (infos.length === 0) throw new StmtError('SQL string does not contain any statement', 'SQL_NO_STATEMENT')
  if (infos.length > 1) throw new StmtError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS')
  const args = (stmt.args ?? []).map(valueFromProto)
  const named = new Map((stmt.named_args ?? []).map((a) => [a.name, valueFromProto(a.value)] as const))
  if (args.length > 0 && named.size > 0) {
    throw new StmtError('Specifying both positional and named arguments is not supported', 'ARGS_BOTH_POSITIONAL_AND_NAMED')
  }
  checkSyntax(db, sql)
  return { sql, info: infos[0]!, args, named, wantRows: stmt.want_rows ?? true }
}

/** sqld parses SQL before running anything, so a syntax error fails the request up front. Other
 *  prepare errors (e.g. a table created by an earlier batch step) are left to execution time. */
function checkSyntax(db: Db, sql: string) {
  try {
    db.prepare(sql)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (/syntax error|incomplete input|unrecognized token/.test(message)) {
      throw new StmtError(`SQL string could not be parsed: ${message}`, 'SQL_PARSE_ERROR')
    }
  }
}

async function runBatch(
  db: Db,
  batch: { steps: { condition?: Cond | null; stmt: ProtoStmt }[] },
  sqls: Map<number, string>,
  version: number,
) {
  const steps = batch.steps.map((step, i) => {
    if (step.condition) checkCond(step.condition, i, version)
    return { condition: step.condition, query: compile(db, step.stmt, sqls) }
  })
  const ok: boolean[] = []
  const stepResults: (StmtResult | null)[] = []
  const stepErrors: ({ message: string; code: string } | null)[] = []
  for (const { condition, query } of steps) {
    let result: StmtResult | null = null
    let error: { message: string; code: string } | null = null
    if (!condition || evalCond(condition, ok, db)) {
      try {
        result = await execute(db, query)
      } catch (e) {
        if (!(e instanceof StmtError)) throw e
        error = { message: e.message, code: e.code }
      }
    }
    ok.push(result !== null)
    stepResults.push(result)
    stepErrors.push(error)
  }
  return { step_results: stepResults, step_errors: stepErrors }
}

function checkCond(cond: Cond, stepIndex: number, version: number): void {
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (!(cond.step >= 0 && cond.step < stepIndex)) throw new ProtocolError('Batch condition refers to an invalid step')
      return
    case 'not':
      return checkCond(cond.cond, stepIndex, version)
    case 'and':
    case 'or':
      return cond.conds.forEach((c) => checkCond(c, stepIndex, version))
    case 'is_autocommit':
      if (version < 3) throw new ProtocolError('BatchCond of type `is_autocommit` requires protocol version 3')
      return
    default:
      throw new ProtocolError('Unknown type of batch condition')
  }
}

function evalCond(cond: Cond, ok: boolean[], db: Db): boolean {
  switch (cond.type) {
    case 'ok':
      return ok[cond.step]!
    case 'error':
      return !ok[cond.step]! // sqld: true when the step failed *or was skipped*
    case 'not':
      return !evalCond(cond.cond, ok, db)
    case 'and':
      return cond.conds.every((c) => evalCond(c, ok, db))
    case 'or':
      return cond.conds.some((c) => evalCond(c, ok, db))
    case 'is_autocommit':
      return !db.inTransaction
  }
}

async function execute(db: Db, q: Query): Promise<StmtResult> {
  let stmt: Database.Statement
  try {
    stmt = db.prepare(q.sql)
  } catch (e) {
    throw sqliteError(e, true)
  }
  const params = bindParams(q)
  const cols = stmt.columns().map((c) => ({ name: c.name, decltype: c.type }))
  const reader = stmt.reader
  if (reader) stmt.raw(true).safeIntegers(true)
  let rows: unknown[][]
  try {
    // One array argument = positional binding by index (see bindParams).
    rows = await withBusyRetry(() => (reader ? (stmt.all(params) as unknown[][]) : (stmt.run(params), [])))
  } catch (e) {
    throw sqliteError(e, false)
  }
  // SQLite's changes()/last_insert_rowid() keep stale values after other statements, so sqld only
  // reports them for INSERT/UPDATE/DELETE and INSERT respectively.
  let affected = 0
  let lastInsertRowid: string | null = null
  if (q.info.isIud) {
    const [changes, rowid] = db.prepare('SELECT changes(), last_insert_rowid()').safeIntegers(true).raw(true).all([])[0] as [bigint, bigint]
    affected = Number(changes)
    if (q.info.isInsert) lastInsertRowid = String(rowid)
  }
  return {
    cols,
    rows: q.wantRows ? rows.map((row) => row.map(valueToProto)) : [],
    affected_row_count: affected,
    last_insert_rowid: lastInsertRowid,
  }
}

/**
 * Retries a statement that hit SQLITE_BUSY (another stream holds the write lock) until
 * BUSY_TIMEOUT_MS, yielding to the event loop so the lock holder can finish. Re-running the same
 * statement object matters: `libsql` does not reset a statement that failed with SQLITE_BUSY, and
 * such a statement keeps the connection inside an implicit transaction until it is re-run.
 * SQLITE_BUSY_SNAPSHOT is not retried (it cannot succeed; SQLite does not wait on it either).
 */
async function withBusyRetry<T>(run: () => T): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS
  for (;;) {
    try {
      return run()
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e
      await sleep(5)
    }
  }
}

/** Binds arguments the way sqld does (query.rs `Params::bind`) and returns them by parameter index. */
function bindParams(q: Query): Value[] {
  const { paramCount, paramNames, explain } = q.info
  const given = q.named.size > 0 ? q.named.size : q.args.length
  if (given > paramCount) throw argsInvalid(`too many parameters, expected ${paramCount} found ${given}`)
  const values: Value[] = []
  for (let i = 1; i <= paramCount; i++) {
    const name = paramNames[i]
    let value: Value | undefined
    if (name === undefined || name.startsWith('?')) {
      value = q.named.size > 0 ? undefined : q.args[i - 1]
    } else if (q.named.has(name)) {
      value = q.named.get(name)
    } else {
      value = q.named.get(name.slice(1)) // names may be given without their `:`/`@`/`$` prefix
    }
    if (value === undefined) {
      if (!explain) throw argsInvalid(`value for parameter ${name ?? i} not found`)
      value = null
    }
    values.push(value)
  }
  return values
}

function argsInvalid(detail: string) {
  return new StmtError(`Arguments do not match SQL parameters: ${detail}`, 'ARGS_INVALID')
}

/** Primary SQLite result code -> sqld's error code (rusqlite maps plain SQLITE_ERROR to "unknown"). */
const SQLITE_CODES: Record<number, string> = {
  2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE', 22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
}

function sqliteError(e: unknown, atPrepare: boolean): StmtError {
  const err = e as { message?: string; rawCode?: number }
  const message = err.message ?? String(e)
  // rusqlite reports prepare failures as "SQL input error" (sqld adds the byte offset, which the
  // `libsql` package does not expose).
  if (atPrepare) return new StmtError(`SQL input error: ${message}`, 'SQL_INPUT_ERROR')
  return new StmtError(`SQLite error: ${message}`, SQLITE_CODES[(err.rawCode ?? 0) & 0xff] ?? 'SQLITE_UNKNOWN')
}

function valueFromProto(v: ProtoValue): Value {
  switch (v?.type) {
    case 'null':
      return null
    case 'integer':
      return BigInt(v.value) // binds as INTEGER
    case 'float':
      return Number(v.value) // JS numbers bind as REAL, like sqld's Value::Real
    case 'text':
      return String(v.value)
    case 'blob':
      return Buffer.from(v.base64, 'base64')
    default:
      throw new ProtocolError('Received a value of unknown type')
  }
}

function valueToProto(v: unknown): ProtoValue {
  if (v === null) return { type: 'null' }
  if (typeof v === 'bigint') return { type: 'integer', value: String(v) }
  if (typeof v === 'number') return { type: 'float', value: v }
  if (typeof v === 'string') return { type: 'text', value: v }
  const bytes = v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v as Uint8Array)
  return { type: 'blob', base64: bytes.toString('base64') }
}

// ---------------------------------------------------------------------------------------------
// SQL analysis. sqld parses every statement; a lexer is enough for what it derives from the parse:
// statement boundaries, whether a statement is INSERT/UPDATE/DELETE, and its parameters (needed to
// validate arguments as sqld does, since `libsql` silently binds NULL for missing ones).

export interface SqlInfo {
  text: string
  isIud: boolean
  isInsert: boolean
  explain: boolean
  paramCount: number
  /** paramNames[i] is the name of parameter i (1-based), e.g. ":id" or "?2"; undefined for "?". */
  paramNames: (string | undefined)[]
}

type Token = { kind: 'word' | 'param' | 'other'; text: string; start: number; end: number }

const TOKEN =
  /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?|\?\d*|[:@$][\w$\u0080-\uffff]+|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|[\s\S]/y

function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(sql); m; m = TOKEN.exec(sql)) {
    const text = m[0]
    const start = m.index
    if (/^\s/.test(text) || text.startsWith('--') || text.startsWith('/*')) continue
    const kind = /^[?:@$]/.test(text) ? 'param' : /^[A-Za-z_\u0080-\uffff]/.test(text) ? 'word' : 'other'
    tokens.push({ kind, text, start, end: start + text.length })
  }
  return tokens
}

/** Splits SQL into statements. Outside strings and comments, `;` only occurs inside the
 *  BEGIN ... END body of CREATE TRIGGER (where CASE ... END may nest). */
export function analyzeSql(sql: string): SqlInfo[] {
  const statements: Token[][] = []
  let current: Token[] = []
  let body = 0
  for (const token of tokenize(sql)) {
    if (token.text === ';' && body === 0) {
      if (current.length > 0) statements.push(current)
      current = []
      continue
    }
    current.push(token)
    const word = token.kind === 'word' ? token.text.toUpperCase() : ''
    const head = current.slice(0, 3).map((t) => t.text.toUpperCase())
    if (word && head[0] === 'CREATE' && (head[1] === 'TRIGGER' || head[2] === 'TRIGGER')) {
      if (word === 'BEGIN' && body === 0) body = 1
      else if (word === 'CASE' && body > 0) body++
      else if (word === 'END' && body > 0) body--
    }
  }
  if (current.length > 0) statements.push(current)
  return statements.map((tokens) => describeStatement(sql, tokens))
}

function describeStatement(sql: string, tokens: Token[]): SqlInfo {
  // Keywords outside parentheses; WITH ... is classified by the statement after its CTEs.
  const topWords: string[] = []
  let depth = 0
  for (const t of tokens) {
    if (t.text === '(') depth++
    else if (t.text === ')') depth--
    else if (depth === 0 && t.kind === 'word') topWords.push(t.text.toUpperCase())
  }
  const main = topWords[0] === 'WITH'
    ? topWords.find((w) => ['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE'].includes(w))
    : topWords[0]
  const isInsert = main === 'INSERT' || main === 'REPLACE'

  // SQLite numbering: "?" takes max+1, "?N" is N, a new name takes max+1 and reuses it after.
  const paramNames: (string | undefined)[] = []
  const seen = new Set<string>()
  let paramCount = 0
  for (const t of tokens) {
    if (t.kind !== 'param') continue
    if (t.text === '?') {
      paramCount++
    } else if (t.text.startsWith('?')) {
      const n = Number(t.text.slice(1))
      paramNames[n] = t.text
      paramCount = Math.max(paramCount, n)
    } else if (!seen.has(t.text)) {
      seen.add(t.text)
      paramNames[++paramCount] = t.text
    }
  }
  return {
    text: sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end),
    isIud: isInsert || main === 'UPDATE' || main === 'DELETE',
    isInsert,
    explain: topWords[0] === 'EXPLAIN',
    paramCount,
    paramNames,
  }
}
