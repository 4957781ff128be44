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

type Options = { url: string; method?: string; headers?: Record<string, string>; body?: () => string; okStatus: number; rate: number; seconds: number; warmUpSeconds: number; connections?: number }

/**
 * Sends at `rate` for `warmUpSeconds` (not measured: JIT, caches and the connections settle), then
 * for `seconds`, measured. A fixed set of keep-alive connections (20, as many as the bench's
 * capacity run keeps busy), one request at a time on each, the longest idle first; a request due
 * while all are busy waits for one, and that wait counts. Every request is built before the clock
 * starts.
 */
export async function fixedRate(opts: Options): Promise<FixedRateRun> {
  const pool = new Pool(new URL(opts.url), opts.connections ?? 20)
  try {
    if (opts.warmUpSeconds > 0) await run(pool, opts, opts.warmUpSeconds)
    return await run(pool, opts, opts.seconds)
  } finally {
    pool.close()
  }
}

async function run(pool: Pool, opts: Options, seconds: number): Promise<FixedRateRun> {
  const total = Math.round(opts.rate * seconds)
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
  ) {
    for (let i = 0; i < size; i++) {
      const conn = new Connection(url, () => this.#release(conn))
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

  constructor(
    private readonly url: URL,
    private readonly onFree: () => void,
  ) {}

  send(request: Buffer, done: Done): void {
    this.#done = done
    this.#buffer = noBytes
    this.#open().write(request)
  }

  close(): void {
    this.#socket?.destroy()
  }

  #open(): Socket {
    if (this.#socket && !this.#socket.destroyed) return this.#socket
    const socket = connect(Number(this.url.port), this.url.hostname)
    socket.setNoDelay(true)
    socket.on('data', (chunk) => this.#read(chunk))
    socket.on('error', () => {})
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = null
      this.#answer(0)
    })
    return (this.#socket = socket)
  }

  #read(chunk: Buffer): void {
    if (!this.#done) {
      this.#socket?.destroy() // bytes nobody asked for: start afresh
      return
    }
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const length = responseLength(this.#buffer)
    if (length === undefined || this.#buffer.length < length) return
    if (length === -1 || this.#buffer.length > length) {
      this.#socket?.destroy()
      return this.#answer(0)
    }
    this.#answer(Number(this.#buffer.toString('latin1', 9, 12)))
  }

  #answer(status: number): void {
    const done = this.#done
    if (!done) return
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
