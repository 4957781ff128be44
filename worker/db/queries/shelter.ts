import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { CaseScope } from '../../domain/access'
import type { AssessmentInput, Discharge } from '../../domain/shelter'
import { writeBatch } from '../batch'
import { caseScopeCondition } from './scope'
import type { Db } from '../client'
import { assessments, caseOrigins, cases, identityDocuments, kelurahan, provinces, regencies, shelterStays, shelters, tracingContacts, users } from '../schema'

const event = (caseId: number, now: number, actorId: number, kind: string, note: string | null) =>
  sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${caseId}, ${now}, ${actorId}, ${kind}, ${note} WHERE changes() = 1`
const audit = (caseId: number, now: number, actorId: number, action: string, detail: string | null = null) =>
  sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${now}, ${actorId}, ${action}, ${caseId}, ${detail} WHERE changes() = 1`

export function listShelters(db: Db) {
  return db.select().from(shelters).orderBy(asc(shelters.name))
}

/** A case's stays, newest first; at most one is open. */
export function listStays(db: Db, caseId: number) {
  return db
    .select({ stay: shelterStays, shelterName: shelters.name, stayLimitDays: shelters.stayLimitDays })
    .from(shelterStays)
    .innerJoin(shelters, eq(shelters.id, shelterStays.shelterId))
    .where(eq(shelterStays.caseId, caseId))
    .orderBy(desc(shelterStays.admittedAt), desc(shelterStays.id))
}

export type StayRow = Awaited<ReturnType<typeof listStays>>[number]

/** Admits the case's person; refused (false) while they still have an open stay. */
export async function admitToShelter(db: Db, w: { caseId: number; shelterId: number; admittedAt: number; bed: string; belongings: string | null; actorId: number; now: number; shelterName: string }) {
  const results = await writeBatch(db, [
    sql`INSERT INTO shelter_stays (case_id, shelter_id, admitted_at, bed, belongings, admitted_by)
        SELECT ${w.caseId}, ${w.shelterId}, ${w.admittedAt}, ${w.bed}, ${w.belongings}, ${w.actorId}
        WHERE NOT EXISTS (SELECT 1 FROM shelter_stays WHERE case_id = ${w.caseId} AND discharged_at IS NULL)`,
    event(w.caseId, w.now, w.actorId, 'shelter_admit', `${w.shelterName}, ${w.bed}`),
    audit(w.caseId, w.now, w.actorId, 'shelter.admit'),
  ])
  return results[0]!.rowsAffected === 1
}

/** Discharges an open stay; false when it was already discharged (a repeated or stale form). */
export async function dischargeFromShelter(db: Db, w: { stayId: number; caseId: number; discharge: Discharge; reasonLabel: string; actorId: number; now: number }) {
  const d = w.discharge
  const note = d.receivedBy ? `${w.reasonLabel}: diterima ${d.receivedBy.name} (${d.receivedBy.relation})` : w.reasonLabel
  const results = await writeBatch(db, [
    sql`UPDATE shelter_stays SET discharged_at = ${d.dischargedAt}, discharge_reason = ${d.reason}, discharge_note = ${d.note}, discharged_by = ${w.actorId},
          received_by_name = ${d.receivedBy?.name ?? null}, received_by_relation = ${d.receivedBy?.relation ?? null}, received_by_phone = ${d.receivedBy?.phone ?? null}
        WHERE id = ${w.stayId} AND case_id = ${w.caseId} AND discharged_at IS NULL`,
    event(w.caseId, w.now, w.actorId, 'shelter_discharge', note),
    audit(w.caseId, w.now, w.actorId, 'shelter.discharge', d.reason),
  ])
  return results[0]!.rowsAffected === 1
}

/** Current residents of all shelters inside the scope, longest stay first. */
export function listResidents(db: Db, scope: CaseScope) {
  return db
    .select({
      stayId: shelterStays.id,
      caseId: cases.id,
      ticket: cases.ticket,
      personName: cases.personName,
      kelurahanName: kelurahan.name,
      shelterName: shelters.name,
      stayLimitDays: shelters.stayLimitDays,
      bed: shelterStays.bed,
      admittedAt: shelterStays.admittedAt,
      dischargedAt: shelterStays.dischargedAt,
    })
    .from(shelterStays)
    .innerJoin(shelters, eq(shelters.id, shelterStays.shelterId))
    .innerJoin(cases, eq(cases.id, shelterStays.caseId))
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .where(and(isNull(shelterStays.dischargedAt), caseScopeCondition(scope)))
    .orderBy(asc(shelterStays.admittedAt), asc(shelterStays.id))
    .limit(500)
}

export type ResidentRow = Awaited<ReturnType<typeof listResidents>>[number]

/** Saves a new assessment version (the previous ones stay as they were); returns its number. */
export async function addAssessment(db: Db, w: { caseId: number; input: AssessmentInput; actorId: number; now: number }) {
  const a = w.input
  const results = await writeBatch(db, [
    sql`INSERT INTO assessments (case_id, version, masalah, potensi, sumber, identity, health, mental_state, family_contacts, assessed_by, assessed_at)
        SELECT ${w.caseId}, coalesce(max(version), 0) + 1, ${a.masalah}, ${a.potensi}, ${a.sumber}, ${a.identity}, ${a.health}, ${a.mentalState}, ${a.familyContacts}, ${w.actorId}, ${w.now}
        FROM assessments WHERE case_id = ${w.caseId}`,
    // Only the version number on the timeline: health and mental state stay on the audited page.
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
        SELECT ${w.caseId}, ${w.now}, ${w.actorId}, 'assessment', 'Versi ' || max(version) FROM assessments WHERE case_id = ${w.caseId}`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${w.now}, ${w.actorId}, 'assessment.create', ${w.caseId}, 'v' || max(version) FROM assessments WHERE case_id = ${w.caseId}`,
    sql`SELECT max(version) AS version FROM assessments WHERE case_id = ${w.caseId}`,
  ])
  return Number(results[3]!.rows[0]!.version)
}

