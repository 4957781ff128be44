import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { CaseScope } from '../../domain/access'
import { openStatuses } from '../../domain/case'
import { nameKey, nearWindowMs, type KnownPerson, type NewPerson } from '../../domain/person-match'
import type { IntakeLinks, Report } from '../../domain/intake'
import type { AlertChannelName } from '../../domain/channels'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { casePhotos, cases, categories, identityDocuments, kelurahan, people, personMerges, shelterStays, shelters, sightings, users } from '../schema'
import { caseScopeCondition } from './scope'
import { outboxForRun } from './sweep'

// People across reports (issue 23). Every look-up here is indexed: people by NIK and name key,
// cases by reporter phone and by kelurahan + time, sightings by kelurahan + time
// (test/db/people-plan.test.ts holds the plans).

const openList = sql.join(openStatuses.map((s) => sql`${s}`), sql`, `)

/** What the look-up of candidates is given: the report's keys, and the kelurahan of its kecamatan (the "radius"). */
export type CandidateKey = { nik: string | null; phone: string | null; nameKey: string; categoryId: number | null; nearKelurahan: readonly string[]; since: number; excludePersonId?: number }

const inCodes = (codes: readonly string[]) => (codes.length > 0 ? sql.join(codes.map((c) => sql`${c}`), sql`, `) : sql`NULL`)

/** The ids of people any of the report's keys points at, a merged person read as the one it became; at most 50 per key. */
export function candidateIdsQuery(k: CandidateKey): SQL {
  const arms: SQL[] = []
  if (k.nik) arms.push(sql`SELECT * FROM (SELECT id AS pid FROM people WHERE nik = ${k.nik} LIMIT 50)`)
  if (k.nameKey) arms.push(sql`SELECT * FROM (SELECT id AS pid FROM people WHERE name_key = ${k.nameKey} LIMIT 50)`)
  if (k.phone) arms.push(sql`SELECT * FROM (SELECT person_id AS pid FROM cases WHERE reporter_phone = ${k.phone} ORDER BY received_at DESC LIMIT 50)`)
  if (k.nearKelurahan.length > 0) {
    arms.push(sql`SELECT * FROM (SELECT person_id AS pid FROM cases WHERE kelurahan_code IN (${inCodes(k.nearKelurahan)}) AND received_at >= ${k.since} ORDER BY received_at DESC LIMIT 50)`)
    arms.push(sql`SELECT * FROM (SELECT c.person_id AS pid FROM sightings s JOIN cases c ON c.id = s.case_id WHERE s.kelurahan_code IN (${inCodes(k.nearKelurahan)}) AND s.at >= ${k.since} ORDER BY s.at DESC LIMIT 50)`)
  }
  if (arms.length === 0) return sql`SELECT NULL AS id WHERE 0`
  return sql`SELECT DISTINCT COALESCE(p.merged_into, p.id) AS id FROM (${sql.join(arms, sql` UNION `)}) AS found
    JOIN people p ON p.id = found.pid WHERE p.purged_at IS NULL AND COALESCE(p.merged_into, p.id) IS NOT ${k.excludePersonId ?? null}`
}

/** A person as a candidate shows: enough to judge "same person?" (issue 23: FixMyStreet's suggestions showed too little). */
export type CandidatePerson = KnownPerson & {
  aliases: string | null
  cases: { id: number; ticket: string; status: string; receivedAt: number; categoryName: string; kelurahanName: string; address: string; description: string; personName: string }[]
  sightings: number
  /** The person's photo when its case is one the viewer may see. */
  photo: { caseId: number; id: number } | null
}

/**
 * The people with these ids whom the viewer may see (one of their cases in scope), with those
 * cases and their sightings: one round trip. Cases outside the scope are left out, and a person
 * with none inside it is not returned at all.
 */
