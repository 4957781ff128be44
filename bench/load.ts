// Intake throughput on Node against the real server (a child process) on 127.0.0.1, next to the
// floors measured in the same run: a bare Hono route and a raw libSQL insert loop. Latency at the
// fixed rate comes from an open-loop generator (bench/fixed-rate.ts); capacity from autocannon.
import autocannon from 'autocannon'
import { join } from 'node:path'
import { openFileDb } from '../worker/db/open-file'
import { prepareDatabase } from '../worker/db/prepare'
import { readConfig } from '../worker/config'
import { fixedRate } from './fixed-rate'
import { firstCategoryId, kelurahanA, ms, postReport, signIn, startServer, validReport, type Row } from './support'

export const loadBudgets = { p99Ms: 25, errors: 0, intakeToInsert: 0.2, rssMb: 150, burstRatio: 2 }
// As many sockets as a second's burst can use: the quota, not the connections, sets the rate.
const burstConnections = 50
const rate = 500
const seconds = 10
const warmUpSeconds = 2
const capacitySeconds = 5

type Run = { p50: number; p99: number; errors: number; sent: number; ok: number; perSecond: number }

/** Closed loop: `connections` clients, each sending its next request when the answer comes. */
async function cannon(opts: { url: string; headers?: Record<string, string>; body?: () => string; method?: 'GET' | 'POST'; okStatus: number; duration: number; connections: number; overallRate?: number }): Promise<Run> {
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.duration,
    // A per-second quota: each second starts with a burst at full speed (bench/fixed-rate.ts).
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    // A fresh body per request: each report carries its own idempotency key.
    requests: [opts.body ? { method: opts.method, headers: opts.headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: opts.body!() }) } : { method: opts.method ?? 'GET', headers: opts.headers }],
  })
  const ok = result.statusCodeStats?.[String(opts.okStatus)]?.count ?? 0
  const sent = result.requests.total
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    // Connection errors, timeouts and every answer other than the expected one.
    errors: result.errors + result.timeouts + (sent - ok),
    sent,
    ok,
    perSecond: ok / opts.duration,
  }
}

type Memory = { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number }

/** The app server's process.memoryUsage() (bench/server.ts). */
async function memoryOf(origin: string): Promise<Memory> {
  return (await (await fetch(`${origin}/__bench/memory`)).json()) as Memory
}

/** RSS split into V8's heap (used/total), memory outside it (external, of which array buffers), and the rest: code, stacks, libSQL's page cache and allocations. */
function memoryText(m: Memory): string {
  const mb = (n: number) => (n / 1048576).toFixed(0)
  return `rss ${mb(m.rss)} = heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} + external ${mb(m.external)} (buffers ${mb(m.arrayBuffers)}) + rest ${mb(m.rss - m.heapTotal - m.external)} MB`
}

/** Inserts one case row per statement (autocommit), as fast as one connection can, for `durationMs`. */
async function rawInsertRate(dir: string, categoryId: number, durationMs: number): Promise<number> {
  const db = await openFileDb(`file:${join(dir, 'raw-insert.db')}`)
  await prepareDatabase(db, readConfig({}, 'node'))
  const started = performance.now()
  let n = 0
  while (performance.now() - started < durationMs) {
    n++
    const now = Date.now()
    await db.$client.execute({
      sql: `INSERT INTO cases (ticket, idempotency_key, status, channel, category_id, urgency, kelurahan_code, address, rt, rw, landmark,
        description, reporter_name, reporter_phone, reporter_relation, person_name, person_nik, person_age_group, person_sex, dtks_status,
        received_at, due_at, version, updated_at) VALUES (?, ?, 'baru', 'telepon', ?, 'segera', ?, 'Jl. Gusti Sulung Lelanang No. 7', '3', '12',
        'dekat masjid', 'Lansia tinggal sendiri, belum makan dua hari.', 'Budi Santoso', '+6281234567890', 'tetangga', 'Nenek Aminah', NULL,
        'lansia', 'P', 'tidak_diketahui', ?, ?, 1, ?)`,
      args: [`R-${n}`, `raw-${n}-${now}`, categoryId, kelurahanA, now, now + 86_400_000, now],
    })
  }
  const perSecond = n / ((performance.now() - started) / 1000)
  db.$client.close()
  return perSecond
}

