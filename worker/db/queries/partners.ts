import { and, asc, eq, sql } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { partnerUsers, partners, users } from '../schema'
import type { AlertChannelName } from '../../domain/channels'
import { outboxForRun } from './sweep'

// Partners (mitra) who follow the cases referred to them (issue 7).

/** The partners a referral may name, with what a referral takes of them (name, type, the hours its deadlines follow). */
export function activePartners(db: Db) {
  return db.select(referredFields).from(partners).where(eq(partners.active, true)).orderBy(asc(partners.name))
}

const referredFields = { id: partners.id, name: partners.name, partnerType: partners.partnerType, acceptHours: partners.acceptHours, outcomeHours: partners.outcomeHours }

export async function findActivePartner(db: Db, id: number) {
  const [row] = await db.select(referredFields).from(partners).where(and(eq(partners.id, id), eq(partners.active, true)))
  return row
}

/** That the partner is still active and as findActivePartner found it: for a referral written without reading it. */
export const partnerStill = (p: NonNullable<Awaited<ReturnType<typeof findActivePartner>>>) =>
  sql`EXISTS (SELECT 1 FROM partners WHERE id = ${p.id} AND active = 1 AND name = ${p.name} AND partner_type = ${p.partnerType} AND accept_hours = ${p.acceptHours} AND outcome_hours = ${p.outcomeHours})`

export function listPartners(db: Db) {
  return db
    .select({ id: partners.id, name: partners.name, partnerType: partners.partnerType, contact: partners.contact, active: partners.active, users: sql<number>`(SELECT count(*) FROM partner_users pu WHERE pu.partner_id = ${partners.id})` })
    .from(partners)
    .orderBy(asc(partners.name))
}

export async function findPartner(db: Db, id: number) {
  const [row] = await db.select().from(partners).where(eq(partners.id, id))
  return row
}

export function partnerMembers(db: Db, partnerId: number) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, active: users.active })
    .from(partnerUsers)
    .innerJoin(users, eq(users.id, partnerUsers.userId))
    .where(eq(partnerUsers.partnerId, partnerId))
    .orderBy(asc(users.displayName))
}

export type PartnerInput = { name: string; partnerType: string; contact: string | null; active: boolean; acceptHours: number; outcomeHours: number }
type Actor = { actorId: number; now: number }

export async function savePartner(db: Db, actor: Actor, id: number | null, input: PartnerInput): Promise<number> {
  const results = await writeBatch(db, [
    id === null
      ? sql`INSERT INTO partners (name, partner_type, contact, active, created_at, accept_hours, outcome_hours)
          VALUES (${input.name}, ${input.partnerType}, ${input.contact}, ${input.active ? 1 : 0}, ${actor.now}, ${input.acceptHours}, ${input.outcomeHours}) RETURNING id`
      : sql`UPDATE partners SET name = ${input.name}, partner_type = ${input.partnerType}, contact = ${input.contact}, active = ${input.active ? 1 : 0},
          accept_hours = ${input.acceptHours}, outcome_hours = ${input.outcomeHours} WHERE id = ${id} RETURNING id`,
    sql`INSERT INTO audit_log (at, actor_id, action, detail) VALUES (${actor.now}, ${actor.actorId}, ${id === null ? 'admin.partner.create' : 'admin.partner.update'}, ${input.name})`,
  ])
  return Number(results[0]!.rows[0]!.id)
}

export async function partnerNameTaken(db: Db, name: string, exceptId: number | null) {
  const [row] = await db.select({ id: partners.id }).from(partners).where(sql`lower(${partners.name}) = lower(${name})`)
  return Boolean(row && row.id !== exceptId)
}

/** A mitra user and their organisation link, in one batch. */
export async function createPartnerUser(db: Db, actor: Actor, input: { partnerId: number; username: string; displayName: string; passwordHash: string }) {
  await writeBatch(db, [
    sql`INSERT INTO users (username, display_name, role, password_hash, active, created_at, must_change_password)
        VALUES (${input.username}, ${input.displayName}, 'mitra', ${input.passwordHash}, 1, ${actor.now}, 1)`,
    sql`INSERT INTO partner_users (user_id, partner_id) VALUES (last_insert_rowid(), ${input.partnerId})`,
    sql`INSERT INTO audit_log (at, actor_id, action, detail) VALUES (${actor.now}, ${actor.actorId}, 'admin.partner.user', ${input.username})`,
  ])
}

export async function usernameTaken(db: Db, username: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return Boolean(row)
}

/** The organisation a mitra user answers for (an active one), or undefined. */
export async function partnerOfUser(db: Db, userId: number) {
  const [row] = await db
    .select({ id: partners.id, name: partners.name })
    .from(partnerUsers)
    .innerJoin(partners, eq(partners.id, partnerUsers.partnerId))
    .where(and(eq(partnerUsers.userId, userId), eq(partners.active, true)))
  return row
}

// The newest referral of a case to a partner, and its newest answer.
const latestReferral = (partnerId: number) =>
  sql`SELECT r.* FROM referrals r WHERE r.partner_id = ${partnerId} AND r.id = (SELECT max(id) FROM referrals WHERE case_id = r.case_id AND partner_id = ${partnerId})`

