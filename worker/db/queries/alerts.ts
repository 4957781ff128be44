import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { audit, type Actor } from './audit'
import { dropExpiredSubscriptions } from './push'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { alertPreferences, alerts, categories, cases, digests, escalationRungs, kelurahan, outbox, users } from '../schema'
import type { AlertChannelName, PushTarget } from '../../domain/channels'
import { acknowledgements, type Acknowledgement } from '../../domain/escalation'
import { openStatuses } from '../../domain/case'
import type { AlertSettings } from '../../domain/alert-settings'

export type AlertKind = (typeof alerts.$inferSelect)['kind']

const holders = alias(users, 'holders')

/**
 * Who an escalation already reached before its rung (staff names, never the reporter's), as
 * "Nama (tingkat 1); ...", for the message to say; `a` is the alert's table name in the outer query.
 */
function earlierRungs(a: SQL) {
  return sql<string | null>`(SELECT group_concat(who, '; ') FROM (
    SELECT eu.display_name || ' (tingkat ' || e.rung || ')' AS who FROM alerts e JOIN users eu ON eu.id = e.user_id
    WHERE e.case_id = ${a}.case_id AND e.kind = 'eskalasi' AND e.rung < ${a}.rung ORDER BY e.rung, eu.display_name))`
}

// ---- The in-app inbox ----

const alertColumns = {
  id: alerts.id,
  kind: alerts.kind,
  caseId: alerts.caseId,
  rung: alerts.rung,
  digestDay: alerts.digestDay,
  note: alerts.note,
  urgent: alerts.urgent,
  createdAt: alerts.createdAt,
  readAt: alerts.readAt,
  acknowledgement: alerts.acknowledgement,
  acknowledgedAt: alerts.acknowledgedAt,
  ticket: cases.ticket,
  dueAt: cases.dueAt,
  categoryName: categories.name,
  kelurahanName: kelurahan.name,
  rungLabel: escalationRungs.label,
  figures: digests.figures,
  holder: holders.displayName,
  earlierRungs: earlierRungs(sql.raw('"alerts"')),
}

function alertsWithContext(db: Db) {
  return db
    .select(alertColumns)
    .from(alerts)
    .leftJoin(cases, eq(cases.id, alerts.caseId))
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(kelurahan, eq(kelurahan.code, cases.kelurahanCode))
    .leftJoin(escalationRungs, eq(escalationRungs.rung, alerts.rung))
    .leftJoin(digests, eq(digests.day, alerts.digestDay))
    .leftJoin(holders, eq(holders.id, cases.assignedTo))
}

export const inboxPageSize = 30

/** A user's alerts, newest first (unread ones are not hidden among read ones: the list marks them). */
export async function listAlerts(db: Db, userId: number, page: number) {
  const rows = await alertsWithContext(db)
    .where(eq(alerts.userId, userId))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(inboxPageSize + 1)
    .offset((page - 1) * inboxPageSize)
  return { rows: rows.slice(0, inboxPageSize), hasNext: rows.length > inboxPageSize }
}

export type AlertRow = Awaited<ReturnType<typeof listAlerts>>['rows'][number]

/** Marks one of the user's alerts read and says where it leads; undefined when it is not theirs. */
export async function openAlert(db: Db, userId: number, alertId: number, now: number) {
  const [, found] = await writeBatch(db, [
    db.update(alerts).set({ readAt: now }).where(and(eq(alerts.id, alertId), eq(alerts.userId, userId), isNull(alerts.readAt))),
    db.select({ kind: alerts.kind, caseId: alerts.caseId, digestDay: alerts.digestDay }).from(alerts).where(and(eq(alerts.id, alertId), eq(alerts.userId, userId))),
  ])
  const row = found?.rows[0]
  // Raw batch rows carry the SQL column names.
  return row ? { kind: String(row.kind) as AlertKind, caseId: row.case_id === null ? null : Number(row.case_id), digestDay: row.digest_day === null ? null : String(row.digest_day) } : undefined
}

