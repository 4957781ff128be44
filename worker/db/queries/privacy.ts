import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { audit, type Actor } from './audit'
import { auditLog, caseEvents, casePhotos, cases, categories, kelurahan, people, recoveryCodes, sessions, settings, sightings, users, userTotp } from '../schema'

// ---- Second factor (TOTP) ----

export function findTotp(db: Db, userId: number) {
  return db.select().from(userTotp).where(eq(userTotp.userId, userId)).get()
}

/** A pending (unconfirmed) secret for enrolment; an existing pending one is kept so a reload shows the same QR code. */
export async function pendingTotpSecret(db: Db, userId: number, secret: string, now: number): Promise<string> {
  await db.insert(userTotp).values({ userId, secret, createdAt: now }).onConflictDoNothing()
  const row = await findTotp(db, userId)
  return row!.secret
}

/**
 * Accepts a code's time step: confirms enrolment (with the recovery code hashes) or records the
 * step; the session is promoted in the same batch. Returns false when another request used this
 * step or a later one first (a replayed code).
 */
export async function acceptTotpStep(db: Db, actor: { actorId: number; now: number }, input: { step: number; enrol?: string[]; oldSessionId: string; newSessionId: string }) {
  const results = await writeBatch(db, [
    sql`UPDATE user_totp SET last_step = ${input.step}, confirmed_at = COALESCE(confirmed_at, ${actor.now})
        WHERE user_id = ${actor.actorId} AND last_step < ${input.step} ${input.enrol ? sql`AND confirmed_at IS NULL` : sql`AND confirmed_at IS NOT NULL`}`,
    ...promote(input.oldSessionId, input.newSessionId, actor),
    ...(input.enrol
      ? [
          db.delete(recoveryCodes).where(eq(recoveryCodes.userId, actor.actorId)),
          ...input.enrol.map((codeHash) => sql`INSERT INTO recovery_codes (user_id, code_hash) SELECT ${actor.actorId}, ${codeHash} WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ${input.newSessionId})`),
          sql`INSERT INTO audit_log (at, actor_id, action) SELECT ${actor.now}, ${actor.actorId}, 'account.2fa.enrol' WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ${input.newSessionId})`,
        ]
      : []),
  ])
  return results[0]!.rowsAffected === 1
}

/** Uses a recovery code once; false when it is unknown or already used. */
export async function useRecoveryCode(db: Db, actor: { actorId: number; now: number }, input: { codeHash: string; oldSessionId: string; newSessionId: string }) {
  const results = await writeBatch(db, [
    sql`UPDATE recovery_codes SET used_at = ${actor.now} WHERE user_id = ${actor.actorId} AND code_hash = ${input.codeHash} AND used_at IS NULL`,
    ...promote(input.oldSessionId, input.newSessionId, actor),
    sql`INSERT INTO audit_log (at, actor_id, action, detail) SELECT ${actor.now}, ${actor.actorId}, 'account.2fa.recovery_code',
        json_object('left', (SELECT count(*) FROM recovery_codes WHERE user_id = ${actor.actorId} AND used_at IS NULL))
        WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ${input.newSessionId})`,
  ])
  return results[0]!.rowsAffected === 1
}

// The second factor gives a new session id (ASVS 7.2.4: a new token at each authentication step).
// Each statement runs only when the one before changed a row (changes() = 1), so a refused code
// promotes nothing, inside the same transaction.
function promote(oldSessionId: string, newSessionId: string, actor: { actorId: number; now: number }) {
  return [
    sql`INSERT INTO sessions (id, user_id, created_at, last_seen_at, second_factor_at)
        SELECT ${newSessionId}, user_id, created_at, ${actor.now}, ${actor.now} FROM sessions WHERE id = ${oldSessionId} AND user_id = ${actor.actorId} AND changes() = 1`,
    sql`DELETE FROM sessions WHERE id = ${oldSessionId} AND changes() = 1`,
  ]
}

