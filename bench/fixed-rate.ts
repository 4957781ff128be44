// An open-loop load generator: request i is due at start + i / rate whatever happened to the ones
// before, and its latency counts from that due time, so a server that falls behind shows it in
// the percentiles (no coordinated omission). autocannon's `overallRate` is a per-second quota
// instead: each connection sends back to back until its share of the second is used up, so every
// second begins with a burst at full capacity and the "fixed rate" percentiles measure that burst.
import { Agent, request } from 'node:http'

export type FixedRateRun = { p50: number; p99: number; max: number; errors: number; sent: number; ok: number; perSecond: number }

type Options = { url: string; method?: string; headers?: Record<string, string>; body?: () => string; okStatus: number; rate: number; seconds: number; warmUpSeconds: number }

/**
 * Sends at `rate` for `warmUpSeconds` (not measured: JIT, caches and the connections settle), then
 * for `seconds`, measured. A fixed set of keep-alive connections, like autocannon's, opened during
 * the warm-up; a request due while all are busy waits for one, and that wait counts.
 */
export async function fixedRate(opts: Options): Promise<FixedRateRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 20 })
  try {
    await run(agent, { ...opts, seconds: opts.warmUpSeconds })
    return await run(agent, opts)
  } finally {
    agent.destroy()
  }
}

async function run(agent: Agent, opts: Options): Promise<FixedRateRun> {
  const total = Math.round(opts.rate * opts.seconds)
  const interval = 1000 / opts.rate
  const latencies: number[] = []
  let ok = 0
  let errors = 0
  let sent = 0
  const start = performance.now()
  await new Promise<void>((done) => {
    const finish = (due: number, good: boolean) => {
      latencies.push(performance.now() - due)
      if (good) ok++
      else errors++
      if (ok + errors === total) done()
    }
    const send = (due: number) => {
      const body = opts.body?.()
      const req = request(opts.url, { method: opts.method ?? 'GET', headers: { ...opts.headers, ...(body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) }) }, agent }, (res) => {
        res.resume()
        res.on('end', () => finish(due, res.statusCode === opts.okStatus))
      })
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
      req.on('error', () => finish(due, false))
      req.end(body)
    }
    // Timers fire late on a busy machine: each tick sends every request already due.
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval)
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
    }
    tick()
  })
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!
  return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1)!, errors, sent: total, ok, perSecond: ok / opts.seconds }
}
