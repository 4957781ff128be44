import { and, eq, sql, type SQL } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { waMessages } from '../schema'
import { closedStatuses } from './privacy'
import { queueReporterReply } from './reporter-messages'
import { waNoteOf } from '../../domain/whatsapp'
import type { InboundMessage } from '../../domain/whatsapp'

// Reports by WhatsApp (issue 21): the inbound messages, their conversations and their media.

/** Cases a later message still belongs to: a closed, rejected or duplicate case starts a new conversation. */
const caseStillOpen = sql.raw(`k.status NOT IN (${closedStatuses.map((s) => `'${s}'`).join(', ')})`)

/** The sender's conversation a message joins: the waiting one, else the newest whose case is still open. */
const targetConversation = (sender: string) => sql`coalesce(
  (SELECT id FROM wa_conversations WHERE sender = ${sender} AND status = 'baru'),
  (SELECT c.id FROM wa_conversations c JOIN cases k ON k.id = c.case_id WHERE c.sender = ${sender} AND c.status = 'kasus' AND ${caseStillOpen} ORDER BY c.id DESC LIMIT 1))`

/**
 * The statements that store inbound messages, for the webhook's one write batch. Each message:
 * a new waiting conversation when the sender has none to join, with the reporter's automatic
 * acknowledgement (`diterima`, sent by the delivery job); the message itself, once per wamid
 * (a retried delivery inserts nothing); on a case's conversation, a `pesan_whatsapp` event on that
 * case's timeline (only when the message row was new: `changes()` of the insert before it); and
 * the conversation's last inbound time, from which WhatsApp's 24-hour window is counted.
 */
export function inboundStatements(messages: InboundMessage[], now: number, replies: boolean): SQL[] {
  return messages.flatMap((m) => [
    sql`INSERT INTO wa_conversations (sender, profile_name, status, first_message_at, last_inbound_at, created_at)
      SELECT ${m.sender}, ${m.profileName}, 'baru', ${m.sentAt}, ${m.sentAt}, ${now}
      WHERE NOT EXISTS (SELECT 1 FROM wa_messages WHERE wamid = ${m.wamid}) AND ${targetConversation(m.sender)} IS NULL
      ON CONFLICT DO NOTHING`,
    // The automatic acknowledgement, only when the statement before opened the conversation.
    queueReporterReply({ conversationId: sql`(SELECT id FROM wa_conversations WHERE sender = ${m.sender} AND status = 'baru')`, purpose: 'diterima', now, when: sql`changes() = 1`, sending: replies }),
    sql`INSERT INTO wa_messages (wamid, conversation_id, sender, kind, body, latitude, longitude, place, media_id, media_mime, media_status, media_retry_at, sent_at, received_at)
      SELECT ${m.wamid}, ${targetConversation(m.sender)}, ${m.sender}, ${m.kind}, ${m.body}, ${m.latitude}, ${m.longitude}, ${m.place},
        ${m.mediaId}, ${m.mediaMime}, ${m.mediaId ? 'menunggu' : null}, ${m.mediaId ? now : null}, ${m.sentAt}, ${now}
      WHERE ${targetConversation(m.sender)} IS NOT NULL
      ON CONFLICT (wamid) DO NOTHING`,
    sql`INSERT INTO case_events (case_id, at, kind, note)
      SELECT c.case_id, ${m.sentAt}, 'pesan_whatsapp', ${waNoteOf(m)}
      FROM wa_messages m JOIN wa_conversations c ON c.id = m.conversation_id
      WHERE m.wamid = ${m.wamid} AND c.status = 'kasus' AND changes() = 1`,
    sql`UPDATE wa_conversations SET last_inbound_at = max(last_inbound_at, ${m.sentAt}),
        first_message_at = CASE WHEN status = 'baru' THEN min(first_message_at, ${m.sentAt}) ELSE first_message_at END,
        profile_name = coalesce(${m.profileName}, profile_name)
      WHERE id = (SELECT conversation_id FROM wa_messages WHERE wamid = ${m.wamid})`,
  ])
}

/** A message whose media is due for a fetch, claimed for `leaseMs` so the job and the webhook never fetch it twice. */
export type MediaClaim = { id: number; conversationId: number; kind: 'image' | 'audio'; mediaId: string; attempts: number }

/** Claims due media: all that is due, or only the messages `wamids` (just received). */
export async function claimDueMedia(db: Db, input: { now: number; leaseMs: number; limit: number; wamids?: string[] }): Promise<MediaClaim[]> {
  const { now } = input
  if (input.wamids?.length === 0) return []
  const only = input.wamids ? sql`AND wamid IN (${sql.join(input.wamids.map((w) => sql`${w}`), sql`, `)})` : sql``
  const [claimed] = await writeBatch(db, [
    sql`UPDATE wa_messages SET media_retry_at = ${now + input.leaseMs}
      WHERE id IN (SELECT id FROM wa_messages WHERE media_status = 'menunggu' AND media_retry_at <= ${now} ${only} ORDER BY media_retry_at LIMIT ${input.limit})
      RETURNING id, conversation_id, kind, media_id, media_attempts`,
  ])
  return (claimed?.rows ?? []).map((r) => ({ id: Number(r.id), conversationId: Number(r.conversation_id), kind: r.kind === 'audio' ? 'audio' : 'image', mediaId: String(r.media_id), attempts: Number(r.media_attempts) }))
}

/** The media is in the store under `key`, `size` bytes. */
export async function markMediaStored(db: Db, id: number, stored: { key: string; mime: string; size: number }) {
  await db.update(waMessages).set({ mediaStatus: 'tersimpan', mediaKey: stored.key, mediaMime: stored.mime, mediaSize: stored.size, mediaRetryAt: null }).where(and(eq(waMessages.id, id), eq(waMessages.mediaStatus, 'menunggu')))
}

/** A failed fetch: tried again at `retryAt`, or given up (`gagal`) when null. The message itself stays. */
export async function markMediaFailed(db: Db, id: number, retryAt: number | null) {
  await db
    .update(waMessages)
    .set({ mediaAttempts: sql`${waMessages.mediaAttempts} + 1`, mediaRetryAt: retryAt, ...(retryAt === null ? { mediaStatus: 'gagal' as const } : {}) })
    .where(and(eq(waMessages.id, id), eq(waMessages.mediaStatus, 'menunggu')))
}
