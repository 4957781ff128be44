import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm'
import type { SurveyAnswers } from '../../domain/ikm'
import type { QuotaCount } from '../../domain/quota'
import { reopenableStatuses } from '../../domain/reopen'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import type { AlertChannelName } from '../../domain/channels'
import { outboxForRun } from './sweep'
import { apiKeys, caseEvents, cases, categories, settings, surveyResponses } from '../schema'

/**
 * Counts one request against each key's fixed window in one atomic statement per key (the
 * rate_limits table, shared with sign-in throttling): concurrent requests cannot both see room.
 */
export async function countRequests(db: Db, keys: { key: string; windowMs: number }[], now: number): Promise<QuotaCount[]> {
  const results = await writeBatch(
    db,
    keys.map(
      ({ key, windowMs }) => sql`INSERT INTO rate_limits (key, failures, window_start, blocked_until) VALUES (${key}, 1, ${now}, 0)
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN window_start <= ${now - windowMs} THEN 1 ELSE failures + 1 END,
          window_start = CASE WHEN window_start <= ${now - windowMs} THEN ${now} ELSE window_start END
        RETURNING failures, window_start`,
    ),
  )
  return results.map((r) => ({ count: Number(r.rows[0]!.failures), windowStart: Number(r.rows[0]!.window_start) }))
}

/** What the public may see of a case: no names, NIK, addresses or notes. */
export async function findTrackedCase(db: Db, ticket: string) {
  const [found] = await trackedCase(db, ticket)
  return found
}

/** findTrackedCase's query, for a batch. */
export function trackedCase(db: Db, ticket: string) {
  return db
    .select({
      id: cases.id,
      ticket: cases.ticket,
      status: cases.status,
      channel: cases.channel,
      reporterPhone: cases.reporterPhone,
      categoryId: cases.categoryId,
      categoryName: categories.name,
      receivedAt: cases.receivedAt,
      dueAt: cases.dueAt,
      resolvedAt: cases.resolvedAt,
      closedAt: cases.closedAt,
      updatedAt: cases.updatedAt,
      surveyAnsweredAt: surveyResponses.answeredAt,
    })
    .from(cases)
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(surveyResponses, eq(surveyResponses.caseId, cases.id))
    .where(eq(cases.ticket, ticket))
}

export type TrackedCase = NonNullable<Awaited<ReturnType<typeof findTrackedCase>>>

/**
 * The public timeline of a ticket: when, what kind, which status; never who or the note. By ticket,
 * so it shares one batch with the look-up of the case.
 */
export function publicTimeline(db: Db, ticket: string) {
  return db
    .select({ at: caseEvents.at, kind: caseEvents.kind, fromStatus: caseEvents.fromStatus, toStatus: caseEvents.toStatus })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, sql`(SELECT id FROM cases WHERE ticket = ${ticket})`))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
}

export type PublicEvent = Awaited<ReturnType<typeof publicTimeline>>[number]

/**
 * Reopens a resolved case (`selesai`, or closed since) at the reporter's request, in one batch:
 * status back to the assigned facilitator (or the queue), a new due time, the reporter's words on
 * the timeline and an audit row, and an alert to every supervisor. Guarded by status and the 7-day
 * window inside the statement, so a double submit reopens once.
 */
export async function reopenCase(
  db: Db,
  input: { caseId: number; now: number; dueAt: number; resolvedSince: number; note: string; channels: readonly AlertChannelName[] },
): Promise<boolean> {
  const run = `reopen:${input.caseId}:${input.now}`
  const reopenable = sql`id = ${input.caseId} AND status IN (${sql.join(reopenableStatuses.map((s) => sql`${s}`), sql`, `)}) AND resolved_at >= ${input.resolvedSince}`
  const reopenedStatus = sql`CASE WHEN assigned_to IS NULL THEN 'baru' ELSE 'ditugaskan' END`
  const [, updated] = await writeBatch(db, [
    // The event first, while the status it leaves (selesai or ditutup) is still there to record.
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note)
        SELECT id, ${input.now}, NULL, 'dibuka_kembali', status, ${reopenedStatus}, ${input.note} FROM cases
        WHERE ${reopenable}
          AND NOT EXISTS (SELECT 1 FROM case_events WHERE case_id = ${input.caseId} AND kind = 'dibuka_kembali' AND at = ${input.now})`,
    sql`UPDATE cases SET status = ${reopenedStatus}, due_at = ${input.dueAt}, resolved_at = NULL, closed_at = NULL, overdue_at = NULL,
          version = version + 1, updated_at = ${input.now}
        WHERE ${reopenable}
        RETURNING status`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${input.now}, NULL, 'case.reopen', id, 'pelapor lewat /cek' FROM cases
        WHERE id = ${input.caseId} AND updated_at = ${input.now}
          AND NOT EXISTS (SELECT 1 FROM audit_log WHERE case_id = ${input.caseId} AND action = 'case.reopen' AND at = ${input.now})`,
    // The supervisors hear of it in their inbox and on the channels they chose (the sweep's outbox).
    sql`INSERT INTO alerts (user_id, kind, case_id, note, urgent, created_at, run_id, dedupe_key)
        SELECT u.id, 'eskalasi', ${input.caseId}, 'Dibuka kembali oleh pelapor', 0, ${input.now}, ${run}, ${run} || ':' || u.id
        FROM users u
        WHERE u.active = 1 AND u.role = 'supervisor'
          AND EXISTS (SELECT 1 FROM case_events WHERE case_id = ${input.caseId} AND kind = 'dibuka_kembali' AND at = ${input.now})
        ON CONFLICT (dedupe_key) DO NOTHING`,
    outboxForRun(run, input.now, input.channels),
  ])
  return updated!.rows.length > 0
}

