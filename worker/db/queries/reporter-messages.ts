import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { cases, reporterMessages, waConversations } from '../schema'
import type { ReplyPurpose, ReporterPurpose } from '../../domain/reporter-messages'

/** Whom a purpose is about, and what must be true for it to be queued. */
const queueCondition: Record<ReplyPurpose, SQL> = {
  diterima: sql`t.conversation_id IS NOT NULL`,
  ditolak: sql`t.conversation_id IS NOT NULL`,
  tiket: sql`t.case_id IS NOT NULL`,
  dirujuk: sql`t.referral_id IS NOT NULL`,
  selesai: sql`t.case_status = 'ditutup'`,
}

/**
 * One reply to the reporter, as a statement for the caller's write batch (issue 21): `diterima`
 * when a conversation is opened, `tiket` when a case is made from or attached to one, `ditolak` when
 * it is turned away, `dirujuk` on a referral (the case's latest), `selesai` when the case is closed
 * (with the survey link). `caseId`/`conversationId` may be SQL (an id the batch just wrote); `when`
 * adds a condition such as sql`changes() = 1` (only if the statement before wrote its row).
 * `sending` is repliesToReporters(config): without WhatsApp to send on, nothing is queued.
 *
 * Queued only for a reachable reporter (a conversation, a case with a reporter phone or a linked
 * conversation); the unique key makes each reply go once: per conversation and purpose when there is
 * a conversation (a second number of the same reporter gets its own ticket message), per referral for
 * `dirujuk`, else per case and purpose (a case closed again after a reopen sends nothing again).
 */
export function queueReporterReply(r: { caseId?: number | SQL; conversationId?: number | SQL; purpose: ReplyPurpose; now: number; when?: SQL; sending: boolean }): SQL {
  const referral = r.purpose === 'dirujuk' ? sql`(SELECT max(f.id) FROM referrals f WHERE f.case_id = c.id)` : sql`NULL`
  return sql`INSERT INTO reporter_messages (case_id, conversation_id, referral_id, purpose, dedupe_key, next_attempt_at, created_at)
    SELECT t.case_id, t.conversation_id, t.referral_id, ${r.purpose},
      CASE WHEN t.referral_id IS NOT NULL THEN 'rujukan:' || t.referral_id
        WHEN t.conversation_id IS NOT NULL THEN 'percakapan:' || t.conversation_id || ':' || ${r.purpose}
        ELSE 'kasus:' || t.case_id || ':' || ${r.purpose} END,
      ${r.now}, ${r.now}
    FROM (SELECT c.id AS case_id, c.status AS case_status, w.id AS conversation_id, ${referral} AS referral_id,
        coalesce(c.reporter_phone, '') <> '' OR EXISTS (SELECT 1 FROM wa_conversations x WHERE x.case_id = c.id) AS reachable
      FROM (SELECT ${r.caseId ?? null} AS cid, ${r.conversationId ?? null} AS wid) k
      LEFT JOIN cases c ON c.id = k.cid LEFT JOIN wa_conversations w ON w.id = k.wid) t
    WHERE ${r.sending ? sql`1` : sql`0`} AND (t.conversation_id IS NOT NULL OR t.reachable) AND ${queueCondition[r.purpose]} AND ${r.when ?? sql`1`}
    ON CONFLICT (dedupe_key) DO NOTHING`
}

/** The settings a reply's wording and template need: the agency's profile and the template names. */
const replySettings = sql`SELECT key, value FROM settings WHERE key LIKE 'agency.%' OR key LIKE 'whatsapp.template.%'`

/**
 * Claims due messages with what the send needs; a close message waits while its case is reopened.
 * The number is the conversation's sender, else the case's reporter phone, else the sender of the
 * case's latest conversation (digits, 62…); it lives only in memory. `lastInboundAt` is that number's
 * latest message to us: the start of WhatsApp's 24-hour customer-service window.
 */
