import { sql } from 'drizzle-orm'
import { openStatuses } from '../../domain/case'
import { bucketMedian, handleBuckets, periodParts, type Period } from '../../domain/figures'
import { statement, writeBatch } from '../batch'
import type { Db } from '../client'

// The dashboard's reads (issue 7). Period figures come from case_rollups (kept by triggers, see
// schema-dashboard.ts), the medians from their histograms beside them (case_handle_buckets, per day
// and per month); the open backlog and the LAPOR! cases from partial covering indexes on cases, so no
// query reads cases outside those two (test/db/dashboard-plan, issue 25).

export const dims = ['all', 'category', 'kelurahan', 'assignee'] as const
export type Dim = (typeof dims)[number]

export type Counts = { received: number; escalated: number; handled: number; withinTarget: number; handleMinutes: number }
export type Backlog = { open: number; overdue: number }
/** Figures per dimension and key ('' for all, and for no assignee). */
export type Split<T> = Record<Dim, Map<string, T>>

// Literal, word for word the partial index's WHERE: SQLite uses a partial index only when it can see that.
const openLiteral = sql.raw(`c.status IN (${openStatuses.map((s) => `'${s}'`).join(', ')})`)
const dimKey = (prefix = '') =>
  sql.raw(`CASE d.dim WHEN 'all' THEN '' WHEN 'category' THEN CAST(${prefix}category_id AS TEXT) WHEN 'kelurahan' THEN ${prefix}kelurahan_code ELSE coalesce(CAST(${prefix}assigned_to AS TEXT), '') END`)
// The dimensions as SQL literals; the rollups (not the histograms) also count per channel (issue 21).
const quoted = (names: readonly string[]) => names.map((d) => `'${d}'`)
const dimRowsOf = (names: readonly string[]) => sql.raw(`(SELECT ${quoted(names).join(' AS dim UNION ALL SELECT ')} AS dim) AS d`)
const dimRows = dimRowsOf(dims)
const dimList = sql.raw(quoted(dims).join(', '))

/** Open cases and those past target at `now`, per dimension: reads only the open-backlog index. */
export function backlogQuery(now: number) {
  return sql`SELECT d.dim AS dim, ${dimKey('c.')} AS key, count(*) AS open, sum(c.due_at < ${now}) AS overdue
    FROM cases AS c INDEXED BY cases_open_dashboard CROSS JOIN ${dimRows}
    WHERE ${openLiteral} GROUP BY d.dim, key`
}

/** Rollup sums over a period, per dimension (`onlyAll`: the headline only). */
export function rollupQuery(p: Period, onlyAll = false) {
  return sql`SELECT dim, key, sum(received) AS received, sum(escalated) AS escalated, sum(handled) AS handled,
      sum(within_target) AS within_target, sum(handle_minutes) AS handle_minutes
    FROM case_rollups WHERE dim IN (${onlyAll ? sql`'all'` : sql`'all', 'category', 'kelurahan', 'assignee'`}) AND day BETWEEN ${p.from} AND ${p.to}
    GROUP BY dim, key`
}

/**
 * The period's handling-time histograms per dimension and key: its whole months from the monthly
 * rows, the days at its ends added or taken away (domain/figures.ts periodParts), so the read is a
 * few rows per key however many cases a month holds (issue 25). Each key's objects come back as two
 * JSON arrays, summed in medians(): a row per key, not per bucket, because turning rows into objects
 * is the costly part. Always the same five ranges (some empty), so the statement stays one.
 */
export function bucketsQuery(p: Period) {
  const { months, add, subtract } = periodParts(p)
  const days = (range: Period, sign: string) =>
    sql`SELECT dim, key, ${sql.raw(sign)} AS sign, json(buckets) AS b FROM case_handle_buckets WHERE dim IN (${dimList}) AND day BETWEEN ${range.from} AND ${range.to}`
  return sql`SELECT dim, key, '[' || coalesce(group_concat(CASE WHEN sign > 0 THEN b END), '') || ']' AS plus, '[' || coalesce(group_concat(CASE WHEN sign < 0 THEN b END), '') || ']' AS minus
    FROM (SELECT dim, key, 1 AS sign, json(buckets) AS b FROM case_handle_buckets_monthly WHERE dim IN (${dimList}) AND month BETWEEN ${months.from} AND ${months.to}
      UNION ALL ${days(add[0], '1')} UNION ALL ${days(add[1], '1')} UNION ALL ${days(subtract[0], '-1')} UNION ALL ${days(subtract[1], '-1')})
    GROUP BY dim, key`
}

