import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { cases, categories, kelurahan, provinces, regencies, users } from './schema-core'

// Services beyond the complaint desk (issue 8): shelter stays, assessments, identity documents,
// family tracing, per-category service fields, vehicles and their dispatches, kelurahan contacts.

/** A shelter (rumah singgah, liposos) and how long a stay may last before it shows as overdue. */
export const shelters = sqliteTable('shelters', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  stayLimitDays: integer('stay_limit_days').notNull().default(7),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
})

/**
 * One stay of a case's person in a shelter. A case has at most one open stay (partial unique
 * index); a discharge with reason `keluarga` records who received the person (the hand-over).
 */
export const shelterStays = sqliteTable(
  'shelter_stays',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    shelterId: integer('shelter_id').notNull().references(() => shelters.id),
    admittedAt: integer('admitted_at').notNull(),
    bed: text('bed').notNull(),
    belongings: text('belongings'),
    admittedBy: integer('admitted_by').references(() => users.id),
    dischargedAt: integer('discharged_at'),
    dischargeReason: text('discharge_reason'),
    dischargeNote: text('discharge_note'),
    dischargedBy: integer('discharged_by').references(() => users.id),
    receivedByName: text('received_by_name'),
    receivedByRelation: text('received_by_relation'),
    receivedByPhone: text('received_by_phone'),
  },
  (t) => [
    uniqueIndex('shelter_stays_one_open').on(t.caseId).where(sql`discharged_at IS NULL`),
    index('shelter_stays_current').on(t.shelterId, t.dischargedAt),
  ],
)

/** Assessment of masalah, potensi, sumber (seed 003): each save is a new version, never an edit. */
export const assessments = sqliteTable(
  'assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    version: integer('version').notNull(),
    masalah: text('masalah').notNull(),
    potensi: text('potensi').notNull(),
    sumber: text('sumber').notNull(),
    identity: text('identity'),
    health: text('health'),
    mentalState: text('mental_state'),
    familyContacts: text('family_contacts'),
    assessedBy: integer('assessed_by').references(() => users.id),
    assessedAt: integer('assessed_at').notNull(),
  },
  (t) => [uniqueIndex('assessments_case_version').on(t.caseId, t.version)],
)

/** Identity-document facilitation: one row per (case, step) with its current status. */
export const identityDocuments = sqliteTable(
  'identity_documents',
  {
    caseId: integer('case_id').notNull().references(() => cases.id),
    step: text('step').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.step] })],
)

/** Region of origin of the case's person: official province/regency codes, any province. */
export const caseOrigins = sqliteTable('case_origins', {
  caseId: integer('case_id').primaryKey().references(() => cases.id),
  provinceCode: text('province_code').notNull().references(() => provinces.code),
  regencyCode: text('regency_code').references(() => regencies.code),
  // Kecamatan/desa outside the deployment region are not loaded: free text.
  detail: text('detail'),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: integer('updated_at').notNull(),
})

/** A contact tried while tracing the family. */
export const tracingContacts = sqliteTable(
  'tracing_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    method: text('method').notNull(),
    contact: text('contact').notNull(),
    result: text('result').notNull(),
    note: text('note'),
  },
  (t) => [index('tracing_contacts_by_case').on(t.caseId, t.at)],
)

/** The extra form fields of a category (JSON list, domain/service-fields.ts), kept by an admin. */
export const categoryForms = sqliteTable('category_forms', {
  categoryId: integer('category_id').primaryKey().references(() => categories.id),
  fields: text('fields').notNull(),
})

/** The values of a case's extra fields, as JSON keyed by field key. */
export const caseServiceDetails = sqliteTable('case_service_details', {
  caseId: integer('case_id').primaryKey().references(() => cases.id),
  values: text('values').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: integer('updated_at').notNull(),
})

/** A TRC car or ambulance. */
export const vehicles = sqliteTable('vehicles', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  plate: text('plate').notNull().unique(),
  kind: text('kind').notNull(),
  base: text('base'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
})

/** Who rides a vehicle: they mark its dispatches departed, arrived and finished. */
export const vehicleCrew = sqliteTable(
  'vehicle_crew',
  {
    vehicleId: integer('vehicle_id').notNull().references(() => vehicles.id),
    userId: integer('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.vehicleId, t.userId] }), index('vehicle_crew_by_user').on(t.userId)],
)

/**
 * A vehicle sent to a case. The partial unique index is the guarantee that one vehicle is never
 * on two active dispatches at once, whatever two operators click at the same moment.
 */
export const dispatches = sqliteTable(
  'dispatches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    vehicleId: integer('vehicle_id').notNull().references(() => vehicles.id),
    status: text('status').notNull(),
    destination: text('destination'),
    dispatchedBy: integer('dispatched_by').references(() => users.id),
    dispatchedAt: integer('dispatched_at').notNull(),
    departedAt: integer('departed_at'),
    arrivedAt: integer('arrived_at'),
    finishedAt: integer('finished_at'),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    uniqueIndex('dispatches_one_active_per_vehicle').on(t.vehicleId).where(sql`status IN ('dikirim', 'berangkat', 'tiba')`),
    index('dispatches_by_case').on(t.caseId),
  ],
)

/** Coordination contacts of a kelurahan (seed 004): lurah, Babinsa, Bhabinkamtibmas, RT/RW heads. */
export const kelurahanContacts = sqliteTable(
  'kelurahan_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kelurahanCode: text('kelurahan_code').notNull().references(() => kelurahan.code),
    role: text('role').notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    // For RT/RW heads: which unit, e.g. "RT 03 / RW 12".
    unit: text('unit'),
  },
  (t) => [index('kelurahan_contacts_by_area').on(t.kelurahanCode)],
)