export async function loadCandidatePeople(db: Db, scope: CaseScope, ids: readonly number[]): Promise<CandidatePerson[]> {
  if (ids.length === 0) return []
  const [personRows, caseRows, sightingRows] = await db.batch([
    db.select({ person: people, photoCaseId: casePhotos.caseId }).from(people).leftJoin(casePhotos, eq(casePhotos.id, people.photoId)).where(inArray(people.id, [...ids])),
    db
      .select({
        personId: cases.personId, id: cases.id, ticket: cases.ticket, status: cases.status, receivedAt: cases.receivedAt, categoryId: cases.categoryId,
        categoryName: categories.name, kelurahanCode: cases.kelurahanCode, kelurahanName: kelurahan.name, kecamatanCode: kelurahan.kecamatanCode,
        address: cases.address, description: cases.description, reporterPhone: cases.reporterPhone, personName: cases.personName,
      })
      .from(cases)
      .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
      .innerJoin(categories, eq(categories.id, cases.categoryId))
      .where(and(inArray(cases.personId, [...ids]), caseScopeCondition(scope)))
      .orderBy(desc(cases.receivedAt)),
    db
      .select({ caseId: sightings.caseId, personId: cases.personId, at: sightings.at, kelurahanCode: sightings.kelurahanCode, kecamatanCode: kelurahan.kecamatanCode, reporterPhone: sightings.reporterPhone, description: sightings.description, categoryId: cases.categoryId })
      .from(sightings)
      .innerJoin(cases, eq(cases.id, sightings.caseId))
      .innerJoin(kelurahan, eq(kelurahan.code, sightings.kelurahanCode))
      .where(and(inArray(cases.personId, [...ids]), caseScopeCondition(scope))),
  ])
  return personRows.flatMap(({ person: p, photoCaseId }) => {
    const own = caseRows.filter((c) => c.personId === p.id)
    if (own.length === 0) return []
    const seen = sightingRows.filter((s) => s.personId === p.id)
    return [
      {
        id: p.id, name: p.name, identityKnown: p.identityKnown, nik: p.nik, birthYear: p.birthYear, sex: p.sex, features: p.features, aliases: p.aliases,
        reports: [
          ...own.map((c) => ({ at: c.receivedAt, categoryId: c.categoryId, kelurahanCode: c.kelurahanCode, kecamatanCode: c.kecamatanCode, reporterPhone: c.reporterPhone, description: c.description })),
          ...seen.map((s) => ({ at: s.at, categoryId: s.categoryId, kelurahanCode: s.kelurahanCode, kecamatanCode: s.kecamatanCode, reporterPhone: s.reporterPhone, description: s.description })),
        ],
        cases: own,
        sightings: seen.length,
        photo: p.photoId !== null && own.some((c) => c.id === photoCaseId) ? { caseId: photoCaseId!, id: p.photoId } : null,
      },
    ]
  })
}

/** The kelurahan of a kelurahan's kecamatan: "near" for an unknown person (the region has no map coordinates). */
export const nearWindowStart = (now: number) => now - nearWindowMs

/**
 * Whether a report has a strong candidate (same NIK, same name key, or an earlier report in the
 * same kelurahan and category within the window): such a report sent without the candidates having
 * been shown (no JavaScript) is not saved but shown them first, decided inside the write batch so
 * that intake keeps its two round trips.
 */
function strongCandidate(report: Report, key: string, since: number): SQL {
  // The report's own person, written earlier in the same batch, is no candidate.
  const other = sql`purged_at IS NULL AND intake_key IS NOT ${report.idempotencyKey}`
  const arms: SQL[] = [sql`0`]
  if (report.personNik) arms.push(sql`EXISTS (SELECT 1 FROM people WHERE nik = ${report.personNik} AND ${other})`)
  if (key) arms.push(sql`EXISTS (SELECT 1 FROM people WHERE name_key = ${key} AND ${other})`)
  arms.push(sql`EXISTS (SELECT 1 FROM cases WHERE kelurahan_code = ${report.kelurahanCode} AND received_at >= ${since} AND category_id = ${report.categoryId})`)
  return sql.join(arms, sql` OR `)
}


/**
 * The statements of an intake's write batch that give the case its person: the one the operator
 * chose, or a new one made from the report (once per form, by its key). `guard` is true when the
 * case may be written; the person is written under the same condition.
 */
