import { eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { scopedRoles, type CaseScope } from '../../domain/access'
import { cases } from '../schema'

/** The cases a user may see: their kelurahan, or (for a facilitator) the cases assigned to them. */
export function caseScopeCondition(scope: CaseScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  if (scope.kind === 'session') return sessionCaseScope(scope.sessionId)
  if (scope.kind === 'escalated') return escalatedTo(scope.userId)
  // An empty area list must match nothing, not everything.
  const area = scope.codes.length > 0 ? inArray(cases.kelurahanCode, [...scope.codes]) : sql`0`
  return scope.assigneeId === undefined ? area : or(area, eq(cases.assignedTo, scope.assigneeId))
}

const escalatedTo = (userId: number | SQL) => sql`EXISTS (SELECT 1 FROM alerts WHERE alerts.case_id = ${cases.id} AND alerts.user_id = ${userId} AND alerts.kind = 'eskalasi')`

/**
 * caseScopeCondition for the user of a session not read yet: the same scopes, chosen by the
 * user's role in SQL, for a batch that checks the session in the same round trip (worker/session.ts):
 * what it reads is used only once that batch's session row admitted the request.
 */
function sessionCaseScope(sessionId: string): SQL {
  const area = sql`(${cases.kelurahanCode} IN (SELECT kelurahan_code FROM user_kelurahan WHERE user_id = u.id) OR ${cases.assignedTo} = u.id)`
  return sql`EXISTS (SELECT 1 FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ${sessionId} AND CASE
      WHEN u.role IN ${[...scopedRoles.kelurahan]} THEN ${area}
      WHEN u.role IN ${[...scopedRoles.escalated]} THEN ${escalatedTo(sql`u.id`)}
      ELSE 1 END)`
}