export async function claimReporterMessages(db: Db, input: { claim: string; now: number; leaseMs: number; limit: number }) {
  const { claim, now } = input
  const results = await writeBatch(db, [
    sql`UPDATE reporter_messages SET status = 'sending', claim_id = ${claim}, attempts = attempts + 1, next_attempt_at = ${now + input.leaseMs}
      WHERE id IN (SELECT m.id FROM reporter_messages m LEFT JOIN cases c ON c.id = m.case_id
        WHERE m.status IN ('pending', 'sending') AND m.next_attempt_at <= ${now}
          AND (m.purpose NOT IN ('survei', 'selesai') OR c.status = 'ditutup')
        ORDER BY m.next_attempt_at LIMIT ${input.limit})`,
    sql`SELECT q.*, (SELECT max(x.last_inbound_at) FROM wa_conversations x WHERE x.sender = q.phone) AS lastInboundAt
      FROM (SELECT m.id, m.attempts, m.purpose, c.id AS caseId, c.ticket, r.partner_name AS partnerName, w.closed_reason AS reason,
          coalesce(w.sender, nullif(replace(c.reporter_phone, '+', ''), ''),
            (SELECT x.sender FROM wa_conversations x WHERE x.case_id = c.id ORDER BY x.last_inbound_at DESC LIMIT 1)) AS phone,
          EXISTS (SELECT 1 FROM survey_responses s WHERE s.case_id = c.id) AS answered
        FROM reporter_messages m
        LEFT JOIN wa_conversations w ON w.id = m.conversation_id
        LEFT JOIN cases c ON c.id = coalesce(m.case_id, w.case_id)
        LEFT JOIN referrals r ON r.id = m.referral_id
        WHERE m.claim_id = ${claim} AND m.status = 'sending') q
      ORDER BY q.id`,
    replySettings,
  ])
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v))
  const messages = (results[1]?.rows ?? []).map((r) => ({
    id: Number(r.id),
    attempts: Number(r.attempts),
    purpose: String(r.purpose) as ReporterPurpose,
    caseId: r.caseId === null ? null : Number(r.caseId),
    ticket: text(r.ticket),
    partnerName: text(r.partnerName),
    reason: text(r.reason),
    phone: text(r.phone),
    lastInboundAt: r.lastInboundAt === null ? null : Number(r.lastInboundAt),
    answered: Number(r.answered) === 1,
  }))
  const settings = new Map((results[2]?.rows ?? []).map((r) => [String(r.key), String(r.value)]))
  return { messages, settings }
}

export type ReporterDelivery =
  | { id: number; outcome: 'sent'; as: 'teks' | 'template' }
  | { id: number; outcome: 'deferred'; until: number }
  | { id: number; outcome: 'retry'; at: number; error: string }
  | { id: number; outcome: 'failed'; error: string }

/** Records what the sends of claim `claim` came to, in one batch; a row someone else took is left alone. */
export async function recordReporterDeliveries(db: Db, input: { claim: string; now: number; results: ReporterDelivery[] }) {
  const held = (id: number) => and(eq(reporterMessages.id, id), eq(reporterMessages.claimId, input.claim), eq(reporterMessages.status, 'sending'))
  const statements = input.results.map((r) => {
    switch (r.outcome) {
      case 'sent':
        return db.update(reporterMessages).set({ status: 'sent', sentAt: input.now, sentAs: r.as, lastError: null }).where(held(r.id))
      case 'deferred':
        return db.update(reporterMessages).set({ status: 'pending', nextAttemptAt: r.until, attempts: sql`${reporterMessages.attempts} - 1`, claimId: null }).where(held(r.id))
      case 'retry':
        return db.update(reporterMessages).set({ status: 'pending', nextAttemptAt: r.at, lastError: r.error.slice(0, 300) }).where(held(r.id))
      case 'failed':
        return db.update(reporterMessages).set({ status: 'failed', lastError: r.error.slice(0, 300) }).where(held(r.id))
    }
  })
  if (statements.length > 0) await writeBatch(db, statements)
}

