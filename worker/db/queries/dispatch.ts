import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { activeDispatchStatuses, type TripCaseMove } from '../../domain/dispatch'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { caseServiceDetails, cases, categories, categoryForms, dispatches, kelurahan, kelurahanContacts, users, vehicleCrew, vehicles } from '../schema'

const active = [...activeDispatchStatuses]

/** Every vehicle with its active dispatch, if any: the board's "which are free". */
export function listVehicleBoard(db: Db) {
  return db
    .select({
      id: vehicles.id,
      name: vehicles.name,
      plate: vehicles.plate,
      kind: vehicles.kind,
      base: vehicles.base,
      active: vehicles.active,
      dispatchId: dispatches.id,
      dispatchStatus: dispatches.status,
      dispatchedAt: dispatches.dispatchedAt,
      caseId: cases.id,
      ticket: cases.ticket,
      kelurahanName: kelurahan.name,
    })
    .from(vehicles)
    .leftJoin(dispatches, and(eq(dispatches.vehicleId, vehicles.id), inArray(dispatches.status, active)))
    .leftJoin(cases, eq(cases.id, dispatches.caseId))
    .leftJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .orderBy(asc(vehicles.kind), asc(vehicles.name))
}

export type VehicleBoardRow = Awaited<ReturnType<typeof listVehicleBoard>>[number]

export const isFree = (v: Pick<VehicleBoardRow, 'active' | 'dispatchId'>) => v.active && v.dispatchId === null

export type DispatchResult = { ok: true; id: number } | { ok: false; reason: 'busy' }

/**
 * Sends a vehicle to a case and, when the rules say so (domain/dispatch.ts caseAtDispatch), starts
 * the case's handling in the same batch. The partial unique index on active dispatches refuses a
 * vehicle that is already out, also when two operators send it at the same moment; the batch then
 * writes nothing. The case moves only from the status it was read in.
 */
