// Worker cost in workerd (Miniflare): libSQL round trips of one intake and of one scheduled sweep,
// counted by the Hrana test server, and the gzip size of the bundle `wrangler deploy` would upload.
import { execFileSync } from 'node:child_process'
import { copyFileSync, readFileSync } from 'node:fs'
import { createClient } from '@libsql/client'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Miniflare } from 'miniflare'
import { seedBulk } from '../scripts/seed-bulk'
import { wrapClient } from '../worker/db/client'
import { openFileDb } from '../worker/db/open-file'
import { sweep } from '../worker/jobs/sweep'
import { isPurgeTick } from '../worker/domain/retention'
import { randomToken, sha256Hex } from '../worker/security/tokens'
import { startHranaServer, type HranaServer } from '../test/support/hrana-server'
import { hiddenFieldsOf } from '../test/support/html'
import { kb, validReport, type Row } from './support'

// Issue 25: one round trip per request (the session checked in the route's own batch), a budget;
// and a request's server time at most 1.2 × one round trip when each costs 100 ms (a database in
// another region), a goal the full bench reports.
export const workerBudgets = { intakeTrips: 1, routeTrips: 1, sweepTrips: (due: number) => 3 + Math.ceil(due / 500), bundleGzip: 3 * 1024 * 1024 }
const routeGoal = { latencyMs: 100, timeRatio: 1.2 }
const env = { SIGAP_PEPPER: 'bench-pepper-of-32-characters-or-more', SIGAP_ORIGIN: 'http://localhost', SIGAP_REGION: '61.71' }
const due = 1000

