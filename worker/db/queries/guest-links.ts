import { sql } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import type { AlertChannelName } from '../../domain/channels'
import { outboxForRun } from './sweep'

// Guest links for kelurahan contacts (issue 24): one case, one contact, a token stored as its hash.

export type GuestLinkRow = {
  id: number; contactName: string; contactRole: string; ask: string; createdAt: number; expiresAt: number; revokedAt: number | null
  createdByName: string | null; answers: number; lastAnswerAt: number | null
}

/** The links sent for a case, newest first, with how often each was answered. */
export function listGuestLinks(db: Db, caseId: number) {
  return db.all<GuestLinkRow>(
    sql`SELECT l.id, l.contact_name AS contactName, l.contact_role AS contactRole, l.ask, l.created_at AS createdAt, l.expires_at AS expiresAt,
        l.revoked_at AS revokedAt, u.display_name AS createdByName,
        (SELECT count(*) FROM guest_answers a WHERE a.link_id = l.id) AS answers, (SELECT max(at) FROM guest_answers a WHERE a.link_id = l.id) AS lastAnswerAt
      FROM guest_links l LEFT JOIN users u ON u.id = l.created_by WHERE l.case_id = ${caseId} ORDER BY l.id DESC`,
  )
}

/**
 * Stores a link with its timeline event and audit row, once per form key: a double submit adds
 * nothing (false). The contact is copied from `kelurahan_contacts` in SQL, and only when it belongs
 * to the case's kelurahan.
 */
export async function createGuestLink(
  db: Db,
  input: { caseId: number; contactId: number; ask: string; tokenHash: string; idem: string; actorId: number; now: number; expiresAt: number; eventNote: string },
): Promise<boolean> {
  const [inserted] = await writeBatch(db, [
    sql`INSERT INTO guest_links (case_id, contact_id, contact_name, contact_role, contact_phone, ask, token_hash, idem, created_by, created_at, expires_at)
        SELECT c.id, k.id, k.name, k.role, k.phone, ${input.ask}, ${input.tokenHash}, ${input.idem}, ${input.actorId}, ${input.now}, ${input.expiresAt}
        FROM cases c JOIN kelurahan_contacts k ON k.kelurahan_code = c.kelurahan_code AND k.id = ${input.contactId}
        WHERE c.id = ${input.caseId}
        ON CONFLICT (idem) DO NOTHING`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${input.caseId}, ${input.now}, ${input.actorId}, 'tautan_tamu', ${input.eventNote} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.actorId}, 'guest_link.create', ${input.caseId}, ${input.eventNote} WHERE changes() = 1`,
  ])
  return inserted!.rowsAffected === 1
}

/** Revokes a link of the case that still works; its event and audit row follow only when it did. */
export async function revokeGuestLink(db: Db, input: { caseId: number; linkId: number; actorId: number; now: number }): Promise<boolean> {
  const [updated] = await writeBatch(db, [
    sql`UPDATE guest_links SET revoked_at = ${input.now}, revoked_by = ${input.actorId}
        WHERE id = ${input.linkId} AND case_id = ${input.caseId} AND revoked_at IS NULL AND expires_at > ${input.now}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${input.caseId}, ${input.now}, ${input.actorId}, 'tautan_tamu_dicabut', 'Tautan untuk ' || contact_name || ' dicabut.' FROM guest_links WHERE id = ${input.linkId} AND changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.actorId}, 'guest_link.revoke', ${input.caseId}, ${String(input.linkId)} WHERE changes() = 1`,
  ])
  return updated!.rowsAffected === 1
}

export type GuestView = {
  id: number; caseId: number; contactName: string; contactRole: string; ask: string; expiresAt: number; revokedAt: number | null
  ticket: string; status: string; category: string; kelurahan: string; kecamatan: string; rt: string | null; rw: string | null; landmark: string | null
}

/**
 * The link with the token hash `tokenHash`, and only what its contact needs of the case: ticket,
 * category, where (kelurahan, RT/RW, landmark) and the errand. Never a name, NIK, phone, address
 * line, description or health note.
 */
export async function findGuestLink(db: Db, tokenHash: string): Promise<GuestView | undefined> {
  const [row] = await db.all<GuestView>(
    sql`SELECT l.id, l.case_id AS caseId, l.contact_name AS contactName, l.contact_role AS contactRole, l.ask, l.expires_at AS expiresAt, l.revoked_at AS revokedAt,
        c.ticket, c.status, g.name AS category, k.name AS kelurahan, kc.name AS kecamatan, c.rt, c.rw, c.landmark
      FROM guest_links l JOIN cases c ON c.id = l.case_id JOIN categories g ON g.id = c.category_id
        JOIN kelurahan k ON k.code = c.kelurahan_code JOIN kecamatan kc ON kc.code = k.kecamatan_code
      WHERE l.token_hash = ${tokenHash}`,
  )
  return row
}

/** What the guest answered so far, oldest first: their own words, shown back to them. */
export function guestAnswersOf(db: Db, linkId: number) {
  return db.all<{ answer: string; at: number; note: string | null }>(
    sql`SELECT a.answer, a.at, e.note FROM guest_answers a LEFT JOIN case_events e ON e.id = a.event_id WHERE a.link_id = ${linkId} ORDER BY a.id`,
  )
}

/** Every open of a working link is a read of case data by someone without an account (UU PDP Pasal 31). */
export async function auditGuestOpen(db: Db, link: { id: number; caseId: number }, now: number) {
  await db.run(sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) VALUES (${now}, NULL, 'guest_link.read', ${link.caseId}, ${`tautan ${link.id}`})`)
}

