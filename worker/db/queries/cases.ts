import { aliasedTable, and, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type { CaseScope } from '../../domain/access'
import { openStatuses } from '../../domain/case'
import type { IntakeLinks, Report } from '../../domain/intake'
import type { ResultSet } from '@libsql/client'
import { writeBatch, type Buildable } from '../batch'
import { caseScopeCondition, scopeLimit } from './scope'
import { intakeGuard, intakePersonStatements } from './people'
import type { NewPerson } from '../../domain/person-match'
import type { Db } from '../client'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { caseEvents, cases, categories, kecamatan, kelurahan, users } from '../schema'

export type CaseRow = typeof cases.$inferSelect

/** Who a new case of the kelurahan goes to (one `user_id` row, or none): intake and a kelurahan set later route alike. */
export const firstInLine = (kelurahanCode: string) =>
  sql`SELECT uk.user_id FROM user_kelurahan uk JOIN users u ON u.id = uk.user_id
      WHERE uk.kelurahan_code = ${kelurahanCode} AND u.active = 1 AND u.role = 'fasilitator'
      ORDER BY uk.priority, uk.user_id LIMIT 1`

/**
 * Stores a report as a case in one batch. The idempotency key makes a repeated submit a no-op that
 * answers with the first case. The case goes to the first active facilitator of its kelurahan
 * (lowest priority number), or waits as `baru` in the supervisor's queue when there is none.
 */
export async function createCase(db: Db, report: Report, meta: CaseMeta): Promise<{ id: number; ticket: string }> {
  return (await createIntakeCase(db, report, meta))!
}

type CaseMeta = { now: number; dueAt: number; actorId: number | SQL | null; ticketPrefix: string; serviceValues?: Record<string, string> | null; person: NewPerson }

/**
 * What a report from elsewhere (a WhatsApp conversation, issue 21) adds to the intake batch: when
 * it was received (its first message), a condition for making the case at all, and the statements
 * that link the source to the case, written in the same transaction.
 */
export type IntakeSource = { receivedAt: number; guard: SQL; statements: SQL[] }

/**
 * Runs a batch of writes that hold only where `admitted` (worker/session.ts withSessionWrite: the
 * session checked in the same round trip); writeBatch with nothing to admit by default.
 */
export type GuardedWrite = (build: (admitted: SQL | undefined) => Buildable[]) => Promise<ResultSet[]>

/**
 * createCase for the operator's form, with their decision on the candidates (issue 23): null when
 * nothing was saved because a strong candidate exists that the operator has not seen yet.
 */
export async function createIntakeCase(db: Db, report: Report, meta: IntakeMeta, write: GuardedWrite = (build) => writeBatch(db, build(undefined))): Promise<{ id: number; ticket: string } | null> {
  const results = await write((admitted) => intakeStatements(report, meta, admitted))
  const row = results.at(-1)!.rows[0]
  // No row: a strong candidate exists and the operator has not seen it yet (intakeGuard).
  return row ? { id: Number(row.id), ticket: String(row.ticket) } : null
}

type IntakeMeta = CaseMeta & { links?: IntakeLinks; source?: IntakeSource }

function intakeStatements(report: Report, meta: IntakeMeta, admitted: SQL | undefined): Buildable[] {
  const counterKey = `ticket:${meta.ticketPrefix}`
  // Every write below holds only WHERE isNew, or follows from a case it inserted.
  const isNew = sql`NOT EXISTS (SELECT 1 FROM cases WHERE idempotency_key = ${report.idempotencyKey}) AND ${intakeGuard(report, meta.person, meta.now, meta.links)}${meta.source ? sql` AND ${meta.source.guard}` : sql``}${admitted ? sql` AND ${admitted}` : sql``}`
  const person = intakePersonStatements(report, meta.person, { now: meta.now, actorId: meta.actorId, guard: isNew, personId: meta.links?.personId ?? null })
  return [
    sql`INSERT INTO counters (key, value) SELECT ${counterKey}, 1 WHERE ${isNew}
        ON CONFLICT (key) DO UPDATE SET value = value + 1`,
    ...person.insert,
    sql`INSERT INTO cases (ticket, idempotency_key, status, channel, category_id, urgency, kelurahan_code, address, rt, rw,
          landmark, description, reporter_name, reporter_phone, reporter_relation, person_id, person_name, person_nik, person_age_group,
          person_sex, dtks_status, received_at, due_at, assigned_to, created_by, version, updated_at)
        SELECT ${meta.ticketPrefix} || '-' || printf('%04d', counters.value), ${report.idempotencyKey},
          CASE WHEN first_in_line.user_id IS NULL THEN 'baru' ELSE 'ditugaskan' END,
          ${report.channel}, ${report.categoryId}, ${report.urgency}, ${report.kelurahanCode}, ${report.address}, ${report.rt},
          ${report.rw}, ${report.landmark}, ${report.description}, ${report.reporterName}, ${report.reporterPhone},
          ${report.reporterRelation}, ${person.personId}, ${report.personName}, ${report.personNik}, ${report.personAgeGroup}, ${report.personSex},
          ${report.dtksStatus}, ${meta.source?.receivedAt ?? meta.now}, ${meta.dueAt}, first_in_line.user_id, ${meta.actorId}, 1, ${meta.now}
        FROM counters
        LEFT JOIN (${firstInLine(report.kelurahanCode)}) AS first_in_line ON 1
        WHERE counters.key = ${counterKey} AND ${isNew}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, to_status, note)
        SELECT id, ${meta.now}, ${meta.actorId}, 'dibuat', status, NULL FROM cases
        WHERE idempotency_key = ${report.idempotencyKey}
          AND NOT EXISTS (SELECT 1 FROM case_events WHERE case_id = cases.id AND kind = 'dibuat')`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail)
        SELECT ${meta.now}, ${meta.actorId}, 'case.create', id, ${'channel=' + report.channel} FROM cases
        WHERE idempotency_key = ${report.idempotencyKey}
          AND NOT EXISTS (SELECT 1 FROM audit_log WHERE case_id = cases.id AND action = 'case.create')`,
    // The category's own details typed at intake (issue 17), once, with the case.
    ...(meta.serviceValues
      ? [
          sql`INSERT INTO case_service_details (case_id, "values", updated_by, updated_at)
            SELECT id, ${JSON.stringify(meta.serviceValues)}, ${meta.actorId}, ${meta.now} FROM cases WHERE idempotency_key = ${report.idempotencyKey}
            ON CONFLICT (case_id) DO NOTHING`,
        ]
      : []),
    ...(meta.source?.statements ?? []),
    sql`SELECT id, ticket FROM cases WHERE idempotency_key = ${report.idempotencyKey}`,
  ]
}

/** A local-day period as typed (`2026-11-01..2026-11-30`) and the UTC ms range [start, end) it covers. */
export type RangeFilter = { text: string; start: number; end: number }
export type CaseFilter = {
  status?: string
  kelurahan?: string
  category?: number
  overdue?: boolean
  q?: string
  page: number
  // Dashboard links (issue 7): open now, assignee (0: nobody), received or handled in a period,
  // handled within target (true) or late (false), escalated (rung ≥ 2 or referred).
  open?: boolean
  assignee?: number
  received?: RangeFilter
  handled?: RangeFilter
  within?: boolean
  escalated?: boolean
}
export const casePageSize = 25

/** The columns of a case list row (the case list and the supervisor's queue); join kelurahan and categories. */
export const caseSummaryFields = {
  id: cases.id,
  ticket: cases.ticket,
  status: cases.status,
  urgency: cases.urgency,
  personName: cases.personName,
  kelurahanName: kelurahan.name,
  categoryName: categories.name,
  receivedAt: cases.receivedAt,
  dueAt: cases.dueAt,
  resolvedAt: cases.resolvedAt,
}

function searchCondition(q: string): SQL {
  const digits = q.replace(/\D/g, '')
  const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
  const matches: SQL[] = [eq(cases.ticket, q.toUpperCase()), sql`${cases.personName} LIKE ${like} ESCAPE '\\'`, sql`${cases.reporterName} LIKE ${like} ESCAPE '\\'`]
  if (digits.length === 16) matches.push(eq(cases.personNik, digits))
  if (digits.length >= 8) matches.push(sql`${cases.reporterPhone} LIKE ${'%' + digits.slice(-9)}`)
  return or(...matches)!
}

/** The WHERE of a filtered case list (the page and its CSV export). */
export function caseFilterCondition(scope: CaseScope, filter: Omit<CaseFilter, 'page'>, now: number): SQL | undefined {
  return and(
    caseScopeCondition(scope),
    filter.status ? eq(cases.status, filter.status) : undefined,
    filter.kelurahan ? eq(cases.kelurahanCode, filter.kelurahan) : undefined,
    filter.category ? eq(cases.categoryId, filter.category) : undefined,
    filter.overdue ? and(inArray(cases.status, [...openStatuses]), lt(cases.dueAt, now)) : undefined,
    filter.q ? searchCondition(filter.q) : undefined,
    filter.open ? inArray(cases.status, [...openStatuses]) : undefined,
    filter.assignee === undefined ? undefined : filter.assignee === 0 ? sql`${cases.assignedTo} IS NULL` : eq(cases.assignedTo, filter.assignee),
    filter.received ? sql`${cases.receivedAt} >= ${filter.received.start} AND ${cases.receivedAt} < ${filter.received.end}` : undefined,
    filter.handled ? sql`${cases.resolvedAt} >= ${filter.handled.start} AND ${cases.resolvedAt} < ${filter.handled.end}` : undefined,
    filter.within === undefined ? undefined : filter.within ? sql`${cases.resolvedAt} <= ${cases.dueAt}` : sql`${cases.resolvedAt} > ${cases.dueAt}`,
    filter.escalated ? sql`${cases.escalatedAt} IS NOT NULL` : undefined,
  )
}

/** One page of the case list, newest first, inside the user's scope, for a batch; casePageOf reads it. */
export function listCases(db: Db, scope: CaseScope, filter: CaseFilter, now: number) {
  return db
    .select(caseSummaryFields)
    .from(cases)
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .where(caseFilterCondition(scope, filter, now))
    .orderBy(desc(cases.receivedAt), desc(cases.id))
    // drizzle writes an SQL limit as it is (scopeLimit: 0 for a scope kind that is not the user's).
    .limit(scopeLimit(scope, casePageSize + 1) as number)
    .offset((filter.page - 1) * casePageSize)
}

export type CaseListRow = Awaited<ReturnType<typeof listCases>>[number]

/** listCases' rows as a page, and whether a next page exists (it reads one row more). */
export const casePageOf = (rows: CaseListRow[]) => ({ rows: rows.slice(0, casePageSize), hasNext: rows.length > casePageSize })

const assignee = aliasedTable(users, 'assignee')

/** A case with the names around it, or undefined when it does not exist or lies outside the scope. */
export async function findCase(db: Db, scope: CaseScope, id: number) {
  const [found] = await caseQuery(db, scope, id)
  return found
}

/** findCase for a batch: no row when the case does not exist or lies outside the scope. */
export function caseQuery(db: Db, scope: CaseScope, id: number) {
  return db
    .select({ case: cases, kelurahanName: kelurahan.name, kecamatanName: kecamatan.name, categoryName: categories.name, assigneeName: assignee.displayName })
    .from(cases)
    .innerJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .innerJoin(kecamatan, eq(kecamatan.code, kelurahan.kecamatanCode))
    .innerJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(assignee, eq(assignee.id, cases.assignedTo))
    .where(and(eq(cases.id, id), caseScopeCondition(scope)))
}

export type CaseDetail = NonNullable<Awaited<ReturnType<typeof findCase>>>

/** Whether the case exists inside the scope (and `also` holds), as a condition for another statement of the batch. */
export function caseVisible(scope: CaseScope, id: number, also?: SQL): SQL {
  return and(also, sql`EXISTS (SELECT 1 FROM ${cases} WHERE ${and(eq(cases.id, id), caseScopeCondition(scope))})`)!
}

const caseColumnOf = (id: number, column: AnySQLiteColumn) => sql`(SELECT ${column} FROM ${cases} WHERE ${cases.id} = ${id})`

/** The columns of a case that other reads of its page are keyed by, as subqueries for the batch that reads the case. */
export const caseKeysOf = (id: number) => ({ id, duplicateOf: sql`coalesce(${caseColumnOf(id, cases.duplicateOf)}, 0)`, kelurahanCode: caseColumnOf(id, cases.kelurahanCode), personId: caseColumnOf(id, cases.personId) })

/** The columns of a timeline entry; join the actor as `users`. */
const timelineFields = { at: caseEvents.at, kind: caseEvents.kind, fromStatus: caseEvents.fromStatus, toStatus: caseEvents.toStatus, note: caseEvents.note, actorName: users.displayName }

export function caseTimeline(db: Db, caseId: number) {
  return db
    .select(timelineFields)
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(caseEvents.at, caseEvents.id)
}

export type TimelineEntry = Awaited<ReturnType<typeof caseTimeline>>[number]

/** Open cases about the same NIK or reporter phone received since `since`: a likely duplicate. */
export function findOpenDuplicates(db: Db, scope: CaseScope, key: { nik: string | null; phone: string | null }, since: number) {
  const same = [key.nik ? eq(cases.personNik, key.nik) : undefined, key.phone ? eq(cases.reporterPhone, key.phone) : undefined].filter(Boolean)
  if (same.length === 0) return Promise.resolve([])
  return db
    .select({ id: cases.id, ticket: cases.ticket, status: cases.status, personName: cases.personName })
    .from(cases)
    .where(and(or(...same), inArray(cases.status, [...openStatuses]), gt(cases.receivedAt, since), caseScopeCondition(scope)))
    .orderBy(desc(cases.receivedAt))
    .limit(5)
}

/** Sets (or clears) a case's LAPOR! tracking id, with its timeline event and audit row when it changed. */
export async function setLaporId(db: Db, input: { caseId: number; laporId: string | null; actorId: number; now: number }): Promise<void> {
  await writeBatch(db, [
    sql`UPDATE cases SET lapor_id = ${input.laporId} WHERE id = ${input.caseId} AND lapor_id IS NOT ${input.laporId}`,
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${input.caseId}, ${input.now}, ${input.actorId}, 'lapor_id', ${input.laporId ? `Nomor tiket LAPOR!: ${input.laporId}` : 'Nomor tiket LAPOR! dihapus'} WHERE changes() = 1`,
    sql`INSERT INTO audit_log (at, actor_id, action, case_id, detail) SELECT ${input.now}, ${input.actorId}, 'case.lapor_id', ${input.caseId}, ${input.laporId} WHERE changes() = 1`,
  ])
}