function build(outdir: string): { script: string; gzipBytes: number; wranglerSays: string } {
  const run = (bin: string, args: string[]) => execFileSync(process.execPath, [join('node_modules/.bin', bin), ...args], { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' } })
  run('tsx', ['scripts/build-assets.ts'])
  const output = run('wrangler', ['deploy', '--dry-run', '--outdir', outdir])
  const script = join(outdir, 'cloudflare.js')
  return { script, gzipBytes: gzipSync(readFileSync(script), { level: 9 }).length, wranglerSays: /Total Upload:.*/.exec(output)?.[0] ?? '' }
}

export async function measureWorker(dir: string, quick = true): Promise<Row[]> {
  const bundle = build(join(dir, 'worker-dist'))
  const dbPath = join(dir, 'worker.db')
  // The Worker's scheduled handler sweeps as of its scheduled time: an ordinary tick near now, not
  // the daily one that also runs the retention purge (18:00–18:05 UTC), whose trips are not the sweep's.
  const sweepAt = isPurgeTick(Date.now()) ? Date.now() - 10 * 60_000 : Date.now()
  await seedBulk({ url: `file:${dbPath}`, cases: 10_000, due, open: 1000, now: sweepAt, force: true })
  const sweepOnlyPath = join(dir, 'worker-sweep-only.db')
  copyFileSync(dbPath, sweepOnlyPath)
  const db = await openFileDb(`file:${dbPath}`)
  const operator = Number((await db.$client.execute(`SELECT id FROM users WHERE username = 'operator'`)).rows[0]!.id)
  const token = randomToken()
  await db.$client.execute({ sql: 'INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)', args: [await sha256Hex(token), operator, Date.now(), Date.now()] })
  const categoryId = Number((await db.$client.execute('SELECT id FROM categories WHERE active = 1 ORDER BY sort, id LIMIT 1')).rows[0]!.id)
  // A facilitator with an open case of theirs, for Kasus saya and the case page.
  const held = (await db.$client.execute(`SELECT id, assigned_to FROM cases WHERE status = 'ditugaskan' AND assigned_to IS NOT NULL LIMIT 1`)).rows[0]!
  const facilitatorToken = randomToken()
  await db.$client.execute({ sql: 'INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)', args: [await sha256Hex(facilitatorToken), Number(held.assigned_to), Date.now(), Date.now()] })
  const supervisorToken = randomToken()
  const supervisor = Number((await db.$client.execute(`SELECT id FROM users WHERE username = 'supervisor'`)).rows[0]!.id)
  await db.$client.execute({ sql: 'INSERT INTO sessions (id, user_id, created_at, last_seen_at, second_factor_at) VALUES (?, ?, ?, ?, ?)', args: [await sha256Hex(supervisorToken), supervisor, Date.now(), Date.now(), Date.now()] })
  db.$client.close()

  const hrana = await startHranaServer({ dbPath })
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundle.script,
    modulesRoot: dirname(bundle.script),
    // Wrangler writes the image codec (worker/domain/photo-shrink.ts) as a .wasm module beside the script.
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(readFileSync('wrangler.toml', 'utf8'))![1],
    compatibilityFlags: ['nodejs_compat'],
    bindings: { DATABASE_URL: hrana.url, ...env },
  })
  try {
    await mf.ready
    const headers = { Origin: env.SIGAP_ORIGIN, 'Sec-Fetch-Site': 'same-origin', Cookie: `__Host-sigap=${token}` }
    // The first request of an isolate fills its reference-data cache; later ones are what we count.
    const warm = await mf.dispatchFetch(`${env.SIGAP_ORIGIN}/intake`, { headers, redirect: 'manual' })
    if (warm.status !== 200) throw new Error(`Worker GET /intake answered ${warm.status}`)
    await warm.text()
    hrana.resetCount()
    const posted = await mf.dispatchFetch(`${env.SIGAP_ORIGIN}/intake`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(validReport(categoryId)).toString(),
      redirect: 'manual',
    })
    await posted.text()
    if (posted.status !== 303) throw new Error(`Worker POST /intake answered ${posted.status}`)
    const intakeTrips = hrana.pipelines
    // The report just filed, for /cek: a real ticket and its reporter's last four digits.
    const filedId = Number(/\/cases\/(\d+)/.exec(posted.headers.get('Location') ?? '')?.[1])
    const reading = await openFileDb(`file:${dbPath}`)
    const filed = (await reading.$client.execute({ sql: 'SELECT ticket, reporter_phone FROM cases WHERE id = ?', args: [filedId] })).rows[0]!
    reading.$client.close()

    const worker = await mf.getWorker()
    hrana.resetCount()
    const outcome = await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date(sweepAt) })
    if (outcome.outcome !== 'ok') throw new Error(`scheduled handler: ${outcome.outcome}`)
    const sweepTrips = hrana.pipelines
    // After the sweep, which would take the queue's waiting cases for its own.
    const preparing = await openFileDb(`file:${dbPath}`)
    const actions = await actionCases(preparing, Number(held.id), Number(held.assigned_to))
    preparing.$client.close()
    const routes = await measureRoutes(mf, hrana, { operator: token, facilitator: facilitatorToken, supervisor: supervisorToken, caseId: Number(held.id), ticket: String(filed.ticket), phone: String(filed.reporter_phone), dbPath, ...actions }, quick)
    const swept = await openFileDb(`file:${dbPath}`)
    const escalated = Number((await swept.$client.execute('SELECT count(*) AS n FROM cases WHERE overdue_at IS NOT NULL')).rows[0]!.n)
    swept.$client.close()
    const sweepBudget = workerBudgets.sweepTrips(due)
    // The same database state swept by the sweep alone (no outbox delivery), over HTTP from Node.
    const alone = await startHranaServer({ dbPath: sweepOnlyPath })
    let sweepAloneTrips: number
    try {
      const client = createClient({ url: alone.url })
      alone.resetCount()
      await sweep(wrapClient(client), sweepAt, { zone: 'Asia/Pontianak' })
      sweepAloneTrips = alone.pipelines
      client.close()
    } finally {
      await alone.close()
    }
    return [
      { area: 'Worker (miniflare)', figure: 'libSQL round trips of one intake', value: String(intakeTrips), reference: `≤ ${workerBudgets.intakeTrips}`, ok: intakeTrips <= workerBudgets.intakeTrips },
      {
        area: 'Worker (miniflare)',
        figure: `libSQL round trips of one scheduled sweep (${due} due of 10,000)`,
        value: `${sweepTrips} (${escalated} marked overdue)`,
        reference: `≤ ${sweepBudget} (3 + 1 per 500 due)`,
        ok: sweepTrips <= sweepBudget && escalated === due,
      },
      { area: 'Worker (miniflare)', figure: '… of which sweep() alone, without outbox delivery', value: String(sweepAloneTrips), reference: 'Node over HTTP, same data', ok: null },
      ...routes,
      { area: 'Worker (miniflare)', figure: 'bundle size, gzip', value: kb(bundle.gzipBytes), reference: `≤ 3 MB (free plan); wrangler: ${bundle.wranglerSays.replace('Total Upload: ', '')}`, ok: bundle.gzipBytes <= workerBudgets.bundleGzip },
    ]
  } finally {
    await mf.dispose()
    await hrana.close()
  }
}

type Route = {
  name: string
  path: string | (() => string)
  token?: string
  method?: 'POST'
  form?: Record<string, string> | (() => Promise<Record<string, string>>)
  before?: () => Promise<void>
  /** An htmx request (the queue's assign form with JavaScript on), answered 200 with the fragment. */
  htmx?: boolean
}

