import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm'
import { writeBatch } from '../batch'
import { queueReporterReply } from './reporter-messages'
import type { Db } from '../client'
import { cases, waConversations, waMessages } from '../schema'

// The operator's side of the WhatsApp inbox (issue 21): the queue, one conversation, and the three
// ways it leaves the queue (a new case, an existing case, turned away). Every write checks the
// conversation is still waiting inside its batch, so two operators (or one form sent twice) act once.

const conversationFields = {
  id: waConversations.id,
  sender: waConversations.sender,
  profileName: waConversations.profileName,
  status: waConversations.status,
  caseId: waConversations.caseId,
  firstMessageAt: waConversations.firstMessageAt,
  closedReason: waConversations.closedReason,
  handledAt: waConversations.handledAt,
}

const messageFields = {
  id: waMessages.id,
  conversationId: waMessages.conversationId,
  kind: waMessages.kind,
  body: waMessages.body,
  latitude: waMessages.latitude,
  longitude: waMessages.longitude,
  place: waMessages.place,
  mediaStatus: waMessages.mediaStatus,
  mediaMime: waMessages.mediaMime,
  sentAt: waMessages.sentAt,
}

const handledShown = 20

/**
 * The queue in one round trip: every waiting conversation, the one waiting longest first, with its
 * messages; then the last ones handled with the ticket of their case, to find one again.
 */
export async function listInbox(db: Db) {
  const waiting = db.select({ id: waConversations.id }).from(waConversations).where(eq(waConversations.status, 'baru'))
  const [conversations, messages, handled] = await db.batch([
    db.select(conversationFields).from(waConversations).where(eq(waConversations.status, 'baru')).orderBy(asc(waConversations.firstMessageAt), asc(waConversations.id)),
    db.select(messageFields).from(waMessages).where(inArray(waMessages.conversationId, waiting)).orderBy(asc(waMessages.conversationId), asc(waMessages.sentAt), asc(waMessages.id)),
    db
      .select({ ...conversationFields, ticket: cases.ticket })
      .from(waConversations)
      .leftJoin(cases, eq(cases.id, waConversations.caseId))
      .where(ne(waConversations.status, 'baru'))
      .orderBy(desc(waConversations.handledAt), desc(waConversations.id))
      .limit(handledShown),
  ])
  return { conversations, messages, handled }
}

/** One conversation with all its messages in order and the ticket of its case, if any. */
export async function findConversation(db: Db, id: number) {
  const [found, messages] = await db.batch([
    db.select({ ...conversationFields, ticket: cases.ticket }).from(waConversations).leftJoin(cases, eq(cases.id, waConversations.caseId)).where(eq(waConversations.id, id)),
    db.select(messageFields).from(waMessages).where(eq(waMessages.conversationId, id)).orderBy(asc(waMessages.sentAt), asc(waMessages.id)),
  ])
  return found[0] ? { conversation: found[0], messages } : null
}

/** The conversations linked to a case (a reporter may write from several numbers), oldest first. */
export function caseConversations(db: Db, caseId: number) {
  return db.select({ id: waConversations.id, sender: waConversations.sender, firstMessageAt: waConversations.firstMessageAt }).from(waConversations).where(eq(waConversations.caseId, caseId)).orderBy(asc(waConversations.id))
}

/** A message's stored media (a photo or a voice note) of this conversation; null when there is none. */
export async function findMessageMedia(db: Db, conversationId: number, messageId: number) {
  const [row] = await db
    .select({ key: waMessages.mediaKey, mime: waMessages.mediaMime })
    .from(waMessages)
    .where(and(eq(waMessages.id, messageId), eq(waMessages.conversationId, conversationId), eq(waMessages.mediaStatus, 'tersimpan')))
  return row?.key && row.mime ? { key: row.key, mime: row.mime } : null
}

/** The conversation's stored photos: message id, storage key and size (null for photos stored before sizes were recorded). */
export function storedPhotoKeys(db: Db, conversationId: number) {
  return db
    .select({ id: waMessages.id, key: waMessages.mediaKey, size: waMessages.mediaSize })
    .from(waMessages)
    .where(and(eq(waMessages.conversationId, conversationId), eq(waMessages.kind, 'image'), eq(waMessages.mediaStatus, 'tersimpan')))
    .orderBy(asc(waMessages.id))
}

/** `replies`: repliesToReporters(config), whether the ticket reply is queued. */
export type Handling = { conversationId: number; actorId: number; now: number; photos: { messageId: number; size: number }[]; replies: boolean }

