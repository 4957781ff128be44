import { eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { CaseScope } from '../../domain/access'
import { cases } from '../schema'

/** The cases a user may see: their kelurahan, or (for a facilitator) the cases assigned to them. */
export function caseScopeCondition(scope: CaseScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  if (scope.kind === 'escalated') return sql`EXISTS (SELECT 1 FROM alerts WHERE alerts.case_id = ${cases.id} AND alerts.user_id = ${scope.userId} AND alerts.kind = 'eskalasi')`
  // An empty area list must match nothing, not everything.
  const area = scope.codes.length > 0 ? inArray(cases.kelurahanCode, [...scope.codes]) : sql`0`
  return scope.assigneeId === undefined ? area : or(area, eq(cases.assignedTo, scope.assigneeId))
}