// Each sending of a route in measureRoutes (one to warm, one counted, five timed in the full bench) needs a case of its own for the actions that end a case's wait or its life.
const sendings = 7

/**
 * Cases for the actions a supervisor and a facilitator take that need rows besides their case
 * (issue 25): a case to reassign, waiting cases at the head of the queue, the facilitator's cases to
 * mark duplicate of one of theirs, a partner from the admin's list and two facilitators to assign to.
 */
async function actionCases(db: Awaited<ReturnType<typeof openFileDb>>, heldId: number, facilitator: number) {
  const ids = async (query: string, args: (number | string)[]) => (await db.$client.execute({ sql: query, args })).rows.map((r) => Number(r.id))
  const open = await ids(`SELECT id FROM cases WHERE status = 'ditugaskan' AND assigned_to = ? AND id <> ? ORDER BY id LIMIT ?`, [facilitator, heldId, 1 + sendings])
  const [reassigned, ...duplicates] = open
  const waiting = await ids(`SELECT id FROM cases WHERE status = 'ditugaskan' AND assigned_to <> ? ORDER BY id DESC LIMIT ?`, [facilitator, sendings])
  // Unassigned and due first: the head of the queue, where its assign forms are.
  await db.$client.execute({ sql: `UPDATE cases SET status = 'baru', assigned_to = NULL, due_at = 0 WHERE id IN (${waiting.map(() => '?').join(', ')})`, args: waiting })
  const original = String((await db.$client.execute({ sql: `SELECT ticket FROM cases WHERE assigned_to = ? AND status = 'selesai' LIMIT 1`, args: [facilitator] })).rows[0]!.ticket)
  const assignees = await ids(`SELECT id FROM users WHERE role = 'fasilitator' AND active = 1 AND id <> ? ORDER BY id LIMIT 2`, [facilitator])
  const partner = Number((await db.$client.execute({ sql: `INSERT INTO partners (name, partner_type, created_at, accept_hours, outcome_hours) VALUES ('RSUD Sultan Syarif Mohamad Alkadrie', 'rumah_sakit', ?, 8, 40) RETURNING id`, args: [Date.now()] })).rows[0]!.id)
  return { reassigned: reassigned!, waiting, duplicates, original, assignees, partner }
}

/**
 * Round trips of each everyday request (after one warming request of the same route), and in the
 * full bench its time in workerd when every round trip takes 100 ms.
 */