export function intakePersonStatements(report: Report, person: NewPerson, meta: { now: number; actorId: number | SQL | null; guard: SQL; personId: number | null }) {
  if (meta.personId !== null) return { insert: [], personId: sql`(SELECT COALESCE(merged_into, id) FROM people WHERE id = ${meta.personId} AND purged_at IS NULL)` }
  return {
    insert: [
      sql`INSERT INTO people (name, identity_known, name_key, nik, birth_date, birth_year, sex, features, intake_key, created_by, created_at, updated_at)
          SELECT ${person.name}, ${person.identityKnown ? 1 : 0}, ${person.nameKey}, ${person.nik}, ${person.birthDate}, ${person.birthYear}, ${person.sex},
            ${person.features}, ${report.idempotencyKey}, ${meta.actorId}, ${meta.now}, ${meta.now}
          WHERE ${meta.guard} ON CONFLICT (intake_key) DO NOTHING`,
    ],
    personId: sql`(SELECT id FROM people WHERE intake_key = ${report.idempotencyKey})`,
  }
}

/** The guard of an intake batch: true when the report may be saved without showing candidates first. */
export function intakeGuard(report: Report, person: NewPerson, now: number, links: IntakeLinks | undefined): SQL {
  return !links || links.candidatesSeen || links.personId !== null ? sql`1` : sql`NOT (${strongCandidate(report, person.nameKey, nearWindowStart(now))})`
}

/**
 * Records a further report about an open case as a sighting on it, in one batch: the sighting, a
 * timeline event, the audit row and an alert to whoever holds the case (inbox and channels). The
 * case's clock and status stay as they are. Returns the case id, or null when the case is not open
 * or not in the viewer's scope (nothing is written then).
 */