const replyFields = {
  id: reporterMessages.id,
  purpose: reporterMessages.purpose,
  status: reporterMessages.status,
  sentAs: reporterMessages.sentAs,
  remoteStatus: reporterMessages.remoteStatus,
  attempts: reporterMessages.attempts,
  lastError: reporterMessages.lastError,
  createdAt: reporterMessages.createdAt,
  sentAt: reporterMessages.sentAt,
}

/**
 * The replies of a conversation (and of its case) or of a case, oldest first, for the pages that
 * show what the reporter was told: purpose, how and whether it went. No number, no text.
 */
export function listReporterReplies(db: Db, of: { conversationId: number; caseId?: number | null } | { caseId: number }) {
  const where =
    'conversationId' in of
      ? of.caseId
        ? or(eq(reporterMessages.conversationId, of.conversationId), eq(reporterMessages.caseId, of.caseId))
        : eq(reporterMessages.conversationId, of.conversationId)
      : eq(reporterMessages.caseId, of.caseId)
  return db.select(replyFields).from(reporterMessages).where(where).orderBy(reporterMessages.createdAt, reporterMessages.id).limit(100)
}

export type ReporterReply = Awaited<ReturnType<typeof listReporterReplies>>[number]

/** Replies that failed for good or are being retried, newest first, for the admin's deliveries page. */
export function listTroubledReporterMessages(db: Db) {
  return db
    .select({ ...replyFields, conversationId: reporterMessages.conversationId, nextAttemptAt: reporterMessages.nextAttemptAt, ticket: cases.ticket })
    .from(reporterMessages)
    .leftJoin(cases, eq(cases.id, reporterMessages.caseId))
    .where(sql`${reporterMessages.status} = 'failed' OR ${reporterMessages.remoteStatus} = 'failed' OR (${reporterMessages.status} IN ('pending', 'sending') AND ${reporterMessages.attempts} > 0)`)
    .orderBy(desc(reporterMessages.createdAt))
    .limit(200)
}

export type TroubledReporterMessage = Awaited<ReturnType<typeof listTroubledReporterMessages>>[number]

/** A reply of the case: its own, or one of its WhatsApp conversations'. */
const replyOfCase = (caseId: number) =>
  sql`(${reporterMessages.caseId} = ${caseId} OR ${reporterMessages.conversationId} IN (SELECT ${waConversations.id} FROM ${waConversations} WHERE ${waConversations.caseId} = ${caseId}))`

/** The replies of a case (its own and its conversations') that failed for good, oldest first, for its page. */
export function failedCaseReplies(db: Db, caseId: number) {
  return db
    .select({ id: reporterMessages.id, purpose: reporterMessages.purpose, lastError: reporterMessages.lastError })
    .from(reporterMessages)
    .where(and(eq(reporterMessages.status, 'failed'), replyOfCase(caseId)))
    .orderBy(reporterMessages.id)
}

/**
 * Queues a failed reply of the case again, as new (attempts from zero, WhatsApp's old status gone,
 * the same key), with its audit row in the same batch. Only a `failed` row moves: a second press of
 * the button (or the same form sent twice) finds it queued and writes nothing. False then.
 */
export async function resendReporterReply(db: Db, r: { caseId: number; replyId: number; actorId: number; now: number }): Promise<boolean> {
  const [updated] = await writeBatch(db, [
    sql`UPDATE reporter_messages SET status = 'pending', attempts = 0, next_attempt_at = ${r.now}, claim_id = NULL, last_error = NULL, sent_at = NULL, sent_as = NULL, remote_status = NULL, remote_status_at = NULL
      WHERE id = ${r.replyId} AND status = 'failed' AND ${replyOfCase(r.caseId)}`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${r.now}, ${r.actorId}, 'reporter_message.resend', ${r.caseId}, ${`r${r.replyId}`} WHERE changes() = 1`,
  ])
  return updated!.rowsAffected > 0
}
