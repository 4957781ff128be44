import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { cases, users } from './schema-core'

/** Open311 API keys issued by an admin; only a SHA-256 of each key is kept, so a leaked table opens nothing. */
export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  // The first characters, shown to admins so they can tell keys apart.
  keyPrefix: text('key_prefix').notNull(),
  createdAt: integer('created_at').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  revokedAt: integer('revoked_at'),
  revokedBy: integer('revoked_by').references(() => users.id),
})

/**
 * Answers to the public-service satisfaction survey (PermenPANRB 14/2017: nine elements, 1–4).
 * One row per case: the unique case id is what makes the survey link single-use.
 */
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().unique().references(() => cases.id),
    answeredAt: integer('answered_at').notNull(),
    u1: integer('u1').notNull(),
    u2: integer('u2').notNull(),
    u3: integer('u3').notNull(),
    u4: integer('u4').notNull(),
    u5: integer('u5').notNull(),
    u6: integer('u6').notNull(),
    u7: integer('u7').notNull(),
    u8: integer('u8').notNull(),
    u9: integer('u9').notNull(),
    suggestion: text('suggestion'),
  },
  (t) => [index('survey_responses_by_time').on(t.answeredAt)],
)