/** An admin removes a user's second factor (a lost phone): they enrol again at their next sign-in. */
export async function resetSecondFactor(db: Db, actor: Actor, userId: number) {
  await writeBatch(db, [
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    db.delete(userTotp).where(eq(userTotp.userId, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    audit(db, actor, 'admin.user.reset_2fa', { user: userId }),
  ])
}

/** Ends every session of a user at once (a lost phone, a departure) without disabling the account. */
export async function endUserSessions(db: Db, actor: Actor, userId: number) {
  const [deleted] = await writeBatch(db, [db.delete(sessions).where(eq(sessions.userId, userId)), audit(db, actor, 'admin.user.end_sessions', { user: userId })])
  return deleted!.rowsAffected
}

// ---- Subject access (UU PDP Pasal 32) ----

/**
 * Every case about a person (by NIK, on the case or on its person record, or by the reporter's
 * phone), their events and the audit trail of each; the person records behind those cases (and
 * those merged into them) and the sightings on them or phoned in from that number (issue 23).
 */
export async function findSubjectData(db: Db, key: { nik?: string; phone?: string }) {
  const match = or(
    key.nik ? eq(cases.personNik, key.nik) : undefined,
    key.nik ? sql`${cases.personId} IN (SELECT id FROM people WHERE nik = ${key.nik})` : undefined,
    key.phone ? eq(cases.reporterPhone, key.phone) : undefined,
  )
  if (!match) return { cases: [], events: [], trail: [], people: [], sightings: [] }
  const found = await db
    .select({ case: cases, categoryName: categories.name, kelurahanName: kelurahan.name })
    .from(cases)
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .where(match)
    .orderBy(asc(cases.receivedAt))
  const ids = found.map((r) => r.case.id)
  const personIds = [...new Set(found.map((r) => r.case.personId).filter((id): id is number => id !== null))]
  const bySightingPhone = key.phone ? await db.select().from(sightings).where(eq(sightings.reporterPhone, key.phone)) : []
  if (ids.length === 0) return { cases: [], events: [], trail: [], people: [], sightings: bySightingPhone }
  const [events, trail, personRows, caseSightings] = await db.batch([
    db
      .select({ caseId: caseEvents.caseId, at: caseEvents.at, kind: caseEvents.kind, fromStatus: caseEvents.fromStatus, toStatus: caseEvents.toStatus, note: caseEvents.note, actor: users.displayName })
      .from(caseEvents)
      .leftJoin(users, eq(users.id, caseEvents.actorId))
      .where(inArray(caseEvents.caseId, ids))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id)),
    db
      .select({ caseId: auditLog.caseId, at: auditLog.at, action: auditLog.action, actor: users.displayName, actorRole: users.role, detail: auditLog.detail })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(inArray(auditLog.caseId, ids))
      .orderBy(asc(auditLog.at), asc(auditLog.id)),
    db.select().from(people).where(or(inArray(people.id, personIds), inArray(people.mergedInto, personIds))),
    db.select().from(sightings).where(inArray(sightings.caseId, ids)),
  ])
  const seen = new Map([...caseSightings, ...bySightingPhone].map((s) => [s.id, s]))
  return { cases: found, events, trail, people: personRows, sightings: [...seen.values()] }
}

// ---- Retention (UU PDP Pasal 42–44) ----

export const retentionSettingKey = 'retention_years'
export const closedStatuses = ['ditutup', 'ditolak', 'duplikat'] as const

export async function readRetentionYears(db: Db): Promise<string | undefined> {
  return (await db.select({ value: settings.value }).from(settings).where(eq(settings.key, retentionSettingKey)).get())?.value
}

/**
 * Removes the personal fields of closed cases whose closing is older than `cutoff`, up to `limit`
 * cases per call, in one batch with one audit row that names only case ids and counts. The
 * anonymous figures stay: category, kelurahan, dates, status, outcome, urgency, age group, sex.
 */
export async function purgeClosedCases(db: Db, input: { cutoff: number; now: number; limit: number; retentionYears: number }): Promise<number[]> {
  const due = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(isNull(cases.purgedAt), lt(cases.closedAt, input.cutoff), inArray(cases.status, [...closedStatuses])))
    .orderBy(asc(cases.closedAt))
    .limit(input.limit)
  const ids = due.map((r) => r.id)
  if (ids.length === 0) return []
  // Re-checked inside the batch: a case reopened meanwhile keeps its data.
  const still = and(inArray(cases.id, ids), isNull(cases.purgedAt), lt(cases.closedAt, input.cutoff), inArray(cases.status, [...closedStatuses]))
  const purged = sql`SELECT id FROM cases WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) AND purged_at = ${input.now}`
  await writeBatch(db, [
    db
      .update(cases)
      .set({ address: '', rt: null, rw: null, landmark: null, description: '', reporterName: '', reporterPhone: null, personName: '', personNik: null, purgedAt: input.now, updatedAt: input.now, version: sql`${cases.version} + 1` })
      .where(still),
    sql`UPDATE case_events SET note = NULL WHERE note IS NOT NULL AND case_id IN (${purged})`,
    sql`UPDATE referrals SET request = '' WHERE case_id IN (${purged})`,
    sql`UPDATE guest_links SET ask = '' WHERE case_id IN (${purged})`,
    sql`DELETE FROM event_locations WHERE event_id IN (SELECT id FROM case_events WHERE case_id IN (${purged}))`,
    sql`UPDATE survey_responses SET suggestion = NULL WHERE suggestion IS NOT NULL AND case_id IN (${purged})`,
    // Issue 23: the sightings of those cases, and each person none of whose cases keeps its data
    // (with the records merged into them); the ids stay, so the figures still count people.
    sql`UPDATE sightings SET address = '', landmark = NULL, reporter_name = '', reporter_phone = NULL, description = '' WHERE case_id IN (${purged})`,
    sql`UPDATE people SET name = '', name_key = '', aliases = NULL, nik = NULL, birth_date = NULL, birth_year = NULL, origin = NULL, family_contacts = NULL,
          features = NULL, purged_at = ${input.now}, updated_at = ${input.now}
        WHERE purged_at IS NULL AND id IN (SELECT person_id FROM cases WHERE id IN (${purged}))
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = people.id AND c.purged_at IS NULL)`,
    sql`UPDATE people SET name = '', name_key = '', aliases = NULL, nik = NULL, birth_date = NULL, birth_year = NULL, origin = NULL, family_contacts = NULL,
          features = NULL, purged_at = ${input.now}, updated_at = ${input.now}
        WHERE purged_at IS NULL AND merged_into IN (SELECT id FROM people WHERE purged_at = ${input.now})`,
    // Issue 21: the WhatsApp conversations of those cases, every number of the reporter's.
    ...purgeConversations(sql`case_id IN (${purged})`, input.now),
    sql`INSERT INTO audit_log (at, actor_id, action, detail)
        SELECT ${input.now}, NULL, 'retention.purge', json_object('cases', json_group_array(id), 'retentionYears', ${input.retentionYears}, 'cutoff', ${input.cutoff})
        FROM (${purged}) HAVING count(*) > 0`,
  ])
  const done = await db.select({ id: cases.id }).from(cases).where(and(inArray(cases.id, ids), eq(cases.purgedAt, input.now)))
  return done.map((r) => r.id)
}