/** One of the user's alerts with its case's context, for the page a message links to. */
export async function findAlert(db: Db, userId: number, alertId: number) {
  const [row] = await alertsWithContext(db).where(and(eq(alerts.id, alertId), eq(alerts.userId, userId)))
  return row
}

/**
 * Records a person's answer to an escalation or reminder (and reads it), and puts it on the case's
 * timeline in the same batch; an answer that may not replace the one given changes nothing.
 */
export async function acknowledgeAlert(db: Db, input: { userId: number; alertId: number; answer: Acknowledgement; now: number }) {
  const { userId, alertId, answer, now } = input
  const replaceable = answer === 'ditangani' ? sql`(${alerts.acknowledgement} IS NULL OR ${alerts.acknowledgement} = 'dilihat')` : isNull(alerts.acknowledgement)
  await writeBatch(db, [
    db
      .update(alerts)
      .set({ acknowledgement: answer, acknowledgedAt: now, readAt: sql`coalesce(${alerts.readAt}, ${now})` })
      .where(and(eq(alerts.id, alertId), eq(alerts.userId, userId), inArray(alerts.kind, ['eskalasi', 'pengingat']), replaceable)),
    sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
      SELECT a.case_id, ${now}, a.user_id, 'eskalasi_ditanggapi', ${`Tingkat `} || a.rung || ': ' || ${acknowledgements[answer]}
      FROM alerts a WHERE a.id = ${alertId} AND a.case_id IS NOT NULL AND a.acknowledged_at = ${now} AND changes() = 1`,
  ])
}

/** Escalations of open cases (rung 2 and up: beyond the agency's first line) nobody on them has answered yet, oldest first. */
export async function listUnansweredEscalations(db: Db) {
  const rows = await db.all<{ caseId: number; ticket: string; rung: number; rungLabel: string | null; recipient: string; since: number }>(sql`
    SELECT c.id AS caseId, c.ticket, a.rung, r.label AS rungLabel, u.display_name AS recipient, a.created_at AS since
    FROM alerts a INDEXED BY alerts_unanswered
      JOIN cases c ON c.id = a.case_id
      JOIN users u ON u.id = a.user_id
      LEFT JOIN escalation_rungs r ON r.rung = a.rung
    WHERE a.kind = 'eskalasi' AND a.acknowledgement IS NULL AND a.rung >= 2
      AND c.status IN ${sql.raw(`(${openStatuses.map((st) => `'${st}'`).join(', ')})`)}
    ORDER BY a.created_at
    LIMIT 50`)
  return rows
}

export type UnansweredEscalation = Awaited<ReturnType<typeof listUnansweredEscalations>>[number]

export async function markAllRead(db: Db, userId: number, now: number) {
  await db.update(alerts).set({ readAt: now }).where(and(eq(alerts.userId, userId), isNull(alerts.readAt)))
}

export async function findDigest(db: Db, day: string) {
  const [row] = await db.select().from(digests).where(eq(digests.day, day))
  return row
}

// ---- Preferences ----

export type Preferences = AlertSettings

export async function loadPreferences(db: Db, userId: number) {
  const [[prefs], [contact]] = await db.batch([
    db.select().from(alertPreferences).where(eq(alertPreferences.userId, userId)),
    db.select({ phone: users.phone, email: users.email }).from(users).where(eq(users.id, userId)),
  ])
  const value: Preferences = prefs ?? { whatsapp: false, email: false, webhook: false, push: false, quietStart: null, quietEnd: null }
  return { prefs: value, phone: contact?.phone ?? null, email: contact?.email ?? null }
}

function upsertPreferences(db: Db, userId: number, prefs: Preferences) {
  return db.insert(alertPreferences).values({ userId, ...prefs }).onConflictDoUpdate({ target: alertPreferences.userId, set: prefs })
}

export async function savePreferences(db: Db, userId: number, prefs: Preferences) {
  await upsertPreferences(db, userId, prefs)
}

/** An admin sets someone else's channels: the change and who made it, in one batch. */
export async function savePreferencesFor(db: Db, actor: Actor, userId: number, before: Preferences, after: Preferences) {
  await writeBatch(db, [upsertPreferences(db, userId, after), audit(db, actor, 'admin.user.alert_preferences', { user: userId, before, after })])
}

// ---- The outbox ----

/**
 * Claims up to `limit` messages due at `now` (pending, or stuck in a send that never reported back
 * once its lease ran out) and reads what is needed to send them, in one batch. The claim counts as
 * an attempt, so a crash mid-send still moves toward the dead letter.
 */
export async function claimOutbox(db: Db, input: { claim: string; now: number; leaseMs: number; limit: number }) {
  const { claim, now } = input
  const results = await writeBatch(db, [
    sql`UPDATE outbox SET status = 'sending', claim_id = ${claim}, attempts = attempts + 1, next_attempt_at = ${now + input.leaseMs}
      WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at LIMIT ${input.limit})`,
    sql`SELECT o.id, o.channel, o.attempts, a.id AS alertId, a.kind, a.case_id AS caseId, a.rung, a.digest_day AS digestDay, a.urgent, a.note, a.created_at AS createdAt,
        u.display_name AS name, u.phone, u.email, p.quiet_start AS quietStart, p.quiet_end AS quietEnd,
        CASE WHEN o.channel = 'push' THEN (SELECT json_group_array(json_object('endpoint', s.endpoint, 'p256dh', s.p256dh, 'auth', s.auth))
          FROM push_subscriptions s WHERE s.user_id = u.id) END AS push,
        c.ticket, c.due_at AS dueAt, g.name AS categoryName, k.name AS kelurahanName, r.label AS rungLabel, d.figures,
        h.display_name AS holder, ${earlierRungs(sql.raw('a'))} AS earlierRungs
      FROM outbox o
        JOIN alerts a ON a.id = o.alert_id
        JOIN users u ON u.id = a.user_id
        LEFT JOIN alert_preferences p ON p.user_id = a.user_id
        LEFT JOIN cases c ON c.id = a.case_id
        LEFT JOIN categories g ON g.id = c.category_id
        LEFT JOIN kelurahan k ON k.code = c.kelurahan_code
        LEFT JOIN escalation_rungs r ON r.rung = a.rung
        LEFT JOIN digests d ON d.day = a.digest_day
        LEFT JOIN users h ON h.id = c.assigned_to
      WHERE o.claim_id = ${claim} AND o.status = 'sending'
      ORDER BY o.id`,
  ])
  return (results[1]?.rows ?? []).map((r) => ({
    id: Number(r.id),
    channel: String(r.channel) as AlertChannelName,
    attempts: Number(r.attempts),
    alertId: Number(r.alertId),
    kind: String(r.kind) as AlertKind,
    caseId: r.caseId === null ? null : Number(r.caseId),
    rung: r.rung === null ? null : Number(r.rung),
    digestDay: r.digestDay === null ? null : String(r.digestDay),
    urgent: Number(r.urgent) === 1,
    note: r.note === null ? null : String(r.note),
    name: String(r.name),
    phone: r.phone === null ? null : String(r.phone),
    email: r.email === null ? null : String(r.email),
    push: r.push === null ? [] : (JSON.parse(String(r.push)) as PushTarget[]),
    quiet: r.quietStart && r.quietEnd ? { start: String(r.quietStart), end: String(r.quietEnd) } : null,
    ticket: r.ticket === null ? null : String(r.ticket),
    dueAt: r.dueAt === null ? null : Number(r.dueAt),
    categoryName: r.categoryName === null ? null : String(r.categoryName),
    kelurahanName: r.kelurahanName === null ? null : String(r.kelurahanName),
    rungLabel: r.rungLabel === null ? null : String(r.rungLabel),
    figures: r.figures === null ? null : String(r.figures),
    createdAt: Number(r.createdAt),
    holder: r.holder === null ? null : String(r.holder),
    earlierRungs: r.earlierRungs === null ? null : String(r.earlierRungs),
  }))
}

export type DeliveryResult = (
  | { id: number; outcome: 'sent' }
  | { id: number; outcome: 'deferred'; until: number }
  | { id: number; outcome: 'retry'; at: number; error: string }
  | { id: number; outcome: 'dead'; error: string }
) & { expiredPush?: string[] }

/**
 * Records what happened to claimed messages in one batch; a dead letter also lands in every admin's
 * inbox. Only rows still held by `claim` change, so a late reply from a timed-out send cannot undo
 * a newer attempt.
 */
export async function recordDeliveries(db: Db, input: { claim: string; now: number; results: DeliveryResult[] }) {
  const { claim, now } = input
  const held = (id: number) => and(eq(outbox.id, id), eq(outbox.claimId, claim), eq(outbox.status, 'sending'))
  const statements = input.results.flatMap((r) => {
    switch (r.outcome) {
      case 'sent':
        return [db.update(outbox).set({ status: 'sent', sentAt: now, lastError: null }).where(held(r.id))]
      case 'deferred':
        // Quiet hours are not a failure: the attempt is given back.
        return [db.update(outbox).set({ status: 'pending', nextAttemptAt: r.until, attempts: sql`${outbox.attempts} - 1`, claimId: null }).where(held(r.id))]
      case 'retry':
        return [db.update(outbox).set({ status: 'pending', nextAttemptAt: r.at, lastError: r.error.slice(0, 300) }).where(held(r.id))]
      case 'dead':
        return [
          db.update(outbox).set({ status: 'dead', lastError: r.error.slice(0, 300) }).where(held(r.id)),
          tellAdminsOfDeadLetter(r.id, r.error, now, claim),
        ]
    }
  })
  const expired = input.results.flatMap((r) => r.expiredPush ?? [])
  const all = expired.length > 0 ? [...statements, dropExpiredSubscriptions(db, expired)] : statements
  if (all.length > 0) await writeBatch(db, all)
}

/** The dead letter of outbox row `id` in every admin's inbox, once per row and admin (only `when` it holds). */
export function tellAdminsOfDeadLetter(id: number, error: string, now: number, runId: string, when: SQL = sql`1`) {
  return sql`INSERT INTO alerts (user_id, kind, note, urgent, created_at, run_id, dedupe_key)
    SELECT u.id, 'gagal_kirim', ${`Pesan #${id} gagal dikirim: ${error.slice(0, 120)}`}, 0, ${now}, ${runId}, 'dead:' || ${id} || ':' || u.id
    FROM users u WHERE u.role = 'admin' AND u.active = 1 AND ${when}
    ON CONFLICT (dedupe_key) DO NOTHING`
}

/** Deliveries an admin should see: dead letters and messages still being retried. */
export function listTroubledDeliveries(db: Db) {
  return db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      status: outbox.status,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      recipient: users.displayName,
      kind: alerts.kind,
      ticket: cases.ticket,
    })
    .from(outbox)
    .innerJoin(alerts, eq(alerts.id, outbox.alertId))
    .innerJoin(users, eq(users.id, alerts.userId))
    .leftJoin(cases, eq(cases.id, alerts.caseId))
    .where(sql`${outbox.status} = 'dead' OR (${outbox.status} IN ('pending', 'sending') AND ${outbox.attempts} > 0)`)
    .orderBy(desc(outbox.createdAt))
    .limit(200)
}

export type TroubledDelivery = Awaited<ReturnType<typeof listTroubledDeliveries>>[number]

/** Gives a dead letter a fresh set of attempts (after an admin fixed the cause). */
export async function retryDeadDelivery(db: Db, id: number, now: number) {
  await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, claimId: null })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ['dead'])))
}
