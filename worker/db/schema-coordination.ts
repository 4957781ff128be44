import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { caseEvents, cases, users } from './schema-core'

// Issue 24: coordination beyond the staff. Kelurahan contacts (lurah, Babinsa, Bhabinkamtibmas, RT/RW)
// have no account and never will; a guest link lets one of them see one case's errand and answer it.

/**
 * A capability link for one contact on one case. Only the SHA-256 of its 256-bit token is kept (a
 * copied database opens no link); the contact's name, role and phone are copied so the link's record
 * survives an admin removing the contact.
 */
export const guestLinks = sqliteTable(
  'guest_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    contactId: integer('contact_id'),
    contactName: text('contact_name').notNull(),
    contactRole: text('contact_role').notNull(),
    contactPhone: text('contact_phone').notNull(),
    ask: text('ask').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    // The form's key: a double submit makes one link.
    idem: text('idem').notNull().unique(),
    createdBy: integer('created_by').notNull().references(() => users.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    revokedBy: integer('revoked_by').references(() => users.id),
  },
  (t) => [index('guest_links_by_case').on(t.caseId, t.id)],
)

/** A guest's answer through their link; its timeline event carries the note (retention clears it there) and any photo. */
export const guestAnswers = sqliteTable(
  'guest_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    linkId: integer('link_id').notNull().references(() => guestLinks.id),
    caseId: integer('case_id').notNull().references(() => cases.id),
    eventId: integer('event_id').references(() => caseEvents.id),
    answer: text('answer', { enum: ['menuju_lokasi', 'tidak_ada', 'catatan'] }).notNull(),
    at: integer('at').notNull(),
    idem: text('idem').notNull().unique(),
  },
  (t) => [index('guest_answers_by_link').on(t.linkId, t.id)],
)

/**
 * An *usulan* to the national welfare register (DTKS/DTSEN): staff hand the person's data to the
 * kelurahan's SIKS-NG operator (Sigap has no access to SIKS-NG) and later record what came of it.
 * The notes live on the timeline events (retention clears them there); this row keeps the dates,
 * the addressee and the outcome the dashboard counts.
 */
export const dtksProposals = sqliteTable(
  'dtks_proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    // The day it went to the operator, YYYY-MM-DD as staff entered it.
    sentOn: text('sent_on').notNull(),
    sentTo: text('sent_to').notNull(),
    outcome: text('outcome', { enum: ['menunggu', 'diterima', 'ditolak'] }).notNull().default('menunggu'),
    outcomeAt: integer('outcome_at'),
    // The form's key: a double submit makes one usulan.
    idem: text('idem').notNull().unique(),
    createdBy: integer('created_by').notNull().references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('dtks_proposals_by_case').on(t.caseId, t.id), index('dtks_proposals_by_created').on(t.createdAt)],
)