export async function createDispatch(
  db: Db,
  w: { caseId: number; vehicleId: number; destination: string | null; actorId: number; now: number; label: string; start: { from: string; to: string } | null },
): Promise<DispatchResult> {
  const start = w.start
  try {
    const results = await writeBatch(db, [
      sql`INSERT INTO dispatches (case_id, vehicle_id, status, destination, dispatched_by, dispatched_at) VALUES (${w.caseId}, ${w.vehicleId}, 'dikirim', ${w.destination}, ${w.actorId}, ${w.now})`,
      start
        ? sql`UPDATE cases SET status = ${start.to}, version = version + 1, updated_at = ${w.now} WHERE id = ${w.caseId} AND status = ${start.from}`
        : sql`SELECT 0 WHERE 0`,
      // The dispatch event carries the status change when there was one (changes() of the UPDATE).
      start
        ? sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note)
            SELECT ${w.caseId}, ${w.now}, ${w.actorId}, 'dispatch', CASE WHEN changes() = 1 THEN ${start.from} END, CASE WHEN changes() = 1 THEN ${start.to} END, ${w.label}`
        : sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) VALUES (${w.caseId}, ${w.now}, ${w.actorId}, 'dispatch', ${w.label})`,
      sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) VALUES (${w.now}, ${w.actorId}, 'dispatch.create', ${w.caseId}, ${'vehicle=' + w.vehicleId})`,
      sql`SELECT id FROM dispatches WHERE vehicle_id = ${w.vehicleId} AND status = 'dikirim' AND case_id = ${w.caseId}`,
    ])
    return { ok: true, id: Number(results[4]!.rows[0]!.id) }
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: 'busy' }
    throw err
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: string; message?: string }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed: dispatches\.vehicle_id/.test(message ?? '')) return true
  }
  return false
}

/** A dispatch with its vehicle and the case facts a crew needs on the road. */
export async function findDispatch(db: Db, id: number) {
  const [row] = await db
    .select({
      dispatch: dispatches,
      vehicleName: vehicles.name,
      plate: vehicles.plate,
      ticket: cases.ticket,
      kelurahanCode: cases.kelurahanCode,
      caseStatus: cases.status,
      receivedAt: cases.receivedAt,
    })
    .from(dispatches)
    .innerJoin(vehicles, eq(vehicles.id, dispatches.vehicleId))
    .innerJoin(cases, eq(cases.id, dispatches.caseId))
    .where(eq(dispatches.id, id))
  return row ?? null
}

const columnOf = { departedAt: sql`departed_at`, arrivedAt: sql`arrived_at`, finishedAt: sql`finished_at`, cancelledAt: sql`cancelled_at` } as const

/** Moves a dispatch on, guarded by its current status; false when someone moved it first. */
export async function moveDispatch(db: Db, w: { id: number; caseId: number; from: string; to: string; column: keyof typeof columnOf; kind: string; note: string; actorId: number; now: number }) {
  const results = await writeBatch(db, [
    sql`UPDATE dispatches SET status = ${w.to}, ${columnOf[w.column]} = ${w.now} WHERE id = ${w.id} AND status = ${w.from}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${w.caseId}, ${w.now}, ${w.actorId}, ${w.kind}, ${w.note} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${w.now}, ${w.actorId}, ${'dispatch.' + w.to}, ${w.caseId}, ${'dispatch=' + w.id} WHERE changes() = 1`,
  ])
  return results[0]!.rowsAffected === 1
}

/**
 * The crew's "Selesai" with what they found, in one batch: the trip ends (guarded by its status, so
 * a repeated tap writes nothing), then the case moves as decided (domain/dispatch.ts caseAfterTrip),
 * each later statement only if the one before wrote its row.
 */
export async function finishTrip(db: Db, w: { id: number; caseId: number; tripNote: string; move: TripCaseMove | null; actorId: number; now: number }) {
  const m = w.move
  const caseStatements: SQL[] = !m
    ? []
    : m.kind === 'shelter'
      ? [
          // Bed and belongings are for the shelter's staff to record when they take the person in.
          sql`INSERT INTO shelter_stays (case_id, shelter_id, admitted_at, bed, belongings, admitted_by)
              SELECT ${w.caseId}, ${m.shelterId}, ${w.now}, '', NULL, ${w.actorId}
              WHERE changes() = 1 AND NOT EXISTS (SELECT 1 FROM shelter_stays WHERE case_id = ${w.caseId} AND discharged_at IS NULL)`,
          sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
              SELECT ${w.caseId}, ${w.now}, ${w.actorId}, 'shelter_admit', s.name || '. ' || ${m.note} FROM shelters s WHERE s.id = ${m.shelterId} AND changes() = 1`,
        ]
      : [
          sql`UPDATE cases SET status = ${m.to}, version = version + 1, updated_at = ${w.now},
                ${m.kind === 'resolve' ? sql`resolved_at = ${m.resolvedAt}, handle_minutes = ${m.handleMinutes}, outcome = ${m.outcome}` : sql`assigned_to = ${m.assignTo}`}
              WHERE id = ${w.caseId} AND status = ${m.from} AND changes() = 1`,
          sql`INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, note)
              SELECT ${w.caseId}, ${w.now}, ${w.actorId}, ${m.kind}, ${m.from}, ${m.to}, ${m.note} WHERE changes() = 1`,
          sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
              SELECT ${w.now}, ${w.actorId}, ${'case.' + m.kind}, ${w.caseId}, ${`${m.from}->${m.to}`} WHERE changes() = 1`,
        ]
  const results = await writeBatch(db, [
    sql`UPDATE dispatches SET status = 'selesai', finished_at = ${w.now} WHERE id = ${w.id} AND status = 'tiba'`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${w.caseId}, ${w.now}, ${w.actorId}, 'dispatch_finish', ${w.tripNote} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${w.now}, ${w.actorId}, 'dispatch.selesai', ${w.caseId}, ${'dispatch=' + w.id} WHERE changes() = 1`,
    ...caseStatements,
  ])
  return results[0]!.rowsAffected === 1
}