/** Median per dimension and key, from the summed buckets (domain/figures.ts bucketMedian). */
function medians(rows: Record<string, unknown>[]): Split<number> {
  const out = emptySplit<number>()
  for (const r of rows) {
    // An array indexed by bucket: the sum runs over every bucket of every row, and a Map costs twice as much.
    const counts: number[] = []
    const sum = (json: unknown, sign: number) => {
      for (const part of JSON.parse(String(json)) as Record<string, number>[]) {
        for (const bucket in part) counts[+bucket] = (counts[+bucket] ?? 0) + sign * part[bucket]!
      }
    }
    sum(r.plus, 1)
    sum(r.minus, -1)
    const m = bucketMedian(counts)
    if (m !== null) out[r.dim as Dim]?.set(String(r.key), m)
  }
  return out
}

const emptySplit = <T>(): Split<T> => ({ all: new Map(), category: new Map(), kelurahan: new Map(), assignee: new Map() })
const num = (v: unknown) => Number(v ?? 0)

function countsOf(rows: Record<string, unknown>[]): Split<Counts> {
  const split = emptySplit<Counts>()
  for (const r of rows) {
    split[r.dim as Dim]?.set(String(r.key), { received: num(r.received), escalated: num(r.escalated), handled: num(r.handled), withinTarget: num(r.within_target), handleMinutes: num(r.handle_minutes) })
  }
  return split
}

export type DashboardData = { backlog: Split<Backlog>; today: Counts; month: Counts; period: Split<Counts>; median: Split<number> }
export const zeroCounts: Counts = { received: 0, escalated: 0, handled: 0, withinTarget: 0, handleMinutes: 0 }

/** Everything the dashboard shows, in one read batch (one round trip). */
export async function loadDashboard(db: Db, input: { now: number; today: Period; month: Period; period: Period }): Promise<DashboardData> {
  const [backlog, today, month, period, median] = await db.$client.batch(
    [backlogQuery(input.now), rollupQuery(input.today, true), rollupQuery(input.month, true), rollupQuery(input.period), bucketsQuery(input.period)].map((q) => statement(q)),
    'read',
  )
  const b = emptySplit<Backlog>()
  for (const r of backlog!.rows) b[r.dim as Dim]?.set(String(r.key), { open: num(r.open), overdue: num(r.overdue) })
  const m = medians(median!.rows as Record<string, unknown>[])
  return {
    backlog: b,
    today: countsOf(today!.rows).all.get('') ?? zeroCounts,
    month: countsOf(month!.rows).all.get('') ?? zeroCounts,
    period: countsOf(period!.rows),
    median: m,
  }
}

/** Received and escalated per category over a period (the recap of seed 002), from the rollups. */
export async function loadRecap(db: Db, p: Period): Promise<Map<number, { received: number; escalated: number }>> {
  const rows = await db.all<{ key: string; received: number; escalated: number }>(
    sql`SELECT key, sum(received) AS received, sum(escalated) AS escalated FROM case_rollups WHERE dim = 'category' AND day BETWEEN ${p.from} AND ${p.to} GROUP BY key`,
  )
  return new Map(rows.map((r) => [Number(r.key), { received: num(r.received), escalated: num(r.escalated) }]))
}

/** The headline rollups summed per month of a period (1 = January). */
export function monthsQuery(p: Period) {
  return sql`SELECT CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) AS month, sum(received) AS received, sum(escalated) AS escalated, sum(handled) AS handled,
      sum(within_target) AS within_target, sum(handle_minutes) AS handle_minutes
    FROM case_rollups WHERE dim = 'all' AND day BETWEEN ${p.from} AND ${p.to} GROUP BY month`
}

/** The year view: each month's figures, from a range of the rollups. */
export async function loadMonths(db: Db, p: Period): Promise<Map<number, Counts>> {
  const rows = await db.all<Record<string, unknown>>(monthsQuery(p))
  return new Map(rows.map((r) => [num(r.month), { received: num(r.received), escalated: num(r.escalated), handled: num(r.handled), withinTarget: num(r.within_target), handleMinutes: num(r.handle_minutes) }]))
}

/** Years that have cases, newest first (for the recap's year picker). */
export async function recapYears(db: Db): Promise<number[]> {
  // Two lookups at the ends of the key: min and max in one select would read every day between.
  const [row] = await db.all<{ first: number | null; last: number | null }>(
    sql`SELECT (SELECT min(day) FROM case_rollups WHERE dim = 'all') AS first, (SELECT max(day) FROM case_rollups WHERE dim = 'all') AS last`,
  )
  if (!row || row.first === null || row.last === null) return []
  const first = new Date(Number(row.first) * 86_400_000).getUTCFullYear()
  const last = new Date(Number(row.last) * 86_400_000).getUTCFullYear()
  return Array.from({ length: last - first + 1 }, (_, i) => last - i)
}

