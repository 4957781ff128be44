import type { InStatement } from '@libsql/client'
import { describe, expect, it } from 'vitest'
import { statement } from '../../worker/db/batch'
import type { SqlClient } from '../../worker/db/client'
import { backlogQuery, bucketsQuery, monthsQuery, rollupQuery } from '../../worker/db/queries/dashboard'
import { freshDb } from '../support/db'
import { buildFixture } from '../support/dashboard-fixture'

// The dashboard must not read every case per request (issues 7 and 25): each query's plan is pinned
// here, and every statement the dashboard's pages run is checked for reads that grow with the table.
async function planOf(query: Parameters<typeof statement>[0]) {
  const { db } = await freshDb()
  const s = statement(query) as { sql: string; args: unknown[] }
  return explain(db.$client, s)
}

async function explain(client: SqlClient, s: { sql: string; args?: unknown }) {
  const rs = await client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: (s.args ?? []) as never })
  return rs.rows.map((r) => String(r.detail))
}

/**
 * The plan lines that read more than the period asks: any walk of a whole table or index (bar the
 * two partial indexes that hold only the open backlog and the unanswered escalations), and any read
 * of `cases` other than those, the period's LAPOR! cases and single cases by id.
 */
function growingReads(plan: string[]): string[] {
  const allowedScans = [/^SCAN CONSTANT ROW$/, /^SCAN \(subquery-\d+\)$/, /^SCAN d$/, /^SCAN c USING COVERING INDEX cases_open_dashboard$/, /^SCAN a USING INDEX alerts_unanswered$/]
  const casesReads = [
    /^SCAN c USING COVERING INDEX cases_open_dashboard$/,
    /^SEARCH cases USING COVERING INDEX cases_lapor_dashboard \(received_at>\? AND received_at<\?\)$/,
    /^SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)$/,
  ]
  return plan.filter((d) => (/^SCAN /.test(d) && !allowedScans.some((a) => a.test(d))) || (/^(SCAN|SEARCH) (cases|c)\b/.test(d) && !casesReads.some((a) => a.test(d))))
}

describe('dashboard query plans', () => {
  const period = { from: 20758, to: 20787 }
  it('reads the open backlog from its covering index only', async () => {
    const plan = await planOf(backlogQuery(Date.parse('2026-11-24T02:00:00Z')))
    // The partial index holds open cases only: scanning it reads the backlog, not the history.
    expect(plan.some((d) => /SCAN c USING COVERING INDEX cases_open_dashboard/.test(d))).toBe(true)
    expect(plan.filter((d) => /^SCAN c\b/.test(d) && !/COVERING INDEX/.test(d))).toEqual([])
  })
  it('reads the period figures from a range of the rollups primary key', async () => {
    const plan = await planOf(rollupQuery(period))
    expect(plan.some((d) => /SEARCH case_rollups USING (INDEX sqlite_autoindex_case_rollups_1|PRIMARY KEY) \(dim=\? AND day>\? AND day<\?\)/.test(d))).toBe(true)
    expect(plan.some((d) => /SCAN case_rollups/.test(d))).toBe(false)
  })
  it('reads the year month by month from a range of the rollups primary key', async () => {
    const plan = await planOf(monthsQuery({ from: 20454, to: 20818 }))
    expect(plan.some((d) => /SEARCH case_rollups USING (INDEX sqlite_autoindex_case_rollups_1|PRIMARY KEY) \(dim=\? AND day>\? AND day<\?\)/.test(d))).toBe(true)
    expect(plan.some((d) => /SCAN case_rollups/.test(d))).toBe(false)
  })
  it('reads the medians from a range of the monthly histograms and of the daily ones at the ends, never a case', async () => {
    const plan = await planOf(bucketsQuery(period))
    expect(plan.filter((d) => /SEARCH case_handle_buckets_monthly USING INDEX sqlite_autoindex_case_handle_buckets_monthly_1 \(dim=\? AND month>\? AND month<\?\)/.test(d))).toHaveLength(1)
    // Two ranges of days added and two taken away, empty when the period is whole months.
    expect(plan.filter((d) => /SEARCH case_handle_buckets USING INDEX sqlite_autoindex_case_handle_buckets_1 \(dim=\? AND day>\? AND day<\?\)/.test(d))).toHaveLength(4)
    expect(plan.filter((d) => /\bcases\b|SCAN case_handle_buckets/.test(d))).toEqual([])
  })

  it('finds reads that grow with the table in a plan: a walk of every case, a period of cases, a whole table', async () => {
    const { db } = await freshDb()
    // The dashboard's channel counts and LAPOR! figures as they were before issue 25, and the partner
    // times before their index: each would fail the check below.
    expect(growingReads(await explain(db.$client, { sql: 'SELECT channel, count(*) FROM cases WHERE received_at >= 1 AND received_at < 2 GROUP BY channel' }))).toEqual([
      'SEARCH cases USING INDEX cases_by_received (received_at>? AND received_at<?)',
    ])
    expect(growingReads(await explain(db.$client, { sql: 'SELECT count(*) FROM cases WHERE lapor_id IS NOT NULL' }))).toHaveLength(1)
    expect(growingReads(await explain(db.$client, { sql: 'SELECT r.at FROM referrals r NOT INDEXED WHERE r.at >= 1' }))).toEqual(['SCAN r'])
  })

  it('runs no statement on the dashboard, its recap or its report that reads a table whole or cases beyond the backlog', async () => {
    const { t, sup } = await buildFixture()
    const pages = ['/dashboard', '/dashboard?from=2026-10-05&to=2026-11-27', '/dashboard?from=2026-11-03&to=2026-11-05', '/dashboard/recap', '/dashboard/report?month=2026-10']
    // Once first: a fresh database cuts its rollups for the zone at the first read (a rebuild, not a page's read).
    for (const page of pages) expect((await t.request(page, { cookie: sup })).status).toBe(200)
    const seen: InStatement[] = []
    const client = t.db.$client
    const { execute, batch } = client
    client.execute = ((s: InStatement, args?: never) => (seen.push(typeof s === 'string' ? { sql: s, args } : s), execute.call(client, s as never, args))) as typeof execute
    client.batch = ((stmts: InStatement[], mode) => (seen.push(...stmts), batch.call(client, stmts, mode))) as typeof batch
    try {
      for (const page of pages) expect((await t.request(page, { cookie: sup })).status, page).toBe(200)
    } finally {
      client.execute = execute
      client.batch = batch
    }
    const reads = seen.map((s) => (typeof s === 'string' ? { sql: s } : s)).filter((s) => /^\s*SELECT/i.test(s.sql))
    const plans = await Promise.all(reads.map(async (s) => ({ sql: s.sql.replace(/\s+/g, ' ').trim(), plan: await explain(client, s) })))
    // The check saw the reads it is about: the backlog, the LAPOR! cases, the monthly histograms.
    const lines = plans.flatMap((p) => p.plan)
    for (const index of ['cases_open_dashboard', 'cases_lapor_dashboard', 'case_handle_buckets_monthly', 'referrals_by_at']) expect(lines.some((d) => d.includes(index)), index).toBe(true)
    expect(plans.filter((p) => growingReads(p.plan).length > 0)).toEqual([])
  })
})
