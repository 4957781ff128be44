import { sql } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'

// Usulan to DTKS/DTSEN (issue 24): one row per hand-off to the kelurahan's SIKS-NG operator.

export type DtksProposalRow = { id: number; sentOn: string; sentTo: string; outcome: string; outcomeAt: number | null; createdByName: string | null }

/** The usulan of a case, newest first. */
export function listDtksProposals(db: Db, caseId: number) {
  return db.all<DtksProposalRow>(
    sql`SELECT p.id, p.sent_on AS sentOn, p.sent_to AS sentTo, p.outcome, p.outcome_at AS outcomeAt, u.display_name AS createdByName
      FROM dtks_proposals p LEFT JOIN users u ON u.id = p.created_by WHERE p.case_id = ${caseId} ORDER BY p.id DESC`,
  )
}

/** Stores an usulan with its timeline event and audit row, once per form key: a double submit adds nothing (false). */
export async function createDtksProposal(
  db: Db,
  input: { caseId: number; sentOn: string; sentTo: string; idem: string; actorId: number; now: number; eventNote: string },
): Promise<boolean> {
  const [inserted] = await writeBatch(db, [
    sql`INSERT INTO dtks_proposals (case_id, sent_on, sent_to, idem, created_by, created_at)
        VALUES (${input.caseId}, ${input.sentOn}, ${input.sentTo}, ${input.idem}, ${input.actorId}, ${input.now})
        ON CONFLICT (idem) DO NOTHING`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${input.caseId}, ${input.now}, ${input.actorId}, 'usulan_dtks', ${input.eventNote} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.actorId}, 'dtks_proposal.create', ${input.caseId}, NULL WHERE changes() = 1`,
  ])
  return inserted!.rowsAffected === 1
}

/**
 * Records the outcome of an usulan of the case: the timeline event once per form key (a double
 * submit adds nothing, false), then the usulan's outcome and the audit row.
 */
export async function recordDtksOutcome(
  db: Db,
  input: { caseId: number; proposalId: number; outcome: string; idem: string; actorId: number; now: number; eventNote: string },
): Promise<boolean> {
  const [event] = await writeBatch(db, [
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note, idempotency_key)
        SELECT ${input.caseId}, ${input.now}, ${input.actorId}, 'hasil_usulan_dtks', ${input.eventNote}, ${`dtks:${input.idem}`}
        WHERE EXISTS (SELECT 1 FROM dtks_proposals WHERE id = ${input.proposalId} AND case_id = ${input.caseId})
        ON CONFLICT (idempotency_key) DO NOTHING`,
    sql`UPDATE dtks_proposals SET outcome = ${input.outcome}, outcome_at = ${input.now} WHERE id = ${input.proposalId} AND changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.actorId}, 'dtks_proposal.outcome', ${input.caseId}, ${input.outcome} WHERE changes() = 1`,
  ])
  return event!.rowsAffected === 1
}

/** Usulan made in the period, by their outcome now. */
export async function dtksProposalCounts(db: Db, range: { start: number; end: number }): Promise<Record<'menunggu' | 'diterima' | 'ditolak', number>> {
  const rows = await db.all<{ outcome: 'menunggu' | 'diterima' | 'ditolak'; n: number }>(
    sql`SELECT outcome, count(*) AS n FROM dtks_proposals WHERE created_at >= ${range.start} AND created_at < ${range.end} GROUP BY outcome`,
  )
  const counts = { menunggu: 0, diterima: 0, ditolak: 0 }
  for (const r of rows) counts[r.outcome] = r.n
  return counts
}