export function listAssessmentVersions(db: Db, caseId: number) {
  return db
    .select({ version: assessments.version, assessedAt: assessments.assessedAt, assessorName: users.displayName })
    .from(assessments)
    .leftJoin(users, eq(users.id, assessments.assessedBy))
    .where(eq(assessments.caseId, caseId))
    .orderBy(desc(assessments.version))
}

/** One version (the newest when `version` is omitted) with who assessed. */
export async function findAssessment(db: Db, caseId: number, version?: number) {
  const [row] = await db
    .select({ assessment: assessments, assessorName: users.displayName })
    .from(assessments)
    .leftJoin(users, eq(users.id, assessments.assessedBy))
    .where(and(eq(assessments.caseId, caseId), version === undefined ? undefined : eq(assessments.version, version)))
    .orderBy(desc(assessments.version))
    .limit(1)
  return row ?? null
}

export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof findAssessment>>>

export function listDocumentSteps(db: Db, caseId: number) {
  return db
    .select({ step: identityDocuments.step, status: identityDocuments.status, note: identityDocuments.note, updatedAt: identityDocuments.updatedAt, updatedByName: users.displayName })
    .from(identityDocuments)
    .leftJoin(users, eq(users.id, identityDocuments.updatedBy))
    .where(eq(identityDocuments.caseId, caseId))
}

export async function saveDocumentStep(db: Db, w: { caseId: number; step: string; status: string; note: string | null; label: string; actorId: number; now: number }) {
  await writeBatch(db, [
    sql`INSERT INTO identity_documents (case_id, step, status, note, updated_by, updated_at) VALUES (${w.caseId}, ${w.step}, ${w.status}, ${w.note}, ${w.actorId}, ${w.now})
        ON CONFLICT (case_id, step) DO UPDATE SET status = excluded.status, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    event(w.caseId, w.now, w.actorId, 'document_step', w.label),
    audit(w.caseId, w.now, w.actorId, 'document.step', `${w.step}=${w.status}`),
  ])
}

export async function findOrigin(db: Db, caseId: number) {
  const [row] = await db
    .select({ origin: caseOrigins, provinceName: provinces.name, regencyName: regencies.name })
    .from(caseOrigins)
    .innerJoin(provinces, eq(provinces.code, caseOrigins.provinceCode))
    .leftJoin(regencies, eq(regencies.code, caseOrigins.regencyCode))
    .where(eq(caseOrigins.caseId, caseId))
  return row ?? null
}

export async function saveOrigin(db: Db, w: { caseId: number; provinceCode: string; regencyCode: string | null; detail: string | null; label: string; actorId: number; now: number }) {
  await writeBatch(db, [
    sql`INSERT INTO case_origins (case_id, province_code, regency_code, detail, updated_by, updated_at) VALUES (${w.caseId}, ${w.provinceCode}, ${w.regencyCode}, ${w.detail}, ${w.actorId}, ${w.now})
        ON CONFLICT (case_id) DO UPDATE SET province_code = excluded.province_code, regency_code = excluded.regency_code, detail = excluded.detail, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    event(w.caseId, w.now, w.actorId, 'origin', w.label),
    audit(w.caseId, w.now, w.actorId, 'origin.save'),
  ])
}

export function listTracing(db: Db, caseId: number) {
  return db
    .select({ id: tracingContacts.id, at: tracingContacts.at, method: tracingContacts.method, contact: tracingContacts.contact, result: tracingContacts.result, note: tracingContacts.note, actorName: users.displayName })
    .from(tracingContacts)
    .leftJoin(users, eq(users.id, tracingContacts.actorId))
    .where(eq(tracingContacts.caseId, caseId))
    .orderBy(desc(tracingContacts.at), desc(tracingContacts.id))
}

export async function addTracingContact(db: Db, w: { caseId: number; method: string; contact: string; result: string; note: string | null; label: string; actorId: number; now: number }) {
  await writeBatch(db, [
    sql`INSERT INTO tracing_contacts (case_id, at, actor_id, method, contact, result, note) VALUES (${w.caseId}, ${w.now}, ${w.actorId}, ${w.method}, ${w.contact}, ${w.result}, ${w.note})`,
    event(w.caseId, w.now, w.actorId, 'tracing', w.label),
    audit(w.caseId, w.now, w.actorId, 'tracing.add'),
  ])
}

/** Provinces and regencies for the region-of-origin pickers (all of Indonesia). */
export async function regionOptions(db: Db) {
  const [provinceRows, regencyRows] = await db.batch([
    db.select({ code: provinces.code, name: provinces.name }).from(provinces).orderBy(asc(provinces.name)),
    db.select({ code: regencies.code, provinceCode: regencies.provinceCode, name: regencies.name }).from(regencies).orderBy(asc(regencies.name)),
  ])
  return { provinces: provinceRows, regencies: regencyRows }
}

export type RegionOptions = Awaited<ReturnType<typeof regionOptions>>

// --- Admin: shelters and their stay limits ---------------------------------------------------

export async function saveShelter(db: Db, w: { id?: number; name: string; stayLimitDays: number; active: boolean }) {
  if (w.id) await db.update(shelters).set({ name: w.name, stayLimitDays: w.stayLimitDays, active: w.active }).where(eq(shelters.id, w.id))
  else await db.insert(shelters).values({ name: w.name, stayLimitDays: w.stayLimitDays, active: w.active })
}