/** The facilitator a trip hands its case to: the one already on it, else the first in line for the kelurahan. */
export async function facilitatorForCase(db: Db, caseId: number): Promise<number | null> {
  const rows = await db.all<{ id: number | null }>(sql`SELECT coalesce(
      (SELECT u.id FROM cases c JOIN users u ON u.id = c.assigned_to AND u.role = 'fasilitator' AND u.active = 1 WHERE c.id = ${caseId}),
      (SELECT uk.user_id FROM cases c JOIN user_kelurahan uk ON uk.kelurahan_code = c.kelurahan_code JOIN users u ON u.id = uk.user_id
        WHERE c.id = ${caseId} AND u.active = 1 AND u.role = 'fasilitator' ORDER BY uk.priority, uk.user_id LIMIT 1)) AS id`)
  return rows[0]?.id == null ? null : Number(rows[0].id)
}

export function listCaseDispatches(db: Db, caseId: number) {
  return db
    .select({ id: dispatches.id, status: dispatches.status, destination: dispatches.destination, dispatchedAt: dispatches.dispatchedAt, finishedAt: dispatches.finishedAt, vehicleName: vehicles.name, plate: vehicles.plate })
    .from(dispatches)
    .innerJoin(vehicles, eq(vehicles.id, dispatches.vehicleId))
    .where(eq(dispatches.caseId, caseId))
    .orderBy(desc(dispatches.dispatchedAt), desc(dispatches.id))
}

export async function isCrewOf(db: Db, userId: number, vehicleId: number) {
  const [row] = await db.select({ n: sql<number>`1` }).from(vehicleCrew).where(and(eq(vehicleCrew.userId, userId), eq(vehicleCrew.vehicleId, vehicleId)))
  return Boolean(row)
}

/** The active dispatches of the vehicles a user rides, with where to go and whom to call. */
export function listCrewDispatches(db: Db, userId: number) {
  return db
    .select({
      id: dispatches.id,
      status: dispatches.status,
      destination: dispatches.destination,
      dispatchedAt: dispatches.dispatchedAt,
      vehicleName: vehicles.name,
      plate: vehicles.plate,
      ticket: cases.ticket,
      categoryName: categories.name,
      personName: cases.personName,
      address: cases.address,
      rt: cases.rt,
      rw: cases.rw,
      landmark: cases.landmark,
      kelurahanName: kelurahan.name,
      reporterName: cases.reporterName,
      reporterPhone: cases.reporterPhone,
    })
    .from(dispatches)
    .innerJoin(vehicleCrew, and(eq(vehicleCrew.vehicleId, dispatches.vehicleId), eq(vehicleCrew.userId, userId)))
    .innerJoin(vehicles, eq(vehicles.id, dispatches.vehicleId))
    .innerJoin(cases, eq(cases.id, dispatches.caseId))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .where(inArray(dispatches.status, active))
    .orderBy(asc(dispatches.dispatchedAt))
}

export type CrewDispatchRow = Awaited<ReturnType<typeof listCrewDispatches>>[number]

// --- Vehicles and crews (admin) ----------------------------------------------------------------

export async function listVehiclesWithCrew(db: Db) {
  const [vehicleRows, crewRows] = await db.batch([
    db.select().from(vehicles).orderBy(asc(vehicles.kind), asc(vehicles.name)),
    db.select({ vehicleId: vehicleCrew.vehicleId, userId: users.id, displayName: users.displayName }).from(vehicleCrew).innerJoin(users, eq(users.id, vehicleCrew.userId)).orderBy(asc(users.displayName)),
  ])
  return vehicleRows.map((v) => ({ ...v, crew: crewRows.filter((c) => c.vehicleId === v.id) }))
}

export type VehicleWithCrew = Awaited<ReturnType<typeof listVehiclesWithCrew>>[number]

export function listCrewCandidates(db: Db) {
  return db.select({ id: users.id, displayName: users.displayName, role: users.role }).from(users).where(eq(users.active, true)).orderBy(asc(users.displayName))
}

