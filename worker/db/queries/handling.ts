import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import type { CaseScope } from '../../domain/access'
import { openStatuses } from '../../domain/case'
import type { PartnerDeadlines } from '../../domain/sla'
import type { CasePatch, Location } from '../../domain/transitions'
import type { LetterContent } from '../../domain/letter'
import { writeBatch } from '../batch'
import { caseSummaryFields, caseVisible, firstInLine } from './cases'
import { caseScopeCondition } from './scope'
import { queueReporterReply } from './reporter-messages'
import type { Db } from '../client'
import { caseEvents, casePhotos, cases, categories, kecamatan, kelurahan, referrals, regencies, suratTugas, suratTugasRequests, userKelurahan, users } from '../schema'

export type NewPhoto = { storageKey: string; contentType: string; size: number }

export type TransitionWrite = {
  caseId: number
  expectedVersion: number
  /** A duplicate's original is an id, or the subquery that finds it (originalByTicket) when decided without reading. */
  patch: CasePatch<number | SQL>
  event: { kind: string; from: string; to: string; note: string | null }
  actorId: number
  now: number
  location?: Location | null
  photos?: NewPhoto[]
  referral?: { partnerType: string; partnerName: string; request: string; partnerId?: number | null; deadlines?: PartnerDeadlines }
  /** The reply this step sends the reporter, queued when `replies` (repliesToReporters): a referral's, or the close with the survey link. */
  reporterReply?: { purpose: 'dirujuk' | 'selesai'; replies: boolean }
  /** The form's key: the same form sent again finds this event (actionSavedBefore) instead of a second one. */
  idempotencyKey?: string | null
}

// The event this batch just wrote: in a write batch nobody else can add one in between.
const lastEventOf = (caseId: number) => sql`(SELECT max(id) FROM case_events WHERE case_id = ${caseId})`

/**
 * Applies a decided transition in one write batch: the case update guarded by its version, then
 * the event, its details and the audit row. Each later statement runs only if the one before
 * wrote its row (`changes()`), so a stale version writes nothing at all. Returns whether it applied.
 */
export async function applyTransition(db: Db, w: TransitionWrite): Promise<boolean> {
  const results = await writeBatch(db, transitionStatements(w))
  return results[0]!.rowsAffected === 1
}

/**
 * applyTransition's statements for a batch that also checks the session (withSessionWrite), for a
 * transition decided on a form's signed snapshot without reading the case (issue 25): the update
 * holds only if, besides its version, the session admits the request (`admitted`), its user is
 * still the one the snapshot was made for with the same role, the case is still in that user's
 * scope, and each row the decision presumed is still as presumed (`rows`: the new assignee, the
 * partner, the duplicate's original). The first statement's rowsAffected says whether it applied;
 * every later one follows it.
 */
export function presumedTransition(w: TransitionWrite, presumed: { admitted: SQL | undefined; actor: SQL; scope: CaseScope; rows: SQL[] }): SQL[] {
  return transitionStatements(w, caseVisible(presumed.scope, w.caseId, and(presumed.admitted, presumed.actor, ...presumed.rows)))
}