/** Marks an open online report as spam: `ditolak`, with the staff member on the timeline. False when it is no longer open. */
export async function markSpam(db: Db, input: { caseId: number; actorId: number; now: number }): Promise<boolean> {
  const open = sql`id = ${input.caseId} AND channel = 'online' AND status IN ('baru', 'ditugaskan', 'ditangani', 'dirujuk')`
  // The event first, while the status it leaves is still there to record.
  const [, updated] = await writeBatch(db, [
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note)
        SELECT id, ${input.now}, ${input.actorId}, 'spam', status, 'ditolak', 'Ditandai sebagai spam' FROM cases WHERE ${open}`,
    sql`UPDATE cases SET status = 'ditolak', closed_at = ${input.now}, version = version + 1, updated_at = ${input.now} WHERE ${open} RETURNING id`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${input.now}, ${input.actorId}, 'case.spam', id, NULL FROM cases
        WHERE id = ${input.caseId} AND status = 'ditolak' AND updated_at = ${input.now}
          AND NOT EXISTS (SELECT 1 FROM audit_log WHERE case_id = ${input.caseId} AND action = 'case.spam')`,
  ])
  return updated!.rows.length > 0
}

/** Stores a survey answer; false when this case's survey was already answered (the link is single-use). */
export async function saveSurveyResponse(db: Db, input: { caseId: number; now: number; answers: SurveyAnswers; suggestion: string | null }): Promise<boolean> {
  const inserted = await db
    .insert(surveyResponses)
    .values({ caseId: input.caseId, answeredAt: input.now, ...input.answers, suggestion: input.suggestion })
    .onConflictDoNothing()
    .returning({ id: surveyResponses.id })
  return inserted.length > 0
}

/** Survey answers received in [from, to), with the case's category and kelurahan for grouping. */
export function surveyRows(db: Db, range: { from: number; to: number }) {
  return db
    .select({
      answeredAt: surveyResponses.answeredAt,
      u1: surveyResponses.u1, u2: surveyResponses.u2, u3: surveyResponses.u3,
      u4: surveyResponses.u4, u5: surveyResponses.u5, u6: surveyResponses.u6,
      u7: surveyResponses.u7, u8: surveyResponses.u8, u9: surveyResponses.u9,
      categoryId: cases.categoryId,
      kelurahanCode: cases.kelurahanCode,
    })
    .from(surveyResponses)
    .innerJoin(cases, eq(cases.id, surveyResponses.caseId))
    .where(and(gte(surveyResponses.answeredAt, range.from), lt(surveyResponses.answeredAt, range.to)))
    .orderBy(asc(surveyResponses.answeredAt))
}

export async function saveSetting(db: Db, key: string, value: string, audit: { actorId: number; now: number }) {
  await writeBatch(db, [
    db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }),
    sql`INSERT INTO audit_log (at, actor_id, action, detail) VALUES (${audit.now}, ${audit.actorId}, 'setting.update', ${key})`,
  ])
}

export function listApiKeys(db: Db) {
  return db.select({ id: apiKeys.id, name: apiKeys.name, keyPrefix: apiKeys.keyPrefix, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt }).from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
}

export async function issueApiKey(db: Db, input: { name: string; keyHash: string; keyPrefix: string; actorId: number; now: number }) {
  await writeBatch(db, [
    db.insert(apiKeys).values({ name: input.name, keyHash: input.keyHash, keyPrefix: input.keyPrefix, createdAt: input.now, createdBy: input.actorId }),
    sql`INSERT INTO audit_log (at, actor_id, action, detail) VALUES (${input.now}, ${input.actorId}, 'api_key.issue', ${input.keyPrefix})`,
  ])
}

export async function revokeApiKey(db: Db, input: { id: number; actorId: number; now: number }) {
  await writeBatch(db, [
    db.update(apiKeys).set({ revokedAt: input.now, revokedBy: input.actorId }).where(and(eq(apiKeys.id, input.id), isNull(apiKeys.revokedAt))),
    sql`INSERT INTO audit_log (at, actor_id, action, detail) VALUES (${input.now}, ${input.actorId}, 'api_key.revoke', ${String(input.id)})`,
  ])
}

/** The key with this hash, revoked or not. */
export async function findApiKey(db: Db, keyHash: string) {
  const [found] = await db.select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.keyHash, keyHash))
  return found
}

/** Links the photo sent with a public report to the case's first event; false when the case already has one (a repeated submit). */
export async function attachReportPhoto(db: Db, photo: { caseId: number; storageKey: string; contentType: string; size: number; now: number }): Promise<boolean> {
  const [inserted] = await writeBatch(db, [
    sql`INSERT INTO case_photos (case_id, event_id, storage_key, content_type, size, uploaded_by, uploaded_at)
        SELECT ${photo.caseId}, (SELECT id FROM case_events WHERE case_id = ${photo.caseId} AND kind = 'dibuat'), ${photo.storageKey},
          ${photo.contentType}, ${photo.size}, NULL, ${photo.now}
        WHERE NOT EXISTS (SELECT 1 FROM case_photos WHERE case_id = ${photo.caseId})`,
  ])
  return inserted!.rowsAffected > 0
}