/** The cases referred to a partner, newest referral first: only what the referral needs. */
export async function listPartnerCases(db: Db, partnerId: number) {
  return db.all<{ case_id: number; ticket: string; status: string; category: string; kelurahan: string; referred_at: number; request: string; answer: string | null; answered_at: number | null; accept_due_at: number | null; outcome_due_at: number | null }>(
    sql`SELECT c.id AS case_id, c.ticket, c.status, g.name AS category, k.name AS kelurahan, r.at AS referred_at, r.request, r.accept_due_at, r.outcome_due_at,
        (SELECT answer FROM partner_answers WHERE referral_id = r.id ORDER BY id DESC LIMIT 1) AS answer,
        (SELECT at FROM partner_answers WHERE referral_id = r.id ORDER BY id DESC LIMIT 1) AS answered_at
      FROM (${latestReferral(partnerId)}) AS r
        JOIN cases c ON c.id = r.case_id JOIN categories g ON g.id = c.category_id JOIN kelurahan k ON k.code = c.kelurahan_code
      ORDER BY r.at DESC, r.id DESC LIMIT 500`,
  )
}

/**
 * One case as its partner sees it, or undefined when it was never referred to them. No NIK, no
 * reporter, no description: the referral's request says what the partner is asked to do.
 */
export async function findPartnerCase(db: Db, partnerId: number, caseId: number) {
  const [row] = await db.all<{
    referral_id: number; case_id: number; ticket: string; status: string; category: string; kelurahan: string; kecamatan: string
    person_name: string; person_age_group: string; person_sex: string; address: string; rt: string | null; rw: string | null; landmark: string | null
    partner_type: string; request: string; referred_at: number; referred_by: string | null; facilitator: string | null
  }>(
    sql`SELECT r.id AS referral_id, c.id AS case_id, c.ticket, c.status, g.name AS category, k.name AS kelurahan, kc.name AS kecamatan,
        c.person_name, c.person_age_group, c.person_sex, c.address, c.rt, c.rw, c.landmark,
        r.partner_type, r.request, r.at AS referred_at, ru.display_name AS referred_by, fu.display_name AS facilitator
      FROM (${latestReferral(partnerId)}) AS r
        JOIN cases c ON c.id = r.case_id JOIN categories g ON g.id = c.category_id
        JOIN kelurahan k ON k.code = c.kelurahan_code JOIN kecamatan kc ON kc.code = k.kecamatan_code
        LEFT JOIN users ru ON ru.id = r.actor_id LEFT JOIN users fu ON fu.id = c.assigned_to
      WHERE r.case_id = ${caseId}`,
  )
  return row
}

/** The deadline reminders the sweep left for a mitra user (issue 24), newest first: a mitra has no /alerts page. */
export function partnerReminders(db: Db, userId: number) {
  return db.all<{ case_id: number; note: string; created_at: number }>(
    sql`SELECT case_id, note, created_at FROM alerts WHERE user_id = ${userId} AND kind = 'tenggat_mitra' ORDER BY id DESC LIMIT 10`,
  )
}

export function partnerAnswerHistory(db: Db, referralId: number) {
  return db.all<{ answer: string; note: string | null; at: number; name: string }>(
    sql`SELECT a.answer, a.note, a.at, u.display_name AS name FROM partner_answers a JOIN users u ON u.id = a.user_id WHERE a.referral_id = ${referralId} ORDER BY a.id`,
  )
}

/**
 * Records a partner's answer in one batch: the answer, the case's timeline event, the audit row,
 * then an alert to the assigned facilitator (inbox and chosen channels). Guarded by the referral
 * still belonging to this partner, so nothing is written for a case that is not theirs. A refusal
 * hands a referred case back to its holder (`dirujuk` → `ditangani`, issue 24): the partner
 * deadlines stop and the facilitator refers elsewhere or handles it.
 */
export async function recordPartnerAnswer(
  db: Db,
  input: { partnerId: number; referralId: number; caseId: number; userId: number; answer: string; note: string | null; eventNote: string; now: number; channels: readonly AlertChannelName[] },
): Promise<boolean> {
  const run = `mitra:${input.caseId}:${input.now}:${input.userId}`
  const [inserted] = await writeBatch(db, [
    sql`INSERT INTO partner_answers (referral_id, case_id, answer, note, at, user_id)
        SELECT id, case_id, ${input.answer}, ${input.note}, ${input.now}, ${input.userId} FROM referrals
        WHERE id = ${input.referralId} AND case_id = ${input.caseId} AND partner_id = ${input.partnerId}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${input.caseId}, ${input.now}, ${input.userId}, 'jawaban_mitra', ${input.eventNote} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.userId}, 'partner.answer', ${input.caseId}, ${input.answer} WHERE changes() = 1`,
    sql`INSERT INTO alerts (user_id, kind, case_id, note, urgent, created_at, run_id, dedupe_key)
        SELECT c.assigned_to, 'jawaban_mitra', c.id, ${input.eventNote}, 0, ${input.now}, ${run}, ${run}
        FROM cases c WHERE c.id = ${input.caseId} AND c.assigned_to IS NOT NULL
          AND EXISTS (SELECT 1 FROM case_events WHERE case_id = ${input.caseId} AND kind = 'jawaban_mitra' AND at = ${input.now} AND actor_id = ${input.userId})
        ON CONFLICT (dedupe_key) DO NOTHING`,
    outboxForRun(run, input.now, input.channels),
    ...(input.answer === 'ditolak'
      ? [
          sql`UPDATE cases SET status = 'ditangani', version = version + 1, updated_at = ${input.now}
              WHERE id = ${input.caseId} AND status = 'dirujuk'
                AND EXISTS (SELECT 1 FROM partner_answers WHERE referral_id = ${input.referralId} AND at = ${input.now} AND user_id = ${input.userId} AND answer = 'ditolak')
                AND ${input.referralId} = (SELECT max(id) FROM referrals WHERE case_id = ${input.caseId})`,
          sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note)
              SELECT ${input.caseId}, ${input.now}, ${input.userId}, 'dikembalikan_mitra', 'dirujuk', 'ditangani', ${input.eventNote} WHERE changes() = 1`,
        ]
      : []),
  ])
  return inserted!.rowsAffected === 1
}