function transitionStatements(w: TransitionWrite, guard?: SQL): SQL[] {
  const { patch } = w
  const set: Record<string, unknown> = { status: patch.status, version: patch.version, updatedAt: patch.updatedAt }
  for (const key of ['assignedTo', 'resolvedAt', 'handleMinutes', 'outcome', 'closedAt', 'duplicateOf'] as const) {
    if (patch[key] !== undefined) set[key] = patch[key]
  }
  const queries: SQL[] = [
    sql`UPDATE cases SET status = ${patch.status}, version = ${patch.version}, updated_at = ${patch.updatedAt},
          assigned_to = ${'assignedTo' in set ? set.assignedTo : sql`assigned_to`},
          resolved_at = ${'resolvedAt' in set ? set.resolvedAt : sql`resolved_at`},
          handle_minutes = ${'handleMinutes' in set ? set.handleMinutes : sql`handle_minutes`},
          outcome = ${'outcome' in set ? set.outcome : sql`outcome`},
          closed_at = ${'closedAt' in set ? set.closedAt : sql`closed_at`},
          duplicate_of = ${'duplicateOf' in set ? set.duplicateOf : sql`duplicate_of`}
        WHERE id = ${w.caseId} AND version = ${w.expectedVersion} AND status = ${w.event.from}${guard ? sql` AND ${guard}` : sql``}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note, idempotency_key)
        SELECT ${w.caseId}, ${w.now}, ${w.actorId}, ${w.event.kind}, ${w.event.from}, ${w.event.to}, ${w.event.note}, ${w.idempotencyKey ?? null} WHERE changes() = 1`,
  ]
  if (w.location) {
    queries.push(sql`INSERT INTO event_locations (event_id, lat, lng, accuracy_m)
        SELECT ${lastEventOf(w.caseId)}, ${w.location.lat}, ${w.location.lng}, ${w.location.accuracyM} WHERE changes() = 1`)
  }
  if (w.referral) {
    const d = w.referral.deadlines
    queries.push(sql`INSERT INTO referrals (case_id, event_id, partner_type, partner_name, request, at, actor_id, partner_id, accept_due_at, accept_escalate_at, outcome_due_at, outcome_escalate_at)
        SELECT ${w.caseId}, ${lastEventOf(w.caseId)}, ${w.referral.partnerType}, ${w.referral.partnerName}, ${w.referral.request}, ${w.now}, ${w.actorId}, ${w.referral.partnerId ?? null},
          ${d?.acceptDueAt ?? null}, ${d?.acceptEscalateAt ?? null}, ${d?.outcomeDueAt ?? null}, ${d?.outcomeEscalateAt ?? null}
        WHERE changes() = 1`)
  }
  for (const photo of w.photos ?? []) {
    queries.push(sql`INSERT INTO case_photos (case_id, event_id, storage_key, content_type, size, uploaded_by, uploaded_at)
        SELECT ${w.caseId}, ${lastEventOf(w.caseId)}, ${photo.storageKey}, ${photo.contentType}, ${photo.size}, ${w.actorId}, ${w.now}
        WHERE changes() = 1`)
  }
  queries.push(sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
      SELECT ${w.now}, ${w.actorId}, ${'case.' + w.event.kind}, ${w.caseId}, ${`${w.event.from}->${w.event.to}`} WHERE changes() = 1`)
  // Last: it runs only if the audit row above was written.
  if (w.reporterReply) queries.push(queueReporterReply({ caseId: w.caseId, purpose: w.reporterReply.purpose, now: w.now, when: sql`changes() = 1`, sending: w.reporterReply.replies }))
  return queries
}

/** Whether `actorId` already saved an action on this case with this form key (a replayed form). */
export async function actionSavedBefore(db: Db, caseId: number, actorId: number, key: string): Promise<boolean> {
  return (await savedBeforeQuery(db, caseId, actorId, key)).length > 0
}

/** actionSavedBefore for a batch: a row when it was. */
export function savedBeforeQuery(db: Db, caseId: number, actorId: number | SQL, key: string) {
  return db
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(and(eq(caseEvents.idempotencyKey, key), eq(caseEvents.caseId, caseId), eq(caseEvents.actorId, actorId)))
}

/** A facilitator's own open cases, most urgent first: overdue (oldest target first), then nearest due. */
export function listMyCases(db: Db, userId: number | SQL) {
  return db
    .select({
      id: cases.id,
      ticket: cases.ticket,
      status: cases.status,
      urgency: cases.urgency,
      personName: cases.personName,
      address: cases.address,
      reporterName: cases.reporterName,
      reporterPhone: cases.reporterPhone,
      kelurahanName: kelurahan.name,
      categoryName: categories.name,
      dueAt: cases.dueAt,
      resolvedAt: cases.resolvedAt,
    })
    .from(cases)
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .where(and(eq(cases.assignedTo, userId), inArray(cases.status, [...openStatuses])))
    .orderBy(asc(cases.dueAt), sql`CASE ${cases.urgency} WHEN 'darurat' THEN 0 WHEN 'segera' THEN 1 ELSE 2 END`, asc(cases.id))
    .limit(200)
}

export type MyCaseRow = Awaited<ReturnType<typeof listMyCases>>[number]

/**
 * The supervisor's queue: unassigned (`baru`) cases and open cases past their target, most urgent
 * first; open cases whose kelurahan is not known yet are the triage list's (listTriage), not here.
 */
export function listQueue(db: Db, now: number, unknownKelurahan: string) {
  return db
    .select({ ...caseSummaryFields, assigneeName: users.displayName, assignedTo: cases.assignedTo, kelurahanCode: cases.kelurahanCode, version: cases.version })
    .from(cases)
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .where(and(or(eq(cases.status, 'baru'), and(inArray(cases.status, [...openStatuses]), lt(cases.dueAt, now))), ne(cases.kelurahanCode, unknownKelurahan)))
    .orderBy(asc(cases.dueAt), asc(cases.id))
    .limit(200)
}

/** Open cases filed with kelurahan "belum diketahui", oldest target first, with what locates them. */
export function listTriage(db: Db, unknownKelurahan: string) {
  return db
    .select({ ...caseSummaryFields, assigneeName: users.displayName, address: cases.address, landmark: cases.landmark, version: cases.version })
    .from(cases)
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(users, eq(users.id, cases.assignedTo))
    .where(and(eq(cases.kelurahanCode, unknownKelurahan), inArray(cases.status, [...openStatuses])))
    .orderBy(asc(cases.dueAt), asc(cases.id))
    .limit(200)
}

export type TriageRow = Awaited<ReturnType<typeof listTriage>>[number]

/**
 * Sets the kelurahan of a case filed as "belum diketahui", in one write batch guarded by its
 * version: a `baru` case nobody holds goes to the kelurahan's first facilitator as at intake
 * (firstInLine); the due time stays as set at receipt. The event's note names the kelurahan and
 * whoever the case went to. Returns whether it applied.
 */
export async function setCaseKelurahan(
  db: Db,
  w: { caseId: number; expectedVersion: number; before: { kelurahanCode: string; status: string; assignedTo: number | null }; code: string; kelurahanName: string; actorId: number; now: number },
): Promise<boolean> {
  const waiting = w.before.status === 'baru' && w.before.assignedTo === null
  const results = await writeBatch(db, [
    sql`UPDATE cases SET kelurahan_code = ${w.code}, version = version + 1, updated_at = ${w.now},
          assigned_to = ${waiting ? sql`(${firstInLine(w.code)})` : sql`assigned_to`},
          status = ${waiting ? sql`CASE WHEN EXISTS (${firstInLine(w.code)}) THEN 'ditugaskan' ELSE status END` : sql`status`}
        WHERE id = ${w.caseId} AND version = ${w.expectedVersion} AND kelurahan_code = ${w.before.kelurahanCode}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note)
        SELECT c.id, ${w.now}, ${w.actorId}, 'kelurahan_ditetapkan', ${w.before.status}, c.status, ${`Kelurahan ditetapkan: ${w.kelurahanName}.`} ||
          ${waiting ? sql`coalesce(' Diteruskan ke ' || u.display_name || '.', ' Belum ada fasilitator aktif di kelurahan ini; kasus menunggu penugasan di antrean.')` : ''}
        FROM cases c LEFT JOIN users u ON u.id = c.assigned_to
        WHERE c.id = ${w.caseId} AND changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${w.now}, ${w.actorId}, 'case.kelurahan_ditetapkan', ${w.caseId}, ${`${w.before.kelurahanCode}->${w.code}`} WHERE changes() = 1`,
  ])
  return results[0]!.rowsAffected === 1
}

export type QueueRow = Awaited<ReturnType<typeof listQueue>>[number]

/** Active facilitators with the kelurahan they cover (one row per area; see groupFacilitators). */
export function facilitatorRows(db: Db) {
  return db
    .select({ id: users.id, displayName: users.displayName, kelurahanCode: userKelurahan.kelurahanCode, kelurahanName: kelurahan.name })
    .from(users)
    .leftJoin(userKelurahan, eq(userKelurahan.userId, users.id))
    .leftJoin(kelurahan, eq(kelurahan.code, userKelurahan.kelurahanCode))
    .where(and(eq(users.role, 'fasilitator'), eq(users.active, true)))
    .orderBy(asc(users.displayName), asc(users.id))
}

/** One entry per facilitator, those covering `kelurahanCode` first. */
export function groupFacilitators(rows: Awaited<ReturnType<typeof facilitatorRows>>, kelurahanCode: string) {
  const byUser = new Map<number, { id: number; displayName: string; areas: string[]; local: boolean }>()
  for (const r of rows) {
    const entry = byUser.get(r.id) ?? { id: r.id, displayName: r.displayName, areas: [], local: false }
    if (r.kelurahanName) entry.areas.push(r.kelurahanName)
    if (r.kelurahanCode === kelurahanCode) entry.local = true
    byUser.set(r.id, entry)
  }
  return [...byUser.values()].sort((a, b) => Number(b.local) - Number(a.local))
}

export async function findUserForAssignment(db: Db, id: number) {
  const [row] = await db.select({ id: users.id, role: users.role, active: users.active, displayName: users.displayName }).from(users).where(eq(users.id, id))
  return row ?? null
}

/** That the user is still as findUserForAssignment would find them now: for a write that presumed it. */
export const assigneeStill = (a: NonNullable<Awaited<ReturnType<typeof findUserForAssignment>>>) =>
  sql`EXISTS (SELECT 1 FROM users WHERE id = ${a.id} AND role = ${a.role} AND active = ${a.active ? 1 : 0} AND display_name = ${a.displayName})`

const ticketInScope = (scope: CaseScope, ticket: string) => and(eq(cases.ticket, ticket), caseScopeCondition(scope))

/** A case by its ticket inside the scope (a facilitator cannot learn of tickets elsewhere). */
export async function findCaseByTicket(db: Db, scope: CaseScope, ticket: string) {
  const [row] = await db.select({ id: cases.id, ticket: cases.ticket, status: cases.status }).from(cases).where(ticketInScope(scope, ticket))
  return row ?? null
}

/**
 * findCaseByTicket's case as a subquery of the write that marks case `caseId` its duplicate: its id,
 * or NULL when there is none in the scope other than `caseId` itself.
 */
export const originalByTicket = (scope: CaseScope, ticket: string, caseId: number) => sql`(SELECT ${cases.id} FROM ${cases} WHERE ${and(ticketInScope(scope, ticket), ne(cases.id, caseId))})`

export function listPhotos(db: Db, caseId: number) {
  return db.select({ id: casePhotos.id, eventId: casePhotos.eventId, size: casePhotos.size }).from(casePhotos).where(eq(casePhotos.caseId, caseId)).orderBy(asc(casePhotos.id))
}

export async function findPhoto(db: Db, caseId: number, photoId: number) {
  const [row] = await db.select().from(casePhotos).where(and(eq(casePhotos.id, photoId), eq(casePhotos.caseId, caseId)))
  return row ?? null
}

export function listReferrals(db: Db, caseId: number) {
  return db.select({ partnerType: referrals.partnerType, partnerName: referrals.partnerName, request: referrals.request, at: referrals.at }).from(referrals).where(eq(referrals.caseId, caseId)).orderBy(desc(referrals.at))
}

// --- Surat tugas -------------------------------------------------------------------------------

/**
 * Issues the letter for (case, officer) in one batch: the year's counter moves only when a new
 * letter is written, so the series has no gaps; a repeat returns the letter already issued.
 */
export async function issueSuratTugas(db: Db, input: { caseId: number; officerId: number; issuedBy: number; now: number; year: number; code: string; numberPrefix: string; numberSuffix: string; content: LetterContent }) {
  const counterKey = `surat_tugas:${input.year}`
  const isNew = sql`NOT EXISTS (SELECT 1 FROM surat_tugas WHERE case_id = ${input.caseId} AND officer_id = ${input.officerId})`
  const results = await writeBatch(db, [
    sql`INSERT INTO counters (key, value) SELECT ${counterKey}, 1 WHERE ${isNew} ON CONFLICT (key) DO UPDATE SET value = value + 1`,
    sql`INSERT INTO surat_tugas (number, year, seq, case_id, officer_id, issued_by, issued_at, code, content)
        SELECT ${input.numberPrefix} || printf('%03d', value) || ${input.numberSuffix}, ${input.year}, value, ${input.caseId}, ${input.officerId}, ${input.issuedBy}, ${input.now}, ${input.code}, ${JSON.stringify(input.content)}
        FROM counters WHERE key = ${counterKey} AND ${isNew}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
        SELECT ${input.caseId}, ${input.now}, ${input.issuedBy}, 'surat_tugas', 'Nomor ' || number FROM surat_tugas WHERE id = last_insert_rowid() AND changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.issuedBy}, 'surat_tugas.issue', ${input.caseId}, NULL WHERE changes() = 1`,
    sql`SELECT id FROM surat_tugas WHERE case_id = ${input.caseId} AND officer_id = ${input.officerId}`,
  ])
  return Number(results[4]!.rows[0]!.id)
}

const officer = users

/** A letter with its case and officer, for printing (staff) or verifying (public, by code). */
export async function findSuratTugas(db: Db, where: { id: number } | { code: string }) {
  const [row] = await db
    .select({
      letter: suratTugas,
      officerName: officer.displayName,
      officerNip: officer.nip,
      officerPosition: officer.position,
      officerRank: officer.rank,
      ticket: cases.ticket,
      caseId: cases.id,
      kelurahanCode: cases.kelurahanCode,
      assignedTo: cases.assignedTo,
      address: cases.address,
      rt: cases.rt,
      rw: cases.rw,
      personName: cases.personName,
      description: cases.description,
      categoryName: categories.name,
      kelurahanName: kelurahan.name,
      kecamatanName: kecamatan.name,
    })
    .from(suratTugas)
    .innerJoin(officer, eq(officer.id, suratTugas.officerId))
    .innerJoin(cases, eq(cases.id, suratTugas.caseId))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .innerJoin(kecamatan, eq(kecamatan.code, kelurahan.kecamatanCode))
    .where('id' in where ? eq(suratTugas.id, where.id) : eq(suratTugas.code, where.code))
  return row ?? null
}

export type SuratTugasDetail = NonNullable<Awaited<ReturnType<typeof findSuratTugas>>>

/**
 * The assigned facilitator asks for a letter: one request per (case, officer), none once the
 * letter exists; a timeline event and an audit row only when a request was written.
 */
export async function requestSuratTugas(db: Db, input: { caseId: number; officerId: number; now: number }): Promise<boolean> {
  const results = await writeBatch(db, [
    sql`INSERT INTO surat_tugas_requests (case_id, officer_id, requested_at)
        SELECT ${input.caseId}, ${input.officerId}, ${input.now}
        WHERE NOT EXISTS (SELECT 1 FROM surat_tugas WHERE case_id = ${input.caseId} AND officer_id = ${input.officerId})
        ON CONFLICT DO NOTHING`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${input.caseId}, ${input.now}, ${input.officerId}, 'surat_tugas_diminta', NULL WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.officerId}, 'surat_tugas.request', ${input.caseId}, NULL WHERE changes() = 1`,
  ])
  return results[0]!.rowsAffected === 1
}

