import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { LetterContent } from '../domain/letter'
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
    // Issue 24, for a listed partner: when it must have answered, and when its outcome is due; each
    // with the moment a miss goes on from the partner to the case's holder and supervisor.
    acceptDueAt: integer('accept_due_at'),
    acceptEscalateAt: integer('accept_escalate_at'),
    outcomeDueAt: integer('outcome_due_at'),
    outcomeEscalateAt: integer('outcome_escalate_at'),
  },
  (t) => [
    index('referrals_by_case').on(t.caseId, t.at),
    index('referrals_by_partner').on(t.partnerId, t.caseId),
    // The dashboard's partner answer times read a period's referrals (issue 25), not all of them.
    index('referrals_by_at').on(t.at, t.partnerId),
    index('referrals_by_accept_due').on(t.acceptDueAt).where(sql`accept_due_at IS NOT NULL`),
  ],
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
    // What the letter says, frozen when issued (domain/letter.ts LetterContent): a letter printed
    // again later must read as the one signed. Letters issued before it was kept have none.
    content: text('content', { mode: 'json' }).$type<LetterContent>(),
  },
  (t) => [uniqueIndex('surat_tugas_case_officer').on(t.caseId, t.officerId), uniqueIndex('surat_tugas_year_seq').on(t.year, t.seq)],
)

/**
 * Each step of a referral's deadlines the sweep took, once (the primary key): `accept_remind`,
 * `accept_escalate`, `outcome_remind`, `outcome_escalate` (domain/escalation.ts referralSteps).
 */
export const referralDeadlineSteps = sqliteTable(
  'referral_deadline_steps',
  {
    referralId: integer('referral_id').notNull().references(() => referrals.id),
    step: text('step').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    runId: text('run_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.referralId, t.step] })],
)

/** A facilitator's request for a surat tugas on their case; answered by the letter for the same pair. */
export const suratTugasRequests = sqliteTable(
  'surat_tugas_requests',
  {
    caseId: integer('case_id').notNull().references(() => cases.id),
    officerId: integer('officer_id').notNull().references(() => users.id),
    requestedAt: integer('requested_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.officerId] })],
)