// ---- Keeping the rollups' zone ----

// Bound as an integer: libSQL binds JS numbers as REAL, which would make the day a fraction.
const offsetMs = (offsetMinutes: number) => sql`CAST(${offsetMinutes * 60_000} AS INTEGER)`

/** Both histograms (per day, per month) recomputed from the cases, cut with `offsetMinutes`. */
function histogramStatements(offsetMinutes: number) {
  const off = offsetMs(offsetMinutes)
  const histograms = (table: string, column: string, grain: ReturnType<typeof sql>) => sql`INSERT INTO ${sql.raw(table)} (${sql.raw(column)}, dim, key, buckets)
      SELECT at, dim, k, jsonb_group_object(CAST(i AS TEXT), n)
      FROM (SELECT c.at, d.dim, ${dimKey('c.')} AS k, c.i, count(*) AS n
        FROM (SELECT ${grain} AS at, ${bucketSql('handle_minutes')} AS i, category_id, kelurahan_code, assigned_to
          FROM cases WHERE resolved_at IS NOT NULL AND handle_minutes IS NOT NULL) AS c
        CROSS JOIN ${dimRows}
        GROUP BY c.at, d.dim, k, c.i)
      GROUP BY at, dim, k`
  return [
    sql`DELETE FROM case_handle_buckets`,
    histograms('case_handle_buckets', 'day', sql`(resolved_at + ${off}) / 86400000`),
    sql`DELETE FROM case_handle_buckets_monthly`,
    // The month's first local day, as the triggers cut it.
    histograms('case_handle_buckets_monthly', 'month', sql`unixepoch((resolved_at + ${off}) / 1000, 'unixepoch', 'start of month') / 86400`),
  ]
}

function rebuildStatements(offsetMinutes: number) {
  const off = offsetMs(offsetMinutes)
  return [
    sql`DELETE FROM case_rollups`,
    sql`INSERT OR REPLACE INTO rollup_config (id, offset_minutes) VALUES (1, ${offsetMinutes})`,
    sql`INSERT INTO case_rollups (day, dim, key, received, escalated, handled, within_target, handle_minutes)
      SELECT p.day, d.dim, ${sql.raw(`CASE d.dim WHEN 'all' THEN '' WHEN 'category' THEN p.category WHEN 'kelurahan' THEN p.kelurahan WHEN 'assignee' THEN p.assignee ELSE p.channel END`)} AS k,
        sum(p.received), sum(p.escalated), sum(p.handled), sum(p.within_target), sum(p.handle_minutes)
      FROM (SELECT (received_at + ${off}) / 86400000 AS day, 1 AS received, (escalated_at IS NOT NULL) AS escalated, 0 AS handled, 0 AS within_target, 0 AS handle_minutes,
          CAST(category_id AS TEXT) AS category, kelurahan_code AS kelurahan, coalesce(CAST(assigned_to AS TEXT), '') AS assignee, channel FROM cases
        UNION ALL SELECT (resolved_at + ${off}) / 86400000, 0, 0, 1, (resolved_at <= due_at), coalesce(handle_minutes, 0),
          CAST(category_id AS TEXT), kelurahan_code, coalesce(CAST(assigned_to AS TEXT), ''), channel FROM cases WHERE resolved_at IS NOT NULL) AS p
      CROSS JOIN ${dimRowsOf([...dims, 'channel'])}
      GROUP BY p.day, d.dim, k`,
    ...histogramStatements(offsetMinutes),
  ]
}

/** domain/figures.ts handleBucket in SQL, for the rebuild (the migrations' triggers spell it out). */
function bucketSql(column: string) {
  const m = `max(0, ${column})`
  let first = 0
  let from = 0
  const arms = handleBuckets.map((b) => {
    const arm = `${first} + (${m} - ${from}) / ${b.width}`
    first += (b.below - from) / b.width
    from = b.below
    return Number.isFinite(b.below) ? `WHEN ${m} < ${b.below} THEN ${arm}` : `ELSE ${arm}`
  })
  return sql.raw(`CASE ${arms.join(' ')} END`)
}

/** Recomputes every rollup from the cases, cut with `offsetMinutes` (a zone change; a repair). */
export async function rebuildRollups(db: Db, offsetMinutes: number): Promise<void> {
  await writeBatch(db, rebuildStatements(offsetMinutes))
}