/**
 * Removes the number, names and texts of the conversations `where` picks (the media files follow,
 * findPurgedWhatsappMedia); the rows stay, so the counts of reports by channel still add up.
 */
function purgeConversations(where: SQL, now: number): SQL[] {
  const picked = sql`SELECT id FROM wa_conversations WHERE purged_at IS NULL AND ${where}`
  return [
    sql`UPDATE wa_messages SET sender = '', body = NULL, latitude = NULL, longitude = NULL, place = NULL WHERE conversation_id IN (${picked})`,
    sql`UPDATE wa_conversations SET sender = '', profile_name = NULL, closed_reason = NULL, purged_at = ${now} WHERE id IN (${picked})`,
  ]
}

/**
 * Conversations turned away (not for Dinsos, spam) before the cutoff: nobody needs their content
 * once the retention period has passed, as for a closed case. One audit row with the count.
 */
export async function purgeTurnedAwayConversations(db: Db, input: { cutoff: number; now: number; retentionYears: number }): Promise<number> {
  const results = await writeBatch(db, [
    ...purgeConversations(sql`status = 'ditolak' AND handled_at < ${input.cutoff}`, input.now),
    // changes(): the conversations the statement before purged.
    sql`INSERT INTO audit_log (at, actor_id, action, detail)
        SELECT ${input.now}, NULL, 'retention.whatsapp', json_object('conversations', changes(), 'retentionYears', ${input.retentionYears}, 'cutoff', ${input.cutoff})
        WHERE changes() > 0`,
  ])
  return results[1]?.rowsAffected ?? 0
}

/** Media files of purged conversations still in the store. */
export async function findPurgedWhatsappMedia(db: Db, limit: number): Promise<{ id: number; mediaKey: string }[]> {
  const rows = await db.all<{ id: number; media_key: string }>(
    sql`SELECT m.id, m.media_key FROM wa_messages m JOIN wa_conversations c ON c.id = m.conversation_id WHERE c.purged_at IS NOT NULL AND m.media_key IS NOT NULL ORDER BY m.id LIMIT ${limit}`,
  )
  return rows.map((r) => ({ id: Number(r.id), mediaKey: String(r.media_key) }))
}

/** Forgets the keys of media files deleted from the store. */
export async function forgetPurgedWhatsappMedia(db: Db, ids: number[]): Promise<void> {
  await writeBatch(db, [sql`UPDATE wa_messages SET media_key = NULL WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`])
}

/** Photos of purged cases, taken before the purge, whose files are still to be deleted; oldest first. */
export function findPurgedPhotos(db: Db, limit: number) {
  return db
    .select({ id: casePhotos.id, caseId: casePhotos.caseId, storageKey: casePhotos.storageKey })
    .from(casePhotos)
    .innerJoin(cases, eq(cases.id, casePhotos.caseId))
    .where(and(isNotNull(cases.purgedAt), lte(casePhotos.uploadedAt, cases.purgedAt)))
    .orderBy(asc(casePhotos.id))
    .limit(limit)
}

/** Drops the rows of photos whose files are gone, with one audit row naming case ids and the count only. */
export async function forgetPurgedPhotos(db: Db, input: { photos: { id: number; caseId: number }[]; now: number }): Promise<void> {
  const caseIds = [...new Set(input.photos.map((p) => p.caseId))].sort((a, b) => a - b)
  await writeBatch(db, [
    db.update(people).set({ photoId: null }).where(inArray(people.photoId, input.photos.map((p) => p.id))),
    db.delete(casePhotos).where(inArray(casePhotos.id, input.photos.map((p) => p.id))),
    audit(db, { actorId: null, now: input.now }, 'retention.photos', { cases: caseIds, photos: input.photos.length }),
  ])
}

