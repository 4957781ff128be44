import { sql, type SQL } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { whatsappStatuses } from '../../domain/channels'
import type { InboundMessage, StatusUpdate } from '../../domain/whatsapp'
import { tellAdminsOfDeadLetter } from './alerts'
import { inboundStatements } from './whatsapp-inbox'

const rank = (status: SQL) => sql`CASE ${status} ${sql.raw(whatsappStatuses.map((s, i) => `WHEN '${s}' THEN ${i + 1}`).join(' '))} ELSE 0 END`

/**
 * Records one webhook delivery in one batch: WhatsApp's statuses on our outbox rows and replies to
 * reporters, and the reporters' messages (queries/whatsapp-inbox.ts). A status only moves a row
 * forward (Meta retries and reorders), so a replay changes nothing; a failed staff message becomes a
 * dead letter, told to the admins once, as a failed send is; a failed reply is `failed` with
 * WhatsApp's reason, listed on the deliveries page.
 */
export async function recordWhatsappDelivery(db: Db, delivery: { statuses: StatusUpdate[]; messages: InboundMessage[]; replies: boolean }, now: number, runId: string) {
  const statements = delivery.statuses.flatMap((u) => {
    const failed = u.status === 'failed'
    const error = `WhatsApp: ${u.error ?? 'gagal terkirim'}`
    if (u.target === 'pelapor') {
      return [
        sql`UPDATE reporter_messages SET remote_status = ${u.status}, remote_status_at = ${u.at},
            status = ${failed ? sql`'failed'` : sql`status`}, last_error = ${failed ? error : sql`last_error`}
          WHERE id = ${u.id} AND ${rank(sql`remote_status`)} < ${rank(sql`${u.status}`)}`,
      ]
    }
    const update = sql`UPDATE outbox SET remote_status = ${u.status}, remote_status_at = ${u.at},
        status = ${failed ? sql`'dead'` : sql`status`}, last_error = ${failed ? error : sql`last_error`}
      WHERE id = ${u.id} AND channel = 'whatsapp' AND ${rank(sql`remote_status`)} < ${rank(sql`${u.status}`)}`
    if (!failed) return [update]
    return [update, tellAdminsOfDeadLetter(u.id, error, now, runId, sql`EXISTS (SELECT 1 FROM outbox o WHERE o.id = ${u.id} AND o.channel = 'whatsapp' AND o.remote_status = 'failed')`)]
  })
  statements.push(...inboundStatements(delivery.messages, now, delivery.replies))
  if (statements.length > 0) await writeBatch(db, statements)
}