/**
 * What links a conversation to a case, for the batch that makes or finds the case: the
 * conversation becomes `kasus` (only if still waiting), the audit row, the `extra` rows (events),
 * its stored photos become the case's photos on its first event, and the ticket reply is queued. Each statement runs only if
 * the one before wrote its row (`changes()`), so a repeat writes nothing. `caseId` is an SQL
 * expression, so the case made in the same batch can be named by its idempotency key.
 */
function linkStatements(caseId: SQL, h: Handling, action: 'wa_conversation.case' | 'wa_conversation.attach', extra: SQL[] = []): SQL[] {
  const sizes = sql.join(h.photos.map((p) => sql`WHEN ${p.messageId} THEN ${p.size}`), sql` `)
  return [
    sql`UPDATE wa_conversations SET status = 'kasus', case_id = (${caseId}), handled_by = ${h.actorId}, handled_at = ${h.now}
        WHERE id = ${h.conversationId} AND status = 'baru' AND (${caseId}) IS NOT NULL`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${h.now}, ${h.actorId}, ${action}, case_id, ${`wa=${h.conversationId}`} FROM wa_conversations WHERE id = ${h.conversationId} AND changes() = 1`,
    ...extra,
    ...(h.photos.length > 0
      ? [
          sql`INSERT INTO case_photos (case_id, event_id, storage_key, content_type, size, uploaded_by, uploaded_at)
              SELECT w.case_id, (SELECT id FROM case_events WHERE case_id = w.case_id AND kind = 'dibuat'), m.media_key, m.media_mime,
                CASE m.id ${sizes} END, ${h.actorId}, ${h.now}
              FROM wa_messages m JOIN wa_conversations w ON w.id = m.conversation_id
              WHERE m.conversation_id = ${h.conversationId} AND m.id IN (${sql.join(h.photos.map((p) => sql`${p.messageId}`), sql`, `)})
                AND changes() = 1 AND NOT EXISTS (SELECT 1 FROM case_photos p WHERE p.storage_key = m.media_key)`,
        ]
      : []),
    // The ticket to the sender, once per conversation (its dedupe key), whichever way the case came.
    queueReporterReply({ conversationId: h.conversationId, caseId: sql`(${caseId})`, purpose: 'tiket', now: h.now, when: sql`EXISTS (SELECT 1 FROM wa_conversations WHERE id = ${h.conversationId} AND case_id = (${caseId}))`, sending: h.replies }),
  ]
}

/** For createIntakeCase: the case is made only while the conversation still waits (two tabs, two operators: one case). */
export const conversationWaits = (conversationId: number) => sql`EXISTS (SELECT 1 FROM wa_conversations WHERE id = ${conversationId} AND status = 'baru')`

/** linkStatements for the case the intake batch makes under `idempotencyKey`. */
export const linkToNewCase = (idempotencyKey: string, h: Handling) => linkStatements(sql`SELECT id FROM cases WHERE idempotency_key = ${idempotencyKey}`, h, 'wa_conversation.case')

/**
 * Attaches a waiting conversation to an existing case, its messages on the case's timeline as
 * `pesan_whatsapp` events at the time they were sent. False when it was no longer waiting.
 */
export async function attachConversation(db: Db, h: Handling & { caseId: number; notes: { at: number; note: string }[] }): Promise<boolean> {
  const events = h.notes.map((n) => sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${h.caseId}, ${n.at}, NULL, 'pesan_whatsapp', ${n.note} WHERE changes() = 1`)
  const [linked] = await writeBatch(db, linkStatements(sql`${h.caseId}`, h, 'wa_conversation.attach', events))
  return linked!.rowsAffected > 0
}

/** Turns a waiting conversation away with its reason; false when it was no longer waiting. */
export async function rejectConversation(db: Db, r: { conversationId: number; actorId: number; now: number; closedReason: string; reasonCode: string; replies: boolean }): Promise<boolean> {
  const [updated] = await writeBatch(db, [
    db
      .update(waConversations)
      .set({ status: 'ditolak', closedReason: r.closedReason, handledBy: r.actorId, handledAt: r.now })
      .where(and(eq(waConversations.id, r.conversationId), eq(waConversations.status, 'baru'))),
    // The reason's code only: the operator's note may name someone.
    sql`INSERT INTO audit_log (at, actor_id, action, detail) SELECT ${r.now}, ${r.actorId}, 'wa_conversation.reject', ${`wa=${r.conversationId} ${r.reasonCode}`} WHERE changes() = 1`,
    queueReporterReply({ conversationId: r.conversationId, purpose: 'ditolak', now: r.now, when: sql`changes() = 1`, sending: r.replies }),
  ])
  return updated!.rowsAffected > 0
}