export async function recordSighting(db: Db, scope: CaseScope, report: Report, caseId: number, meta: { now: number; actorId: number | null; eventNote: string; channels: readonly AlertChannelName[] }): Promise<number | null> {
  const run = `penampakan:${report.idempotencyKey}`
  const visible = caseScopeCondition(scope)
  const results = await writeBatch(db, [
    sql`INSERT INTO sightings (case_id, at, channel, kelurahan_code, address, landmark, reporter_name, reporter_phone, description, idempotency_key, created_by)
        SELECT id, ${meta.now}, ${report.channel}, ${report.kelurahanCode}, ${report.address}, ${report.landmark}, ${report.reporterName}, ${report.reporterPhone},
          ${report.description}, ${report.idempotencyKey}, ${meta.actorId}
        FROM cases WHERE id = ${caseId} AND status IN (${openList}) ${visible ? sql`AND ${visible}` : sql``}
        ON CONFLICT (idempotency_key) DO NOTHING`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${caseId}, ${meta.now}, ${meta.actorId}, 'penampakan', ${meta.eventNote} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${meta.now}, ${meta.actorId}, 'sighting.create', ${caseId}, ${'channel=' + report.channel} WHERE changes() = 1`,
    sql`INSERT INTO alerts (user_id, kind, case_id, note, urgent, created_at, run_id, dedupe_key)
        SELECT c.assigned_to, 'penampakan', c.id, NULL, c.urgency = 'darurat', ${meta.now}, ${run}, ${run}
        FROM cases c WHERE c.id = ${caseId} AND c.assigned_to IS NOT NULL AND changes() = 1
        ON CONFLICT (dedupe_key) DO NOTHING`,
    outboxForRun(run, meta.now, meta.channels),
    sql`SELECT case_id FROM sightings WHERE idempotency_key = ${report.idempotencyKey}`,
  ])
  const row = results.at(-1)!.rows[0]
  return row ? Number(row.case_id) : null
}

/** A case's person as its page names them: the record, and how many cases it has (none for a case without one); batchable. */
export function casePersonRow(db: Db, personId: number | SQL | null) {
  return db
    .select({ id: people.id, name: people.name, identityKnown: people.identityKnown, cases: sql<number>`(SELECT count(*) FROM cases WHERE person_id = ${people.id})` })
    .from(people)
    .where(eq(people.id, personId ?? 0))
}

/** The sightings of a case, oldest first. */
export function caseSightings(db: Db, caseId: number) {
  return db
    .select({ id: sightings.id, at: sightings.at, channel: sightings.channel, kelurahanName: kelurahan.name, address: sightings.address, landmark: sightings.landmark, reporterName: sightings.reporterName, reporterPhone: sightings.reporterPhone, description: sightings.description })
    .from(sightings)
    .innerJoin(kelurahan, eq(kelurahan.code, sightings.kelurahanCode))
    .where(eq(sightings.caseId, caseId))
    .orderBy(asc(sightings.at), asc(sightings.id))
}

export type SightingRow = Awaited<ReturnType<typeof caseSightings>>[number]

/** A person with everything recorded about them that the viewer may see; undefined when none of their cases is in scope. */
export async function findPerson(db: Db, scope: CaseScope, id: number) {
  const [found] = await loadCandidatePeople(db, scope, [id])
  if (!found) return undefined
  const caseIds = found.cases.map((c) => c.id)
  const [[row], stays, documents, seen, merges, mergedPeople] = await db.batch([
    db.select().from(people).where(eq(people.id, id)),
    db
      .select({ caseId: shelterStays.caseId, shelterName: shelters.name, admittedAt: shelterStays.admittedAt, dischargedAt: shelterStays.dischargedAt, dischargeReason: shelterStays.dischargeReason })
      .from(shelterStays)
      .innerJoin(shelters, eq(shelters.id, shelterStays.shelterId))
      .where(inArray(shelterStays.caseId, caseIds))
      .orderBy(asc(shelterStays.admittedAt)),
    db.select().from(identityDocuments).where(inArray(identityDocuments.caseId, caseIds)).orderBy(asc(identityDocuments.updatedAt)),
    db
      .select({ caseId: sightings.caseId, at: sightings.at, kelurahanName: kelurahan.name, address: sightings.address, reporterName: sightings.reporterName, description: sightings.description })
      .from(sightings)
      .innerJoin(kelurahan, eq(kelurahan.code, sightings.kelurahanCode))
      .where(inArray(sightings.caseId, caseIds))
      .orderBy(asc(sightings.at)),
    db
      .select({ id: personMerges.id, fromPersonId: personMerges.fromPersonId, intoPersonId: personMerges.intoPersonId, reason: personMerges.reason, at: personMerges.at, undoneAt: personMerges.undoneAt, actorName: users.displayName })
      .from(personMerges)
      .leftJoin(users, eq(users.id, personMerges.actorId))
      .where(sql`${personMerges.fromPersonId} = ${id} OR ${personMerges.intoPersonId} = ${id}`)
      .orderBy(desc(personMerges.at)),
    db.select({ id: people.id, name: people.name, features: people.features }).from(people).where(eq(people.mergedInto, id)),
  ])
  return { person: row!, cases: found.cases, known: found, stays, documents, sightings: seen, merges, mergedPeople }
}

export type PersonDetail = NonNullable<Awaited<ReturnType<typeof findPerson>>>

/** Where a merged person's links lead: the person it finally became, or null when it was not merged. */
export async function mergedTarget(db: Db, id: number): Promise<number | null> {
  let target: number | null = null
  for (let at = id, hops = 0; hops < 10; hops++) {
    const row = await db.select({ mergedInto: people.mergedInto }).from(people).where(eq(people.id, at)).get()
    if (!row?.mergedInto) return target
    target = at = row.mergedInto
  }
  return target
}

export type PersonEdit = { name: string; identityKnown: boolean; nameKey: string; aliases: string | null; nik: string | null; birthDate: string | null; birthYear: number | null; sex: string; origin: string | null; familyContacts: string | null; features: string | null }

/** Saves a person's identity if the form's version is current; false for a stale form. The audit row names the fields changed, never their values. */
export async function updatePerson(db: Db, actor: { actorId: number; now: number }, id: number, version: number, edit: PersonEdit, changed: string[]): Promise<boolean> {
  const [updated] = await writeBatch(db, [
    db
      .update(people)
      .set({ ...edit, updatedAt: actor.now, version: sql`${people.version} + 1` })
      .where(and(eq(people.id, id), eq(people.version, version), isNull(people.mergedInto))),
    sql`INSERT INTO audit_log (at, actor_id, action, detail) SELECT ${actor.now}, ${actor.actorId}, 'person.update', ${JSON.stringify({ person: id, fields: changed })} WHERE changes() = 1`,
  ])
  return updated!.rowsAffected === 1
}

/**
 * Merges `fromId` into `intoId` in one batch: its cases move (their ids kept in the merge row), it
 * points to the other, an audit row and a timeline event on each moved case. Nothing happens when
 * either was merged already or they are the same person. Returns the merge id, or null.
 */
export async function mergePeople(db: Db, actor: { actorId: number; now: number }, input: { fromId: number; intoId: number; reason: string }): Promise<number | null> {
  const { fromId, intoId } = input
  const results = await writeBatch(db, [
    sql`INSERT INTO person_merges (from_person_id, into_person_id, case_ids, reason, at, actor_id)
        SELECT ${fromId}, ${intoId}, (SELECT json_group_array(id) FROM cases WHERE person_id = ${fromId}), ${input.reason}, ${actor.now}, ${actor.actorId}
        WHERE ${fromId} <> ${intoId}
          AND EXISTS (SELECT 1 FROM people WHERE id = ${fromId} AND merged_into IS NULL AND purged_at IS NULL)
          AND EXISTS (SELECT 1 FROM people WHERE id = ${intoId} AND merged_into IS NULL AND purged_at IS NULL)`,
    sql`UPDATE people SET merged_into = ${intoId}, updated_at = ${actor.now}, version = version + 1 WHERE id = ${fromId} AND changes() = 1`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
        SELECT id, ${actor.now}, ${actor.actorId}, 'orang_digabung', ${input.reason} FROM cases
        WHERE person_id = ${fromId} AND EXISTS (SELECT 1 FROM people WHERE id = ${fromId} AND merged_into = ${intoId})`,
    sql`UPDATE cases SET person_id = ${intoId} WHERE person_id = ${fromId} AND EXISTS (SELECT 1 FROM people WHERE id = ${fromId} AND merged_into = ${intoId})`,
    sql`INSERT INTO audit_log (at, actor_id, action, detail)
        SELECT ${actor.now}, ${actor.actorId}, 'person.merge', json_object('merge', id, 'from', from_person_id, 'into', into_person_id, 'cases', json(case_ids))
        FROM person_merges WHERE from_person_id = ${fromId} AND into_person_id = ${intoId} AND at = ${actor.now} AND undone_at IS NULL`,
    sql`SELECT id FROM person_merges WHERE from_person_id = ${fromId} AND into_person_id = ${intoId} AND at = ${actor.now} AND undone_at IS NULL`,
  ])
  const row = results.at(-1)!.rows[0]
  return row ? Number(row.id) : null
}

