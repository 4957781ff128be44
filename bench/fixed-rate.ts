// An open-loop load generator: request i is due at start + i / rate whatever happened to the ones
// before, and its latency counts from that due time, so a server that falls behind shows it in
// the percentiles (no coordinated omission). autocannon's `overallRate` is a per-second quota
// instead: each connection sends back to back until its share of the second is used up, so every
// second begins with a burst at full capacity and the "fixed rate" percentiles measure that burst.
//
// Like autocannon it writes prepared HTTP/1.1 bytes on plain keep-alive sockets and reads only the
// status and the body's length: the generator shares this machine's two cores with the server, and
// node:http's client cost a quarter of a core at 500/s, which the server's tail latency paid for.
import { connect, type Socket } from 'node:net'

export type FixedRateRun = { p50: number; p99: number; max: number; errors: number; sent: number; ok: number; perSecond: number }

type Options = {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: () => string
  okStatus: number
  rate: number
  seconds: number
  warmUpSeconds: number
  connections?: number
  timeoutMs?: number
}

/**
 * Sends at `rate` for `warmUpSeconds` (not measured: JIT, caches and the connections settle), then
 * for `seconds`, measured. A fixed set of keep-alive connections (20 unless told: at 500/s a
 * request waits for one only when the server falls behind), one request at a time on each, the
 * longest idle first; a request due while all are busy waits for one, and that wait counts. A
 * request unanswered after `timeoutMs` (10 s) is an error. Every request is built before the clock
 * starts. HTTP only, and no HEAD (its answers declare a length they do not carry).
 */
export async function fixedRate(opts: Options): Promise<FixedRateRun> {
  if (opts.method === 'HEAD') throw new Error('fixedRate cannot delimit the answers to HEAD')
  const pool = new Pool(new URL(opts.url), opts.connections ?? 20, opts.timeoutMs ?? 10_000)
  try {
    if (opts.warmUpSeconds > 0) await run(pool, opts, opts.warmUpSeconds)
    return await run(pool, opts, opts.seconds)
  } finally {
    pool.close()
  }
}

async function run(pool: Pool, opts: Options, seconds: number): Promise<FixedRateRun> {
  const total = Math.round(opts.rate * seconds)
  if (total === 0) throw new Error(`no request falls due in ${seconds} s at ${opts.rate}/s`)
  const requests = Array.from({ length: total }, () => requestBytes(pool.url, opts))
  const interval = 1000 / opts.rate
  const latencies: number[] = []
  let ok = 0
  let errors = 0
  let sent = 0
  const start = performance.now()
  await new Promise<void>((done) => {
    const finish = (due: number, status: number) => {
      latencies.push(performance.now() - due)
      if (status === opts.okStatus) ok++
      else errors++
      if (ok + errors === total) done()
    }
    // Timers fire late on a busy machine: each tick hands every request already due to the pool.
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval
        pool.send(requests[sent++]!, (status) => finish(due, status))
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
    }
    tick()
  })
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!
  return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1)!, errors, sent: total, ok, perSecond: ok / seconds }
}

function requestBytes(url: URL, opts: Options): Buffer {
  const body = opts.body ? Buffer.from(opts.body()) : undefined
  const headers = { Host: url.host, ...opts.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) }
  const head = `${opts.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1')
}

/** Calls back with the response's status, or 0 when the connection failed or the answer was unreadable. */
type Done = (status: number) => void

class Pool {
  #idle: Connection[] = []
  #waiting: [Buffer, Done][] = []
  #all: Connection[] = []

  constructor(
    readonly url: URL,
    size: number,
    timeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) {
      const conn = new Connection(url, timeoutMs, () => this.#release(conn))
      this.#all.push(conn)
      this.#idle.push(conn)
    }
  }

  send(request: Buffer, done: Done): void {
    const conn = this.#idle.shift()
    if (conn) conn.send(request, done)
    else this.#waiting.push([request, done])
  }

  #release(conn: Connection): void {
    const next = this.#waiting.shift()
    if (next) conn.send(...next)
    else this.#idle.push(conn)
  }

  close(): void {
    for (const conn of this.#all) conn.close()
  }
}

const noBytes = Buffer.alloc(0)

/** One keep-alive socket with at most one request in flight; reconnects when the server closed it. */
class Connection {
  #socket: Socket | null = null
  #done: Done | null = null
  #buffer = noBytes
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly url: URL,
    private readonly timeoutMs: number,
    private readonly onFree: () => void,
  ) {}

  send(request: Buffer, done: Done): void {
    this.#done = done
    this.#buffer = noBytes
    // A server that never answers fails the request instead of hanging the bench.
    this.#timer = setTimeout(() => this.#fail(), this.timeoutMs)
    this.#open().write(request)
  }

  close(): void {
    this.#drop()
  }

  #open(): Socket {
    if (this.#socket && !this.#socket.destroyed) return this.#socket
    const socket = connect(Number(this.url.port || 80), this.url.hostname)
    socket.setNoDelay(true)
    // A socket given up on may still deliver bytes or close late: only the current one counts.
    socket.on('data', (chunk) => this.#socket === socket && this.#read(chunk))
    socket.on('error', () => {})
    socket.on('close', () => this.#socket === socket && this.#fail())
    return (this.#socket = socket)
  }

  #read(chunk: Buffer): void {
    if (!this.#done) return this.#drop() // bytes nobody asked for: start afresh
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const length = responseLength(this.#buffer)
    if (length === undefined || this.#buffer.length < length) return
    if (length === -1 || this.#buffer.length > length) return this.#fail()
    this.#answer(Number(this.#buffer.toString('latin1', 9, 12)))
  }

  /** Gives up the socket and the request in flight (status 0); the next request connects afresh. */
  #fail(): void {
    this.#drop()
    this.#answer(0)
  }

  #drop(): void {
    const socket = this.#socket
    this.#socket = null
    socket?.destroy()
  }

  #answer(status: number): void {
    const done = this.#done
    if (!done) return
    clearTimeout(this.#timer)
    this.#done = null
    done(status)
    this.onFree()
  }
}

/**
 * The byte length of the complete response at the start of `bytes`: undefined while the headers or a
 * chunked body are still incomplete, -1 for a response this generator cannot delimit.
 */
export function responseLength(bytes: Buffer): number | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n')
  if (headEnd === -1) return undefined
  const head = bytes.toString('latin1', 0, headEnd).toLowerCase()
  if (!head.startsWith('http/1.1 ')) return -1
  const status = Number(head.slice(9, 12))
  if (status === 204 || status === 304) return headEnd + 4 // never a body
  const declared = /\r\ncontent-length: *(\d+)/.exec(head)
  if (declared) return headEnd + 4 + Number(declared[1])
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) return -1
  // Chunks: size in hex, CRLF, data, CRLF; the zero-size chunk and a blank line end the body.
  let at = headEnd + 4
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at)
    if (lineEnd === -1) return undefined
    const size = parseInt(bytes.toString('latin1', at, lineEnd), 16)
    if (Number.isNaN(size)) return -1
    if (size === 0) return bytes.length >= lineEnd + 4 ? lineEnd + 4 : undefined
    at = lineEnd + 2 + size + 2
    if (bytes.length < at) return undefined
  }
}
