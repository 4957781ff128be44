import { describe, expect, it } from 'vitest'
import { statement } from '../../worker/db/batch'
import { listCases } from '../../worker/db/queries/cases'
import type { CaseScope } from '../../worker/domain/access'
import { freshDb } from '../support/db'

// The case list read in the batch that checks the session (issue 25) keeps the plans of the list
// read after it: a facilitator's through the area index, not a walk of every case.
async function planOf(scope: CaseScope) {
  const { db } = await freshDb()
  const s = statement(listCases(db, scope, { page: 1 }, 0)) as { sql: string; args: unknown[] }
  const rs = await db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args as never })
  return rs.rows.map((r) => String(r.detail))
}

const areaIndex = (plan: string[]) => plan.some((d) => /SEARCH cases USING INDEX cases_by_area \(kelurahan_code=\?\)/.test(d))

describe('case list query plans', () => {
  it('reads a facilitator’s list of a session not read yet through the area index, as with the user read first', async () => {
    expect(areaIndex(await planOf({ kind: 'kelurahan', codes: ['61.71.01.1001'], assigneeId: 1 }))).toBe(true)
    expect(areaIndex(await planOf({ kind: 'session', sessionId: 'x', only: 'kelurahan' }))).toBe(true)
  })
})