/**
 * Undoes a merge: the person it hid comes back with exactly the cases that moved (those still with
 * the other person). Refused (null) once undone, or when the surviving person was merged again since.
 * Returns the restored person's id.
 */
export function findMerge(db: Db, id: number) {
  return db.select().from(personMerges).where(eq(personMerges.id, id)).get()
}

export async function undoMerge(db: Db, actor: { actorId: number; now: number }, mergeId: number): Promise<number | null> {
  const merge = await findMerge(db, mergeId)
  if (!merge || merge.undoneAt !== null) return null
  const { fromPersonId: fromId, intoPersonId: intoId } = merge
  const [undone] = await writeBatch(db, [
    sql`UPDATE person_merges SET undone_at = ${actor.now}, undone_by = ${actor.actorId}
        WHERE id = ${mergeId} AND undone_at IS NULL AND EXISTS (SELECT 1 FROM people WHERE id = ${intoId} AND merged_into IS NULL)`,
    sql`UPDATE people SET merged_into = NULL, updated_at = ${actor.now}, version = version + 1 WHERE id = ${fromId} AND merged_into = ${intoId} AND changes() = 1`,
    sql`UPDATE cases SET person_id = ${fromId}
        WHERE person_id = ${intoId} AND id IN (SELECT value FROM json_each(${merge.caseIds}))
          AND EXISTS (SELECT 1 FROM person_merges WHERE id = ${mergeId} AND undone_at = ${actor.now})`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
        SELECT id, ${actor.now}, ${actor.actorId}, 'orang_dipisah', NULL FROM cases
        WHERE person_id = ${fromId} AND id IN (SELECT value FROM json_each(${merge.caseIds}))
          AND EXISTS (SELECT 1 FROM person_merges WHERE id = ${mergeId} AND undone_at = ${actor.now})`,
    sql`INSERT INTO audit_log (at, actor_id, action, detail)
        SELECT ${actor.now}, ${actor.actorId}, 'person.merge_undo', json_object('merge', ${mergeId}, 'from', ${fromId}, 'into', ${intoId})
        WHERE EXISTS (SELECT 1 FROM person_merges WHERE id = ${mergeId} AND undone_at = ${actor.now})`,
  ])
  return undone!.rowsAffected === 1 ? fromId : null
}

/**
 * Splits a wrongly linked case off its person: a new person made from what that case's report said
 * (name, NIK, sex), the case moved to it, a timeline event and an audit row. Only when the person
 * has other cases; returns the new person's id or null.
 */
export async function splitCase(db: Db, actor: { actorId: number; now: number }, input: { personId: number; caseId: number; nameKey: string }): Promise<number | null> {
  const key = `split:${input.caseId}:${actor.now}`
  const results = await writeBatch(db, [
    sql`INSERT INTO people (name, identity_known, name_key, nik, sex, intake_key, created_by, created_at, updated_at)
        SELECT person_name, person_nik IS NOT NULL, ${input.nameKey}, person_nik, person_sex, ${key}, ${actor.actorId}, ${actor.now}, ${actor.now}
        FROM cases WHERE id = ${input.caseId} AND person_id = ${input.personId} AND purged_at IS NULL
          AND EXISTS (SELECT 1 FROM cases other WHERE other.person_id = ${input.personId} AND other.id <> ${input.caseId})`,
    sql`UPDATE cases SET person_id = (SELECT id FROM people WHERE intake_key = ${key}) WHERE id = ${input.caseId} AND changes() = 1`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind) SELECT ${input.caseId}, ${actor.now}, ${actor.actorId}, 'orang_dipisah' WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${actor.now}, ${actor.actorId}, 'person.split', ${input.caseId}, json_object('from', ${input.personId}, 'to', id) FROM people WHERE intake_key = ${key}`,
    sql`SELECT id FROM people WHERE intake_key = ${key}`,
  ])
  const row = results.at(-1)!.rows[0]
  return row ? Number(row.id) : null
}