/**
 * Records a guest's answer in one batch: the timeline event (only while the link works, once per
 * form key), the answer row, the audit row, the photo, then an alert to the case's holder (or, with
 * nobody holding it, to whoever sent the link) and their outside messages. False when nothing was
 * stored: a double submit, or a link revoked or expired meanwhile.
 */
export async function recordGuestAnswer(
  db: Db,
  input: {
    linkId: number; caseId: number; answer: string; eventNote: string; idem: string; now: number; run: string; channels: readonly AlertChannelName[]
    photo?: { storageKey: string; contentType: string; size: number }
  },
): Promise<boolean> {
  const { linkId, caseId, now, idem, run } = input
  const [event] = await writeBatch(db, [
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
        SELECT ${caseId}, ${now}, NULL, 'jawaban_tamu', ${input.eventNote}
        WHERE EXISTS (SELECT 1 FROM guest_links WHERE id = ${linkId} AND case_id = ${caseId} AND revoked_at IS NULL AND expires_at > ${now})
          AND NOT EXISTS (SELECT 1 FROM guest_answers WHERE idem = ${idem})`,
    sql`INSERT INTO guest_answers (link_id, case_id, event_id, answer, at, idem) SELECT ${linkId}, ${caseId}, last_insert_rowid(), ${input.answer}, ${now}, ${idem} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${now}, NULL, 'guest_link.answer', ${caseId}, ${`tautan ${linkId}: ${input.answer}`} WHERE changes() = 1`,
    ...(input.photo
      ? [
          sql`INSERT INTO case_photos (case_id, event_id, storage_key, content_type, size, uploaded_by, uploaded_at)
              SELECT ${caseId}, event_id, ${input.photo.storageKey}, ${input.photo.contentType}, ${input.photo.size}, NULL, ${now} FROM guest_answers WHERE idem = ${idem} AND changes() = 1`,
        ]
      : []),
    sql`INSERT INTO alerts (user_id, kind, case_id, note, urgent, created_at, run_id, dedupe_key)
        SELECT coalesce(c.assigned_to, l.created_by), 'jawaban_tamu', c.id, ${input.eventNote}, c.urgency = 'darurat', ${now}, ${run}, ${`tamu:${idem}`}
        FROM guest_answers a JOIN guest_links l ON l.id = a.link_id JOIN cases c ON c.id = a.case_id
        WHERE a.idem = ${idem}
        ON CONFLICT (dedupe_key) DO NOTHING`,
    outboxForRun(run, now, input.channels),
  ])
  return event!.rowsAffected === 1
}
