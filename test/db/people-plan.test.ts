import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { statement } from '../../worker/db/batch'
import { candidateIdsQuery, intakeGuard } from '../../worker/db/queries/people'
import { newPersonOf } from '../../worker/domain/person-match'
import type { Report } from '../../worker/domain/intake'
import { freshDb } from '../support/db'

// Matching reads through indexes only (issue 23: no full scan at 1,000,000 cases): each look-up's
// plan is pinned here, as the dashboard's are.
async function planOf(query: Parameters<typeof statement>[0]) {
  const { db } = await freshDb()
  const s = statement(query) as { sql: string; args: unknown[] }
  const rs = await db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args as never })
  return rs.rows.map((r) => String(r.detail))
}

const tableScans = (plan: string[]) => plan.filter((d) => /^SCAN (cases|people|sightings|c|s|p)\b/.test(d))

describe('person matching query plans', () => {
  it('looks candidates up by NIK, name key, phone and kelurahan + time through their indexes', async () => {
    const plan = await planOf(
      candidateIdsQuery({ nik: '6171011508700009', phone: '+6281234567890', nameKey: 'amdyn', categoryId: 1, nearKelurahan: ['61.71.01.1001', '61.71.01.1002'], since: 0 }),
    )
    expect(plan.some((d) => /SEARCH people USING (COVERING )?INDEX people_by_nik \(nik=\?\)/.test(d))).toBe(true)
    expect(plan.some((d) => /SEARCH people USING (COVERING )?INDEX people_by_name_key \(name_key=\?\)/.test(d))).toBe(true)
    expect(plan.some((d) => /SEARCH cases USING INDEX cases_by_reporter_phone \(reporter_phone=\?\)/.test(d))).toBe(true)
    expect(plan.some((d) => /SEARCH cases USING INDEX cases_by_area \(kelurahan_code=\? AND received_at>\?\)/.test(d))).toBe(true)
    expect(plan.some((d) => /SEARCH s USING INDEX sightings_by_area \(kelurahan_code=\? AND at>\?\)/.test(d))).toBe(true)
    expect(tableScans(plan)).toEqual([])
  })

  it('decides inside the intake batch whether a strong candidate exists without scanning', async () => {
    const report = { idempotencyKey: 'k'.repeat(20), personNik: '6171011508700009', kelurahanCode: '61.71.01.1001', categoryId: 1, personName: 'Ahmad Yani', personUnknown: false, personBirthDate: null, personAge: null, personSex: 'L', personFeatures: null } as unknown as Report
    const guard = intakeGuard(report, newPersonOf(report, 0), Date.parse('2026-11-24T02:00:00Z'), { personId: null, sightingOf: null, candidatesSeen: false })
    const plan = await planOf(sql`SELECT ${guard}`)
    expect(plan.some((d) => /INDEX people_by_nik/.test(d))).toBe(true)
    expect(plan.some((d) => /INDEX people_by_name_key/.test(d))).toBe(true)
    expect(plan.some((d) => /INDEX cases_by_area/.test(d))).toBe(true)
    expect(tableScans(plan)).toEqual([])
  })
})
