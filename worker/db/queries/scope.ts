import { eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { scopedRoles, type CaseScope, type ScopeKind } from '../../domain/access'
import { cases } from '../schema'

/** The cases a user may see: their kelurahan, or (for a facilitator) the cases assigned to them. */
export function caseScopeCondition(scope: CaseScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  if (scope.kind === 'session') return scope.only ? sessionScopeOfKind(scope.sessionId, scope.only) : sessionCaseScope(scope.sessionId)
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

/** The user of the session if their role has scope `kind`, else no row. */
function userOfKind(sessionId: string, kind: ScopeKind): SQL {
  const scoped = [...scopedRoles.kelurahan, ...scopedRoles.escalated]
  const role = kind === 'all' ? sql`u.role NOT IN ${scoped}` : sql`u.role IN ${[...scopedRoles[kind]]}`
  return sql`(SELECT s.user_id FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ${sessionId} AND ${role})`
}

/**
 * One kind of sessionCaseScope, matching nothing unless the session's user has a role of that kind:
 * a list reads one query per kind in its batch and keeps the user's, so that each keeps the plan of
 * caseScopeCondition (the area's index for a facilitator), which a CASE over roles would lose.
 */
function sessionScopeOfKind(sessionId: string, kind: ScopeKind): SQL {
  const user = userOfKind(sessionId, kind)
  if (kind === 'all') return sql`EXISTS ${user}`
  if (kind === 'escalated') return escalatedTo(user)
  return sql`(${cases.kelurahanCode} IN (SELECT kelurahan_code FROM user_kelurahan WHERE user_id = ${user}) OR ${cases.assignedTo} = ${user})`
}

/**
 * The LIMIT of a list read in one kind of a session's scope: `n` for the user's kind, 0 for the
 * others, which SQLite answers without reading a row (a WHERE that is false for every row would
 * still walk the cases: 20 ms at 300,000).
 */
export function scopeLimit(scope: CaseScope, n: number): number | SQL {
  return scope.kind === 'session' && scope.only ? sql`(CASE WHEN EXISTS ${userOfKind(scope.sessionId, scope.only)} THEN ${n} ELSE 0 END)` : n
}
