import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { caseEvents, cases, users } from './schema-core'

// Handling a case in the field: photos, GPS positions and referrals hang off the timeline event
// that recorded them; surat tugas are numbered letters sending one officer to one case.

/** A photo taken on a visit; the bytes live in the photo store (a folder on Node, R2 on the Worker). */
export const casePhotos = sqliteTable(
  'case_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    eventId: integer('event_id').references(() => caseEvents.id),
    storageKey: text('storage_key').notNull().unique(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: integer('uploaded_at').notNull(),
  },
  (t) => [index('case_photos_by_case').on(t.caseId, t.id)],
)

/** Where a facilitator stood when recording an event, only when they allowed the browser to tell. */
export const eventLocations = sqliteTable('event_locations', {
  eventId: integer('event_id').primaryKey().references(() => caseEvents.id),
  lat: real('lat').notNull(),
  lng: real('lng').notNull(),
  accuracyM: integer('accuracy_m'),
})

/** A referral to a partner institution (rujukan): who, and what was asked of them. */
export const referrals = sqliteTable(
  'referrals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    eventId: integer('event_id').references(() => caseEvents.id),
    partnerType: text('partner_type').notNull(),
    partnerName: text('partner_name').notNull(),
    request: text('request').notNull(),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    // The admin's partner organisation when one was chosen (issue 7); free-text partners leave it empty.
    partnerId: integer('partner_id'),
  },
  (t) => [index('referrals_by_case').on(t.caseId, t.at), index('referrals_by_partner').on(t.partnerId, t.caseId)],
)

/**
 * Surat tugas: numbered per year (`seq` from the counters table), one officer and one case. The
 * unique (case, officer) pair makes a repeated request show the letter already issued.
 */
export const suratTugas = sqliteTable(
  'surat_tugas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    officerId: integer('officer_id').notNull().references(() => users.id),
    issuedBy: integer('issued_by').references(() => users.id),
    issuedAt: integer('issued_at').notNull(),
    // Unguessable code of the public verification link /verifikasi/<code>.
    code: text('code').notNull().unique(),
  },
  (t) => [uniqueIndex('surat_tugas_case_officer').on(t.caseId, t.officerId), uniqueIndex('surat_tugas_year_seq').on(t.year, t.seq)],
)