/**
 * Recomputes both histograms from the cases with the zone offset the triggers cut with (bulk loads:
 * scripts/seed-bulk.ts fills them once after its rows instead of a trigger's edit per row and bucket).
 */
export async function rebuildHistograms(db: Db): Promise<void> {
  const [row] = await db.all<{ offset_minutes: number }>(sql`SELECT offset_minutes FROM rollup_config WHERE id = 1`)
  // The triggers cut days with this offset: without it (prepareDatabase sets it) there is nothing to match.
  if (!row) throw new Error('rollup_config has no zone offset yet: prepare the database first')
  await writeBatch(db, histogramStatements(Number(row.offset_minutes)))
}

/** Rebuilds the rollups when they were cut for another zone than `offsetMinutes` (or never told one). */
export async function ensureRollupZone(db: Db, offsetMinutes: number): Promise<void> {
  const [row] = await db.all<{ offset_minutes: number }>(sql`SELECT offset_minutes FROM rollup_config WHERE id = 1`)
  if (row && Number(row.offset_minutes) === offsetMinutes) return
  await rebuildRollups(db, offsetMinutes)
}

/** Facilitators' names by id, for the split by facilitator. */
export async function userNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.all<{ id: number; name: string }>(sql`SELECT id, display_name AS name FROM users WHERE id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`)
  return new Map(rows.map((r) => [Number(r.id), String(r.name)]))
}

export const exportLimit = 100_000

/** A filtered case list for CSV: no names, NIK, phone or address (the file leaves Sigap; UU PDP 27/2022). */
export async function exportCases(db: Db, where: ReturnType<typeof sql> | undefined) {
  return db.all<{
    ticket: string; received_at: number; category: string; kelurahan: string; status: string; due_at: number
    resolved_at: number | null; handle_minutes: number | null; assignee: string | null; escalated_at: number | null; channel: string; urgency: string
  }>(sql`SELECT cases.ticket, cases.received_at, g.name AS category, k.name AS kelurahan, cases.status, cases.due_at, cases.resolved_at, cases.handle_minutes,
      u.display_name AS assignee, cases.escalated_at, cases.channel, cases.urgency
    FROM cases JOIN categories AS g ON g.id = cases.category_id JOIN kelurahan AS k ON k.code = cases.kelurahan_code
      LEFT JOIN users AS u ON u.id = cases.assigned_to
    ${where ? sql`WHERE ${where}` : sql``}
    ORDER BY cases.received_at DESC, cases.id DESC LIMIT ${exportLimit}`)
}

/**
 * Each listed partner's referrals made in [start, end): minutes to the first answer and to the
 * result (`selesai` or `ditolak`, the first such answer), and how many passed their answer deadline.
 */
export function partnerAnswerTimes(db: Db, range: { start: number; end: number }) {
  return db.all<{ partner: string; firstMinutes: number | null; resultMinutes: number | null; missed: number }>(
    sql`SELECT p.name AS partner,
        ((SELECT min(a.at) FROM partner_answers a WHERE a.referral_id = r.id) - r.at) / 60000.0 AS firstMinutes,
        ((SELECT min(a.at) FROM partner_answers a WHERE a.referral_id = r.id AND a.answer IN ('selesai', 'ditolak')) - r.at) / 60000.0 AS resultMinutes,
        EXISTS (SELECT 1 FROM referral_deadline_steps s WHERE s.referral_id = r.id AND s.step = 'accept_remind') AS missed
      FROM referrals r JOIN partners p ON p.id = r.partner_id
      WHERE r.at >= ${range.start} AND r.at < ${range.end}`,
  )
}

/** Cases from SP4N-LAPOR! received in the range, each with its minutes to resolution (null while open). */
export function laporCaseTimes(db: Db, range: { start: number; end: number }) {
  // The partial index holds only LAPOR! cases: the period's other cases are never read (issue 25).
  return db.all<{ minutes: number | null }>(
    sql`SELECT handle_minutes AS minutes FROM cases INDEXED BY cases_lapor_dashboard WHERE lapor_id IS NOT NULL AND received_at >= ${range.start} AND received_at < ${range.end}`,
  )
}

/** Cases received in the period per channel (issue 21: how many came by WhatsApp, by phone, online…), from the rollups. */
export function channelCounts(db: Db, p: Period) {
  return db.all<{ channel: string; n: number }>(sql`SELECT key AS channel, sum(received) AS n FROM case_rollups WHERE dim = 'channel' AND day BETWEEN ${p.from} AND ${p.to} GROUP BY key`)
}