async function measureRoutes(
  mf: Miniflare,
  hrana: HranaServer,
  who: { operator: string; facilitator: string; supervisor: string; caseId: number; ticket: string; phone: string; dbPath: string } & Awaited<ReturnType<typeof actionCases>>,
  quick: boolean,
): Promise<Row[]> {
  // An action form as its page renders it (its version, signed snapshot and choices, a new key),
  // fetched before each sending and outside its count and time.
  const formOn = async (page: string, token: string, action: string, fields: Record<string, string>) => {
    const res = await mf.dispatchFetch(`${env.SIGAP_ORIGIN}${page}`, { headers: { Cookie: `__Host-sigap=${token}` }, redirect: 'manual' })
    const form = hiddenFieldsOf(await res.text(), action)
    if (!form) throw new Error(`Worker GET ${page} has no form to ${action}`)
    return { ...form, ...fields }
  }
  // The facilitator's forms on their case.
  const caseForm = (action: string, fields: Record<string, string>) => () => formOn(`/cases/${who.caseId}`, who.facilitator, `/cases/${who.caseId}/${action}`, fields)
  const visited = { note: 'Sudah dikunjungi.' }
  // One case per sending for the actions that take a case out of the queue or close it.
  const nth = <T,>(list: T[]) => {
    let i = 0
    return { next: () => list[i++ % list.length]!, current: () => list[(i - 1) % list.length]! }
  }
  const waiting = nth(who.waiting)
  const duplicates = nth(who.duplicates)
  const assignees = nth(who.assignees)
  const routes: Route[] = [
    { name: 'intake form', path: '/intake', token: who.operator },
    { name: 'case list', path: '/cases', token: who.operator },
    { name: 'Kasus saya', path: '/my-cases', token: who.facilitator },
    { name: 'case page', path: `/cases/${who.caseId}`, token: who.facilitator },
    { name: '/lapor', path: '/lapor' },
    { name: '/cek (the right pair)', path: '/cek', method: 'POST', form: { tiket: who.ticket, hp4: who.phone.slice(-4) } },
    // Accepted first (ditugaskan → ditangani), outside the count: a visit note is an action that can repeat.
    { name: 'case action (a visit note)', path: `/cases/${who.caseId}/visit`, token: who.facilitator, method: 'POST', form: caseForm('visit', visited), before: () => send({ name: 'accept', path: `/cases/${who.caseId}/accept`, token: who.facilitator, method: 'POST', form: caseForm('accept', visited) }) },
    // A referral to a partner named in the form (ditangani → dirujuk, then again from dirujuk).
    { name: 'case action (a referral)', path: `/cases/${who.caseId}/refer`, token: who.facilitator, method: 'POST', form: caseForm('refer', { partner_type: 'dinkes', partner_name: 'Puskesmas Kampung Dalam', request: 'Pemeriksaan kesehatan.' }) },
    // Issue 25: the actions whose decision needs a row besides the case.
    {
      name: 'case action (a referral to a listed partner)',
      path: `/cases/${who.caseId}/refer`,
      token: who.facilitator,
      method: 'POST',
      form: caseForm('refer', { partner_id: String(who.partner), request: 'Rawat inap.' }),
    },
    {
      name: 'case action (assign, case page)',
      path: `/cases/${who.reassigned}/assign`,
      token: who.supervisor,
      method: 'POST',
      // To each of two facilitators in turn: a case is never assigned again to whoever has it.
      form: () => formOn(`/cases/${who.reassigned}`, who.supervisor, `/cases/${who.reassigned}/assign`, { assignee: String(assignees.next()), note: 'Dialihkan.' }),
    },
    {
      name: 'assign from the queue (htmx)',
      path: () => `/cases/${waiting.current()}/assign`,
      token: who.supervisor,
      method: 'POST',
      htmx: true,
      form: () => formOn('/queue', who.supervisor, `/cases/${waiting.next()}/assign`, { assignee: String(who.assignees[0]) }),
    },
    {
      name: 'case action (duplicate)',
      path: () => `/cases/${duplicates.current()}/duplicate`,
      token: who.facilitator,
      method: 'POST',
      form: () => {
        const id = duplicates.next()
        return formOn(`/cases/${id}`, who.facilitator, `/cases/${id}/duplicate`, { duplicate_of: who.original, note: 'Laporan yang sama.' })
      },
    },
  ]
  const formOf = async (route: Route) => (typeof route.form === 'function' ? await route.form() : route.form)
  async function send(route: Route, form?: Record<string, string>) {
    form ??= await formOf(route)
    const path = typeof route.path === 'function' ? route.path() : route.path
    const res = await mf.dispatchFetch(`${env.SIGAP_ORIGIN}${path}`, {
      method: route.method ?? 'GET',
      headers: {
        Origin: env.SIGAP_ORIGIN,
        'Sec-Fetch-Site': 'same-origin',
        ...(route.token ? { Cookie: `__Host-sigap=${route.token}` } : {}),
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        ...(route.htmx ? { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    })
    const text = await res.text()
    // An action must be saved (303, or the queue's "Tersimpan" for htmx), not refused, or its count would be the refusal's.
    const saved = route.htmx ? res.status === 200 && text.includes('Tersimpan') : res.status === 303
    if (res.status >= 500 || (route.method === 'POST' && route.token && !saved)) throw new Error(`Worker ${route.method ?? 'GET'} ${path} answered ${res.status}`)
  }
  const rows: Row[] = []
  for (const route of routes) {
    await (route.before ?? (() => send(route)))()
    const form = await formOf(route)
    hrana.resetCount()
    await send(route, form)
    const trips = hrana.pipelines
    const budget = workerBudgets.routeTrips
    rows.push({ area: 'Worker (miniflare)', figure: `libSQL round trips: ${route.name}`, value: String(trips), reference: `≤ ${budget}`, ok: trips <= budget })
    if (quick) continue
    hrana.setLatency(routeGoal.latencyMs)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const form = await formOf(route)
      const started = performance.now()
      await send(route, form)
      times.push(performance.now() - started)
    }
    hrana.setLatency(0)
    const median = times.sort((a, b) => a - b)[2]!
    rows.push({
      area: 'Worker (miniflare)',
      figure: `server time, ${routeGoal.latencyMs} ms per round trip: ${route.name}`,
      value: `${median.toFixed(0)} ms = ${(median / routeGoal.latencyMs).toFixed(2)} × round trip`,
      reference: `issue 25 goal: ≤ ${routeGoal.timeRatio} × round trip`,
      ok: null,
      raw: { ms: times },
    })
  }
  return rows
}
