import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { cases, kelurahan, people, users } from './schema-core'

// People across reports (issue 23): repeat sightings of a case's person and reversible merges.

/**
 * A further report about an open case's person (another caller, another place): recorded on that
 * case instead of opening a new one, without restarting its clock.
 */
export const sightings = sqliteTable(
  'sightings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    at: integer('at').notNull(),
    channel: text('channel').notNull(),
    kelurahanCode: text('kelurahan_code').notNull().references(() => kelurahan.code),
    address: text('address').notNull(),
    landmark: text('landmark'),
    reporterName: text('reporter_name').notNull(),
    reporterPhone: text('reporter_phone'),
    description: text('description').notNull(),
    // The intake form's key: a double-submitted sighting is recorded once.
    idempotencyKey: text('idempotency_key').notNull().unique(),
    createdBy: integer('created_by').references(() => users.id),
  },
  (t) => [index('sightings_by_case').on(t.caseId, t.at), index('sightings_by_area').on(t.kelurahanCode, t.at)],
)

/** Two person records found to be one: the cases moved, so that undoing puts back exactly those. */
export const personMerges = sqliteTable(
  'person_merges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fromPersonId: integer('from_person_id').notNull().references(() => people.id),
    intoPersonId: integer('into_person_id').notNull().references(() => people.id),
    // JSON array of the case ids moved from one to the other.
    caseIds: text('case_ids').notNull(),
    reason: text('reason').notNull(),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    undoneAt: integer('undone_at'),
    undoneBy: integer('undone_by').references(() => users.id),
  },
  (t) => [index('person_merges_from').on(t.fromPersonId), index('person_merges_into').on(t.intoPersonId)],
)
