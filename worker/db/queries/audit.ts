import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { auditLog, cases, users } from '../schema'

// The audit trail (UU PDP 27/2022 Pasal 31: every processing of personal data is recorded). Each row
// is written by `audit`, alone or in the batch of the change it records; only the rows that must
// exist exactly when a batch's earlier statement changed something are SQL of that batch.

/** Who did something, and when; `actorId` null for the system (sweep, retention) and API keys. */
export type Actor = { actorId: number | null; now: number }

/** One audit row; an object `detail` is stored as JSON. Callers leave out secrets, NIK and health data. */
export function audit(db: Db, actor: Actor, action: string, detail: string | Record<string, unknown> | null = null, caseId: number | null = null) {
  return db.insert(auditLog).values({ at: actor.now, actorId: actor.actorId, action, caseId, detail: detail === null || typeof detail === 'string' ? detail : JSON.stringify(detail) })
}

/**
 * An audit row of a read checked in the same batch (worker/session.ts): written only WHERE `holds`
 * (the session admitted the request and it found what it read), the actor named by `actorId`, a
 * value or a subquery.
 */
export function auditIf(db: Db, actor: { actorId: number | SQL; now: number }, action: string, caseId: number, holds: SQL) {
  return db.run(sql`INSERT INTO audit_log (at, actor_id, action, case_id) SELECT ${actor.now}, ${actor.actorId}, ${action}, ${caseId} WHERE ${holds}`)
}

/**
 * Records a look-up of a person that shows the cases it found (one row per case, so each case's
 * trail holds it; one row without a case when none matched), the key hashed, never stored.
 */
export async function auditLookup(db: Db, actor: Actor, action: string, keyHash: string, caseIds: number[]) {
  const rows = caseIds.length > 0 ? caseIds.map((caseId) => audit(db, actor, action, { key: keyHash }, caseId)) : [audit(db, actor, action, { key: keyHash, cases: 0 })]
  await writeBatch(db, rows)
}

export type AuditFilter = { caseId?: number; ticket?: string; username?: string; action?: string; from?: number; to?: number; page: number }
export const auditPageSize = 50

function auditWhere(f: AuditFilter): SQL | undefined {
  return and(
    f.caseId !== undefined ? eq(auditLog.caseId, f.caseId) : undefined,
    f.ticket ? eq(cases.ticket, f.ticket) : undefined,
    f.username ? eq(users.username, f.username) : undefined,
    f.action ? or(eq(auditLog.action, f.action), sql`${auditLog.action} LIKE ${f.action.replace(/[\\%_]/g, '\\$&') + '.%'} ESCAPE '\\'`) : undefined,
    f.from !== undefined ? gte(auditLog.at, f.from) : undefined,
    f.to !== undefined ? lt(auditLog.at, f.to) : undefined,
  )
}

const auditColumns = { id: auditLog.id, at: auditLog.at, action: auditLog.action, caseId: auditLog.caseId, ticket: cases.ticket, detail: auditLog.detail, actorId: auditLog.actorId, username: users.username, displayName: users.displayName }

/** Newest first, one page (and whether another follows); `limit` raises the page for exports. */
export async function listAudit(db: Db, f: AuditFilter, limit = auditPageSize) {
  const rows = await db
    .select(auditColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(cases, eq(cases.id, auditLog.caseId))
    .where(auditWhere(f))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1)
    .offset((f.page - 1) * limit)
  return { rows: rows.slice(0, limit), hasNext: rows.length > limit }
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>['rows'][number]