/** Requests on a case that no letter answers yet. */
export function listOpenLetterRequests(db: Db, caseId: number) {
  return db
    .select({ officerId: suratTugasRequests.officerId, officerName: users.displayName, requestedAt: suratTugasRequests.requestedAt })
    .from(suratTugasRequests)
    .innerJoin(users, eq(users.id, suratTugasRequests.officerId))
    .where(and(eq(suratTugasRequests.caseId, caseId), sql`NOT EXISTS (SELECT 1 FROM surat_tugas WHERE case_id = ${suratTugasRequests.caseId} AND officer_id = ${suratTugasRequests.officerId})`))
}

/** Every request no letter answers yet, oldest first: the supervisor's to-do on the queue page. */
export function listAllOpenLetterRequests(db: Db) {
  return db
    .select({ caseId: suratTugasRequests.caseId, ticket: cases.ticket, officerName: users.displayName, requestedAt: suratTugasRequests.requestedAt })
    .from(suratTugasRequests)
    .innerJoin(cases, eq(cases.id, suratTugasRequests.caseId))
    .innerJoin(users, eq(users.id, suratTugasRequests.officerId))
    .where(sql`NOT EXISTS (SELECT 1 FROM surat_tugas WHERE case_id = ${suratTugasRequests.caseId} AND officer_id = ${suratTugasRequests.officerId})`)
    .orderBy(asc(suratTugasRequests.requestedAt))
}

export type LetterRequestRow = Awaited<ReturnType<typeof listAllOpenLetterRequests>>[number]

/** What a letter prints of each person named on it, as their account says now. */
export function findLetterPeople(db: Db, ids: number[]) {
  return db.select({ id: users.id, name: users.displayName, nip: users.nip, position: users.position, rank: users.rank }).from(users).where(inArray(users.id, ids))
}

export function listSuratTugas(db: Db, caseId: number) {
  return db
    .select({ id: suratTugas.id, number: suratTugas.number, officerId: suratTugas.officerId, officerName: users.displayName, issuedAt: suratTugas.issuedAt })
    .from(suratTugas)
    .innerJoin(users, eq(users.id, suratTugas.officerId))
    .where(eq(suratTugas.caseId, caseId))
    .orderBy(asc(suratTugas.id))
}

export async function regencyName(db: Db, code: string): Promise<string | null> {
  const [row] = await db.select({ name: regencies.name }).from(regencies).where(eq(regencies.code, code))
  return row?.name ?? null
}

/** The ticket of the case a duplikat points to. */
export function ticketOf(db: Db, id: number | SQL) {
  return db.select({ id: cases.id, ticket: cases.ticket }).from(cases).where(eq(cases.id, id))
}