/** Creates or updates a vehicle and replaces its crew in one batch; false when the plate is taken. */
export async function saveVehicle(db: Db, w: { id?: number; name: string; plate: string; kind: string; base: string | null; active: boolean; crewIds: number[] }): Promise<boolean> {
  const [taken] = await db.select({ id: vehicles.id }).from(vehicles).where(eq(vehicles.plate, w.plate))
  if (taken && taken.id !== w.id) return false
  const id = w.id ?? sql`(SELECT id FROM vehicles WHERE plate = ${w.plate})`
  await writeBatch(db, [
    w.id
      ? sql`UPDATE vehicles SET name = ${w.name}, plate = ${w.plate}, kind = ${w.kind}, base = ${w.base}, active = ${w.active ? 1 : 0} WHERE id = ${w.id}`
      : sql`INSERT INTO vehicles (name, plate, kind, base, active) VALUES (${w.name}, ${w.plate}, ${w.kind}, ${w.base}, ${w.active ? 1 : 0})`,
    sql`DELETE FROM vehicle_crew WHERE vehicle_id = ${id}`,
    ...w.crewIds.map((userId) => sql`INSERT INTO vehicle_crew (vehicle_id, user_id) VALUES (${id}, ${userId})`),
  ])
  return true
}

// --- Coordination contacts of a kelurahan ------------------------------------------------------

export function listKelurahanContacts(db: Db, kelurahanCode: string | SQL) {
  return db.select().from(kelurahanContacts).where(eq(kelurahanContacts.kelurahanCode, kelurahanCode)).orderBy(asc(kelurahanContacts.role), asc(kelurahanContacts.unit), asc(kelurahanContacts.name))
}

export async function addKelurahanContact(db: Db, w: { kelurahanCode: string; role: string; name: string; phone: string; unit: string | null }) {
  await db.insert(kelurahanContacts).values(w)
}

export async function deleteKelurahanContact(db: Db, id: number) {
  const [row] = await db.delete(kelurahanContacts).where(eq(kelurahanContacts.id, id)).returning({ kelurahanCode: kelurahanContacts.kelurahanCode })
  return row?.kelurahanCode ?? null
}

// --- Per-category extra fields and a case's values ---------------------------------------------

export async function categoryFormOf(db: Db, categoryId: number) {
  const [row] = await db.select({ code: categories.code, name: categories.name, fields: categoryForms.fields }).from(categories).leftJoin(categoryForms, eq(categoryForms.categoryId, categories.id)).where(eq(categories.id, categoryId))
  return row ?? null
}

export async function saveCategoryForm(db: Db, categoryId: number, fieldsJson: string) {
  await db.insert(categoryForms).values({ categoryId, fields: fieldsJson }).onConflictDoUpdate({ target: categoryForms.categoryId, set: { fields: fieldsJson } })
}

/** The case's saved service details (JSON); read with `serviceValuesOf`. */
export function caseServiceDetailsRow(db: Db, caseId: number) {
  return db.select({ values: caseServiceDetails.values }).from(caseServiceDetails).where(eq(caseServiceDetails.caseId, caseId))
}

export function serviceValuesOf(rows: { values: string }[]): Record<string, string> | null {
  if (!rows[0]) return null
  try {
    return JSON.parse(rows[0].values) as Record<string, string>
  } catch {
    return null
  }
}

export async function saveServiceValues(db: Db, w: { caseId: number; values: Record<string, string>; actorId: number; now: number }) {
  const json = JSON.stringify(w.values)
  await writeBatch(db, [
    sql`INSERT INTO case_service_details (case_id, "values", updated_by, updated_at) VALUES (${w.caseId}, ${json}, ${w.actorId}, ${w.now})
        ON CONFLICT (case_id) DO UPDATE SET "values" = excluded."values", updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) VALUES (${w.caseId}, ${w.now}, ${w.actorId}, 'service_details', NULL)`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) VALUES (${w.now}, ${w.actorId}, 'service_details.save', ${w.caseId}, NULL)`,
  ])
}
