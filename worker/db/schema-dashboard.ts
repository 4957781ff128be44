import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { cases, users } from './schema-core'
import { referrals } from './schema-handling'

// Issue 7: the managers' dashboard and the partners who follow their referrals.

/**
 * Daily figures per dimension, kept current by triggers on `cases` (migration 00xx_dashboard):
 * every write to a case (intake, transitions, reopen, spam, import, bulk seed) moves its share in
 * the same transaction, so the dashboard reads days, not cases. `day` is the local day number
 * (days since 1970-01-01 in the deployment's zone, offset in rollup_config); `dim` is 'all',
 * 'category', 'kelurahan' or 'assignee', `key` the category id, kelurahan code or user id ('' for
 * 'all' and for unassigned cases). `received` and `escalated` count by the day of receipt;
 * `handled`, `within_target` and `handle_minutes` by the day the case was last resolved.
 */
export const caseRollups = sqliteTable(
  'case_rollups',
  {
    day: integer('day').notNull(),
    dim: text('dim').notNull(),
    key: text('key').notNull(),
    received: integer('received').notNull().default(0),
    escalated: integer('escalated').notNull().default(0),
    handled: integer('handled').notNull().default(0),
    withinTarget: integer('within_target').notNull().default(0),
    handleMinutes: integer('handle_minutes').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.dim, t.day, t.key] })],
)

/**
 * The median's histograms (issue 25), beside the rollups and cut the same way (day, dim, key): for
 * the cases last resolved that day, an object (SQLite JSONB: edited in place, no parse on each write) from bucket index (domain/figures.ts handleBucket)
 * to count. Kept by the handle_buckets migration's triggers, so a period's median reads days, not cases. Its own
 * table keeps the rollup rows small for the reads that only sum counts (recap, year).
 */
export const caseHandleBuckets = sqliteTable(
  'case_handle_buckets',
  {
    day: integer('day').notNull(),
    dim: text('dim').notNull(),
    key: text('key').notNull(),
    buckets: blob('buckets', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.dim, t.day, t.key] })],
)

/**
 * The same histograms summed per local month (issue 25): `month` is the day number of the month's
 * first day. A period reads its whole months here and only the days at its ends from
 * case_handle_buckets, so the median's cost does not grow with how many cases a month holds.
 */
export const caseHandleBucketsMonthly = sqliteTable(
  'case_handle_buckets_monthly',
  {
    month: integer('month').notNull(),
    dim: text('dim').notNull(),
    key: text('key').notNull(),
    buckets: blob('buckets', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.dim, t.month, t.key] })],
)

/** One row: the zone offset the rollups' days were cut with; a different zone rebuilds them. */
export const rollupConfig = sqliteTable('rollup_config', {
  id: integer('id').primaryKey(),
  offsetMinutes: integer('offset_minutes').notNull(),
})

/** A partner institution (mitra) an admin keeps: hospitals, Dinkes, BAZNAS, LAZISMU, panti, schools. */
export const partners = sqliteTable('partners', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  partnerType: text('partner_type').notNull(),
  contact: text('contact'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  // Issue 24: working hours to accept or decline a referral, and to report its outcome.
  acceptHours: integer('accept_hours').notNull().default(8),
  outcomeHours: integer('outcome_hours').notNull().default(40),
})

/** Which organisation a `mitra` user answers for (one each). */
export const partnerUsers = sqliteTable('partner_users', {
  userId: integer('user_id').primaryKey().references(() => users.id),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
})

/** A partner's answers to a referral, newest last; the newest is the referral's state. */
export const partnerAnswers = sqliteTable(
  'partner_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referralId: integer('referral_id').notNull().references(() => referrals.id),
    caseId: integer('case_id').notNull().references(() => cases.id),
    answer: text('answer', { enum: ['diterima', 'diproses', 'selesai', 'ditolak'] }).notNull(),
    note: text('note'),
    at: integer('at').notNull(),
    userId: integer('user_id').notNull().references(() => users.id),
  },
  (t) => [index('partner_answers_by_referral').on(t.referralId, t.id)],
)
