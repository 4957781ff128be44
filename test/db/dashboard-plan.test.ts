import { describe, expect, it } from 'vitest'
import { statement } from '../../worker/db/batch'
import { backlogQuery, bucketsQuery, monthsQuery, rollupQuery } from '../../worker/db/queries/dashboard'
import { freshDb } from '../support/db'

// The dashboard must not read every case per request (issue 7): each query's plan is pinned here.
async function planOf(query: Parameters<typeof statement>[0]) {
  const { db } = await freshDb()
  const s = statement(query) as { sql: string; args: unknown[] }
  const rs = await db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args as never })
  return rs.rows.map((r) => String(r.detail))
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
  it('reads the medians from a range of the histograms, never a case', async () => {
    const plan = await planOf(bucketsQuery(period))
    expect(plan.some((d) => /SEARCH case_handle_buckets USING (INDEX sqlite_autoindex_case_handle_buckets_1|PRIMARY KEY) \(dim=\? AND day>\? AND day<\?\)/.test(d))).toBe(true)
    expect(plan.filter((d) => /\bcases\b|SCAN case_handle_buckets/.test(d))).toEqual([])
  })
})