/** The kelurahan codes of a kelurahan's kecamatan, from reference data the caller holds. */
export function sameKecamatan(all: readonly { code: string; kecamatanCode: string }[], code: string | null): string[] {
  const home = all.find((k) => k.code === code)
  return home ? all.filter((k) => k.kecamatanCode === home.kecamatanCode).map((k) => k.code) : []
}

/**
 * Gives a person a photo, kept as a photo of one of their cases (the newest the uploader may see)
 * so that it has that case's scope, audit and retention: a timeline event, the photo row, the
 * person's link to it and an audit row, in one batch.
 */
export async function setPersonPhoto(db: Db, actor: { actorId: number; now: number }, input: { personId: number; caseId: number; photo: { storageKey: string; contentType: string; size: number } }) {
  const { photo } = input
  await writeBatch(db, [
    sql`INSERT INTO case_events (case_id, at, actor_id, kind) VALUES (${input.caseId}, ${actor.now}, ${actor.actorId}, 'foto_orang')`,
    sql`INSERT INTO case_photos (case_id, event_id, storage_key, content_type, size, uploaded_by, uploaded_at)
        VALUES (${input.caseId}, last_insert_rowid(), ${photo.storageKey}, ${photo.contentType}, ${photo.size}, ${actor.actorId}, ${actor.now})`,
    sql`UPDATE people SET photo_id = last_insert_rowid(), updated_at = ${actor.now}, version = version + 1 WHERE id = ${input.personId}`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) VALUES (${actor.now}, ${actor.actorId}, 'person.photo', ${input.caseId}, ${JSON.stringify({ person: input.personId })})`,
  ])
}

/** Fills the name key of people made by the migration (and any whose key is empty): the key is computed in code, not SQL. */
export async function ensurePersonNameKeys(db: Db): Promise<void> {
  let after = 0
  for (;;) {
    const rows = await db
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(and(eq(people.nameKey, ''), sql`${people.name} <> ''`, sql`${people.id} > ${after}`))
      .orderBy(asc(people.id))
      .limit(500)
    if (rows.length === 0) return
    const keyed = rows.map((r) => ({ id: r.id, key: nameKey(r.name) })).filter((r) => r.key)
    if (keyed.length > 0) await writeBatch(db, keyed.map((r) => db.update(people).set({ nameKey: r.key }).where(eq(people.id, r.id))))
    after = rows.at(-1)!.id
  }
}