export async function measureThroughput(dir: string): Promise<Row[]> {
  const rows: Row[] = []
  const app = await startServer('app', `file:${join(dir, 'load.db')}`)
  let intake: Run, capacity: Run, burst: Run, burstCpuMs: number, rss: number, categoryId: number, memStart: Memory, memEnd: Memory
  try {
    memStart = await memoryOf(app.origin)
    const cookie = await signIn(app.origin, 'operator')
    categoryId = await firstCategoryId(app.origin, cookie)
    const headers = { Origin: app.origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }
    const body = () => new URLSearchParams(validReport(categoryId)).toString()
    // One report first: a form the server refuses fails here with its status, not as 5,000 errors.
    await postReport(app.origin, cookie, validReport(categoryId))
    intake = await fixedRate({ url: `${app.origin}/intake`, method: 'POST', headers, body, okStatus: 303, rate, seconds, warmUpSeconds })
    const rssAfterRun = app.rssMb()
    capacity = await cannon({ url: `${app.origin}/intake`, method: 'POST', headers, body, okStatus: 303, duration: capacitySeconds, connections: 10 })
    const rssAfterCapacity = app.rssMb()
    const cpuBefore = app.cpuMs()
    burst = await cannon({ url: `${app.origin}/intake`, method: 'POST', headers, body, okStatus: 303, duration: seconds, connections: burstConnections, overallRate: rate })
    burstCpuMs = (app.cpuMs() - cpuBefore) / burst.sent
    rss = Math.max(rssAfterRun, rssAfterCapacity, app.rssMb())
    memEnd = await memoryOf(app.origin)
  } finally {
    await app.stop()
  }
  const bare = await startServer('bare')
  let floor: Run, floorCapacity: Run, floorBurst: Run, floorBurstCpuMs: number, floorRss: number
  try {
    floor = await fixedRate({ url: `${bare.origin}/`, okStatus: 200, rate, seconds, warmUpSeconds })
    floorCapacity = await cannon({ url: `${bare.origin}/`, okStatus: 200, duration: capacitySeconds, connections: 10 })
    const cpuBefore = bare.cpuMs()
    floorBurst = await cannon({ url: `${bare.origin}/`, okStatus: 200, duration: seconds, connections: burstConnections, overallRate: rate })
    floorBurstCpuMs = (bare.cpuMs() - cpuBefore) / floorBurst.sent
    floorRss = bare.rssMb()
  } finally {
    await bare.stop()
  }
  const insertRate = await rawInsertRate(dir, categoryId, capacitySeconds * 1000)
  const ratio = capacity.perSecond / insertRate
  const at = `${rate}/s for ${seconds} s (open loop, after ${warmUpSeconds} s)`
  rows.push(
    { area: 'intake on Node', figure: `POST /intake at ${at}: p50`, value: ms(intake.p50), reference: `bare Hono ${ms(floor.p50)}`, ok: null, raw: { intake, floor } },
    { area: 'intake on Node', figure: `POST /intake at ${at}: p99`, value: ms(intake.p99), reference: `≤ ${loadBudgets.p99Ms} ms (bare Hono ${ms(floor.p99)})`, ok: intake.p99 <= loadBudgets.p99Ms },
    { area: 'intake on Node', figure: `POST /intake at ${at}: errors`, value: `${intake.errors} of ${intake.sent}`, reference: `${loadBudgets.errors} (bare Hono ${floor.errors})`, ok: intake.errors <= loadBudgets.errors },
    {
      area: 'intake on Node',
      figure: 'intake capacity ÷ raw libSQL insert rate',
      value: `${Math.round(capacity.perSecond)}/s ÷ ${Math.round(insertRate)}/s = ${ratio.toFixed(2)}`,
      reference: `≥ ${loadBudgets.intakeToInsert}; bare Hono ${Math.round(floorCapacity.perSecond)}/s (intake ÷ Hono ${(capacity.perSecond / floorCapacity.perSecond).toFixed(3)})`,
      ok: ratio >= loadBudgets.intakeToInsert && capacity.errors === 0,
      raw: { capacity, floorCapacity, insertRate },
    },
    {
      area: 'intake on Node',
      figure: `POST /intake in per-second bursts of ${rate} for ${seconds} s: p99`,
      value: `${ms(burst.p99)} = ${(burst.p99 / floorBurst.p99).toFixed(1)} × floor; ${burst.errors} errors of ${burst.sent}`,
      reference: `≤ ${loadBudgets.burstRatio} × bare Hono in the same bursts (${ms(floorBurst.p99)}), no errors (issue 25)`,
      ok: burst.p99 <= loadBudgets.burstRatio * floorBurst.p99 && burst.errors === 0,
      raw: { burst, floorBurst },
    },
    {
      area: 'intake on Node',
      figure: 'server CPU per request in the bursts',
      value: `${burstCpuMs.toFixed(2)} ms = ${(burstCpuMs / floorBurstCpuMs).toFixed(0)} × floor`,
      // With the burst's connections all waiting on one thread, its p99 is about their number times this.
      reference: `bare Hono ${floorBurstCpuMs.toFixed(2)} ms; the burst p99 is about ${burstConnections} × it (issue 25)`,
      ok: null,
      raw: { burstCpuMs, floorBurstCpuMs },
    },
    { area: 'intake on Node', figure: 'server memory at start → after the runs', value: `${memoryText(memStart)} → ${memoryText(memEnd)}`, reference: 'where RSS is (process.memoryUsage())', ok: null, raw: { memStart, memEnd } },
    { area: 'intake on Node', figure: 'server RSS after the runs', value: `${rss.toFixed(0)} MB`, reference: `≤ ${loadBudgets.rssMb} MB (bare Hono, same node flags: ${floorRss.toFixed(0)} MB)`, ok: rss <= loadBudgets.rssMb, raw: { rssMb: rss, floorRssMb: floorRss } },
  )
  return rows
}
