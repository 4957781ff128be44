import { and, eq, sql } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { reporterMessages } from '../schema'

/**
 * The survey link for the reporter of `caseId`, queued in the batch that closes the case: only when
 * the statement before it wrote its row (`changes()`), the case is closed and has a reporter phone;
 * a case closed again (after a reopen) finds its row there and queues nothing.
 */
export function queueSurveyLink(caseId: number, now: number) {
  return sql`INSERT INTO reporter_messages (case_id, purpose, next_attempt_at, created_at)
    SELECT id, 'survei', ${now}, ${now} FROM cases
    WHERE id = ${caseId} AND status = 'ditutup' AND coalesce(reporter_phone, '') <> '' AND changes() = 1
    ON CONFLICT (case_id, purpose) DO NOTHING`
}

/**
 * Claims due messages whose case is still closed (one reopened meanwhile waits for the next close)
 * with what the send needs. The phone is read here, from the case, and lives only in memory.
 */
export async function claimReporterMessages(db: Db, input: { claim: string; now: number; leaseMs: number; limit: number }) {
  const { claim, now } = input
  const results = await writeBatch(db, [
    sql`UPDATE reporter_messages SET status = 'sending', claim_id = ${claim}, attempts = attempts + 1, next_attempt_at = ${now + input.leaseMs}
      WHERE id IN (SELECT m.id FROM reporter_messages m JOIN cases c ON c.id = m.case_id
        WHERE m.status IN ('pending', 'sending') AND m.next_attempt_at <= ${now} AND c.status = 'ditutup'
        ORDER BY m.next_attempt_at LIMIT ${input.limit})`,
    sql`SELECT m.id, m.attempts, c.id AS caseId, c.ticket, c.reporter_phone AS phone,
        EXISTS (SELECT 1 FROM survey_responses s WHERE s.case_id = c.id) AS answered
      FROM reporter_messages m JOIN cases c ON c.id = m.case_id
      WHERE m.claim_id = ${claim} AND m.status = 'sending'
      ORDER BY m.id`,
  ])
  return (results[1]?.rows ?? []).map((r) => ({
    id: Number(r.id),
    attempts: Number(r.attempts),
    caseId: Number(r.caseId),
    ticket: String(r.ticket),
    phone: r.phone === null ? null : String(r.phone),
    answered: Number(r.answered) === 1,
  }))
}

export type ReporterDelivery =
  | { id: number; outcome: 'sent' }
  | { id: number; outcome: 'deferred'; until: number }
  | { id: number; outcome: 'retry'; at: number; error: string }
  | { id: number; outcome: 'failed'; error: string }

/** Records what the sends of claim `claim` came to, in one batch; a row someone else took is left alone. */
export async function recordReporterDeliveries(db: Db, input: { claim: string; now: number; results: ReporterDelivery[] }) {
  const held = (id: number) => and(eq(reporterMessages.id, id), eq(reporterMessages.claimId, input.claim), eq(reporterMessages.status, 'sending'))
  const statements = input.results.map((r) => {
    switch (r.outcome) {
      case 'sent':
        return db.update(reporterMessages).set({ status: 'sent', sentAt: input.now, lastError: null }).where(held(r.id))
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
