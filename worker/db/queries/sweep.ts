import { asc, eq, sql, type SQL } from 'drizzle-orm'
import { caseStatuses, openStatuses } from '../../domain/case'
import type { AlertChannelName } from '../../domain/channels'
import { defaultLadder, type DigestFigures, type ReferralStep, type Rung, type RungStart } from '../../domain/escalation'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { digests, escalationRungs } from '../schema'

// SQL of the overdue sweep. Every chunk is one write batch whose later statements act only on the
// rows its first statement inserted (marked with the chunk's run id): a row that already existed
// (another sweep, an earlier crashed one, a duplicate cron fire) produces no event and no alert.

const openList = sql.join(
  openStatuses.map((s) => sql`${s}`),
  sql`, `,
)

/** The ladder as stored, in rung order. */
export async function loadLadder(db: Db): Promise<Rung[]> {
  const rows = await db.select().from(escalationRungs).orderBy(asc(escalationRungs.rung))
  return rows.map(toRung)
}

function toRung(r: typeof escalationRungs.$inferSelect): Rung {
  return { ...r, roles: parseJsonArray(r.roles).map(String), userIds: parseJsonArray(r.userIds).map(Number) }
}

/** A rung as its `escalation_rungs` row. */
export function rungRow(r: Rung): typeof escalationRungs.$inferInsert {
  return { ...r, roles: JSON.stringify(r.roles), userIds: JSON.stringify(r.userIds) }
}

function parseJsonArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value : []
  } catch {
    return []
  }
}

/** Fills an empty ladder with the defaults (issue 5); an admin edits it afterwards. */
export async function seedDefaultLadder(db: Db): Promise<void> {
  const [{ n }] = (await db.select({ n: sql<number>`count(*)` }).from(escalationRungs)) as [{ n: number }]
  if (n > 0) return
  await db
    .insert(escalationRungs)
    .values(defaultLadder.map(rungRow))
    .onConflictDoNothing()
}

/** What the sweep reads before writing: the ladder and whether today's digest went out. One round trip. */
export async function loadSweepState(db: Db, digestDay: string | null, now: number) {
  // One round trip for everything a sweep reads first, the partner deadlines' candidates included (issue 10's budget).
  const [ladderRows, digestRows, referralRows] = await db.batch([
    db.select().from(escalationRungs).orderBy(asc(escalationRungs.rung)),
    db.select({ day: digests.day }).from(digests).where(eq(digests.day, digestDay ?? '')),
    dueReferralsQuery(db, now),
  ])
  return { ladder: ladderRows.map(toRung), digestSent: digestRows.length > 0, dueReferrals: referralRows.map(toDueReferral) }
}

function scheduleCte(starts: readonly RungStart[]): SQL {
  const rows = starts.map((s) => (s.kind === 'share' ? sql`(${s.rung}, 'share', ${s.percent}, 0)` : sql`(${s.rung}, 'after_due', 0, ${s.offsetMs})`))
  return sql`schedule(rung, kind, percent, offset_ms) AS (VALUES ${sql.join(rows, sql`, `)})`
}

// Same arithmetic as rungStartsAt() in domain/escalation.ts (integer division, as Math.floor for positives).
function reached(alias: string, now: number): SQL {
  const c = sql.raw(alias)
  return sql`((s.kind = 'share' AND ${c}.received_at + ((${c}.due_at - ${c}.received_at) * s.percent) / 100 <= ${now})
    OR (s.kind = 'after_due' AND ${c}.due_at + s.offset_ms <= ${now}))`
}

/**
 * Open cases with a rung reached but not recorded, at most `limit`. Found through
 * cases_open_by_due (status, due_at): closed cases, however many, are never read.
 */
export function pickDueCases(now: number, limit: number): SQL {
  return sql`SELECT c.id, c.received_at, c.due_at FROM cases c
    WHERE c.status IN (${openList})
      AND EXISTS (SELECT 1 FROM schedule s WHERE ${reached('c', now)}
        AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.case_id = c.id AND e.rung = s.rung))
    LIMIT ${limit}`
}

/** The chunk's case selection alone, for EXPLAIN QUERY PLAN in tests and benchmarks. */
export function dueCasesQuery(starts: readonly RungStart[], now: number, limit: number): SQL {
  return sql`WITH ${scheduleCte(starts)} ${pickDueCases(now, limit)}`
}

/** Whether user `u` stands on rung `r` of case `c`: as its assignee, by role or by name; active accounts only. */
function standsOn(rung: string, user: string): SQL {
  const r = sql.raw(rung)
  const u = sql.raw(user)
  return sql`${u}.active = 1 AND ((${r}.notify_assignee = 1 AND ${u}.id = c.assigned_to)
    OR ${u}.role IN (SELECT value FROM json_each(${r}.roles)) OR ${u}.id IN (SELECT value FROM json_each(${r}.user_ids)))`
}

/**
 * The statements of one sweep chunk, in batch order: escalations, overdue marks, timeline events,
 * inbox alerts, outbox; then what the job reads back: the rungs recorded, the counts, the work left.
 */
export function sweepChunkStatements(input: { starts: readonly RungStart[]; now: number; run: string; limit: number; channels: readonly AlertChannelName[] }) {
  const { now, run } = input
  return {
    record: sql`WITH ${scheduleCte(input.starts)}, picked AS (${pickDueCases(now, input.limit)})
      INSERT INTO escalations (case_id, rung, recorded_at, run_id)
      SELECT c.id, s.rung, ${now}, ${run} FROM picked c JOIN schedule s ON ${reached('c', now)}
      WHERE true
      ON CONFLICT (case_id, rung) DO NOTHING`,
    // Overdue is marked once: the first time a rung at or past the target is recorded.
    markOverdue: sql`UPDATE cases SET overdue_at = ${now}
      WHERE id IN (SELECT case_id FROM escalations WHERE run_id = ${run} AND rung >= 1) AND overdue_at IS NULL`,
    timeline: sql`INSERT INTO case_events (case_id, at, actor_id, kind, note)
      SELECT e.case_id, ${now}, NULL, CASE WHEN e.rung = 0 THEN 'pengingat' WHEN e.rung = 1 THEN 'terlambat' ELSE 'eskalasi' END,
        coalesce(r.label, 'Tingkat ' || e.rung) || CASE WHEN r.rung IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE ${standsOn('r', 'p')})
          THEN ' (belum ada penerima; diteruskan ke anak tangga di bawahnya)' ELSE '' END
      FROM escalations e JOIN cases c ON c.id = e.case_id LEFT JOIN escalation_rungs r ON r.rung = e.rung
      WHERE e.run_id = ${run}
      ORDER BY e.case_id, e.rung`,
    // Each person once per pass, for the highest rung they hear of (a catch-up sends one alert, not
    // one per missed rung). A rung nobody active stands on goes to the nearest rung below that has
    // someone, with a note (issue 17; recipientRung in domain/escalation.ts).
    alerts: sql`INSERT INTO alerts (user_id, kind, case_id, rung, note, urgent, created_at, run_id, dedupe_key)
      SELECT user_id, CASE WHEN max(reached) = 0 THEN 'pengingat' ELSE 'eskalasi' END, case_id, max(reached), note,
        urgent, ${now}, ${run}, 'esc:' || case_id || ':' || max(reached) || ':' || user_id
      FROM (SELECT e.case_id, e.rung AS reached, u.id AS user_id, c.urgency = 'darurat' AS urgent,
          CASE WHEN v.rung < e.rung THEN 'Anak tangga ' || e.rung || ' (' || coalesce(r.label, '') || ') belum punya penerima; diteruskan kepada penerima anak tangga '
            || v.rung || ' (' || v.label || ').' END AS note
        FROM escalations e
          JOIN cases c ON c.id = e.case_id
          LEFT JOIN escalation_rungs r ON r.rung = e.rung
          JOIN escalation_rungs v ON v.rung = (SELECT max(b.rung) FROM escalation_rungs b
            WHERE b.rung <= e.rung AND EXISTS (SELECT 1 FROM users p WHERE ${standsOn('b', 'p')}))
          JOIN users u ON ${standsOn('v', 'u')}
        WHERE e.run_id = ${run})
      GROUP BY case_id, user_id
      ON CONFLICT (dedupe_key) DO NOTHING`,
    outbox: outboxForRun(run, now, input.channels),
    recorded: sql`SELECT e.case_id AS caseId, c.ticket AS ticket, e.rung AS rung FROM escalations e JOIN cases c ON c.id = e.case_id
      WHERE e.run_id = ${run} ORDER BY e.case_id, e.rung`,
    counts: sql`SELECT (SELECT count(*) FROM alerts WHERE run_id = ${run}) AS alerts,
      (SELECT count(*) FROM outbox o JOIN alerts a ON a.id = o.alert_id WHERE a.run_id = ${run}) AS messages`,
    // Whether work is left after this chunk: a full chunk that emptied the queue is then the last
    // one, instead of a further round trip that finds nothing (issue 10's round-trip budget).
    remaining: sql`WITH ${scheduleCte(input.starts)} SELECT count(*) AS remaining FROM (${pickDueCases(now, 1)})`,
  }
}

/** Outbox rows for the alerts of one run, on each channel the recipient chose and can be reached on. */
export function outboxForRun(run: string, now: number, channels: readonly AlertChannelName[]): SQL {
  return sql`INSERT INTO outbox (alert_id, channel, status, attempts, next_attempt_at, created_at)
    SELECT a.id, ch.value, 'pending', 0, ${now}, ${now}
    FROM alerts a
      JOIN alert_preferences p ON p.user_id = a.user_id
      JOIN users u ON u.id = a.user_id
      JOIN json_each(${JSON.stringify(channels)}) ch
    WHERE a.run_id = ${run}
      AND ((ch.value = 'whatsapp' AND p.whatsapp = 1 AND u.phone IS NOT NULL)
        OR (ch.value = 'email' AND p.email = 1 AND u.email IS NOT NULL)
        OR (ch.value = 'webhook' AND p.webhook = 1)
        OR (ch.value = 'push' AND p.push = 1 AND EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.user_id = u.id)))
    ON CONFLICT (alert_id, channel) DO NOTHING`
}

/** The digest of `day`, once: its row, an inbox alert for every supervisor and the Kepala Dinas. Outbox rows come from outboxForRun. */
export function digestStatements(input: { day: string; figures: DigestFigures; now: number; run: string }) {
  const { day, now, run } = input
  return {
    digest: sql`INSERT INTO digests (day, created_at, run_id, figures) VALUES (${day}, ${now}, ${run}, ${JSON.stringify(input.figures)})
      ON CONFLICT (day) DO NOTHING`,
    digestAlerts: sql`INSERT INTO alerts (user_id, kind, digest_day, urgent, created_at, run_id, dedupe_key)
      SELECT u.id, 'ringkasan', ${day}, 0, ${now}, ${run}, 'digest:' || ${day} || ':' || u.id
      FROM users u
      WHERE u.active = 1 AND u.role IN ('supervisor', 'kepala')
        AND EXISTS (SELECT 1 FROM digests WHERE day = ${day} AND run_id = ${run})
      ON CONFLICT (dedupe_key) DO NOTHING`,
  }
}

const countedStatuses = sql.join(
  caseStatuses.filter((s) => s !== 'duplikat' && s !== 'ditolak').map((s) => sql`${s}`),
  sql`, `,
)

/** Counts for the daily digest, one round trip, every case query on cases_open_by_due. */
export async function loadDigestCounts(db: Db, now: number, yesterday: { start: number; end: number }) {
  // Today ends a day after yesterday did (the zones Sigap runs in keep no daylight saving).
  const todayEnd = yesterday.end + 24 * 3600_000
  const [open, byKelurahan, byCategory, due, kelurahanNeed, holderNeed, oldest, escalated] = await db.batch([
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cases WHERE status IN (${openList})`),
    db.all<{ name: string; count: number }>(sql`SELECT k.name AS name, count(*) AS count FROM cases c JOIN kelurahan k ON k.code = c.kelurahan_code
      WHERE c.status IN (${openList}) AND c.due_at < ${now} GROUP BY c.kelurahan_code`),
    db.all<{ name: string; count: number }>(sql`SELECT g.name AS name, count(*) AS count FROM cases c JOIN categories g ON g.id = c.category_id
      WHERE c.status IN (${openList}) AND c.due_at < ${now} GROUP BY c.category_id`),
    // Cases whose target fell yesterday and how many were selesai by then: failures count in the denominator.
    db.all<{ n: number; handled: number | null }>(sql`SELECT count(*) AS n, sum(resolved_at IS NOT NULL AND resolved_at <= due_at) AS handled FROM cases
      WHERE status IN (${countedStatuses}) AND due_at >= ${yesterday.start} AND due_at < ${yesterday.end}`),
    db.all<{ name: string; overdue: number; dueToday: number }>(sql`SELECT k.name AS name, sum(c.due_at < ${now}) AS overdue, sum(c.due_at >= ${now}) AS dueToday
      FROM cases c JOIN kelurahan k ON k.code = c.kelurahan_code
      WHERE c.status IN (${openList}) AND c.due_at < ${todayEnd} GROUP BY c.kelurahan_code`),
    db.all<{ name: string | null; overdue: number; dueToday: number }>(sql`SELECT u.display_name AS name, sum(c.due_at < ${now}) AS overdue, sum(c.due_at >= ${now}) AS dueToday
      FROM cases c LEFT JOIN users u ON u.id = c.assigned_to
      WHERE c.status IN (${openList}) AND c.due_at < ${todayEnd} GROUP BY c.assigned_to`),
    db.all<{ ticket: string; kelurahan: string; dueAt: number }>(sql`SELECT c.ticket, k.name AS kelurahan, c.due_at AS dueAt
      FROM cases c JOIN kelurahan k ON k.code = c.kelurahan_code
      WHERE c.status IN (${openList}) AND c.due_at < ${now} ORDER BY c.due_at LIMIT 5`),
    db.all<{ ticket: string; rung: number; to: string }>(sql`SELECT c.ticket, a.rung, u.display_name AS "to"
      FROM alerts a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.user_id
      WHERE a.kind = 'eskalasi' AND a.created_at >= ${yesterday.start} AND a.created_at < ${yesterday.end}
      ORDER BY a.created_at, a.id LIMIT 10`),
  ])
  const need = (r: { name: string | null; overdue: number; dueToday: number }) => ({ name: r.name, overdue: Number(r.overdue), dueToday: Number(r.dueToday) })
  return {
    open: Number(open[0]?.n ?? 0),
    overdueByKelurahan: byKelurahan.map((r) => ({ name: r.name, count: Number(r.count) })),
    overdueByCategory: byCategory.map((r) => ({ name: r.name, count: Number(r.count) })),
    dueYesterday: Number(due[0]?.n ?? 0),
    handledWithinTarget: Number(due[0]?.handled ?? 0),
    attentionByKelurahan: kelurahanNeed.map(need),
    attentionByHolder: holderNeed.map(need),
    oldestLate: oldest.map((r) => ({ ticket: r.ticket, kelurahan: r.kelurahan, minutes: Math.floor((now - Number(r.dueAt)) / 60_000) })),
    escalatedYesterday: escalated.map((r) => ({ ticket: r.ticket, rung: Number(r.rung), to: r.to })),
  }
}

// Partner deadlines on referrals (issue 24): which referrals may have a step due, and the writes of
// the steps the domain decided (domain/escalation.ts referralSteps). The primary key on (referral,
// step) makes each step happen once, whatever runs twice or late.

export type DueReferral = {
  id: number; caseId: number; ticket: string; caseStatus: string; partnerId: number; partnerName: string
  acceptDueAt: number; acceptEscalateAt: number; outcomeDueAt: number; outcomeEscalateAt: number
  answered: boolean; finished: boolean; done: Set<string>
}

/**
 * Referred cases whose newest referral went to a listed partner and passed its first deadline with
 * a step still to take. Past referrals stop matching when the case leaves `dirujuk`.
 */
function dueReferralsQuery(db: Db, now: number) {
  return db.all<Record<string, unknown>>(
    sql`SELECT r.id, r.case_id AS caseId, c.ticket, c.status AS caseStatus, r.partner_id AS partnerId, r.partner_name AS partnerName,
        r.accept_due_at AS acceptDueAt, r.accept_escalate_at AS acceptEscalateAt, r.outcome_due_at AS outcomeDueAt, r.outcome_escalate_at AS outcomeEscalateAt,
        EXISTS (SELECT 1 FROM partner_answers a WHERE a.referral_id = r.id) AS answered,
        (SELECT answer FROM partner_answers a WHERE a.referral_id = r.id ORDER BY a.id DESC LIMIT 1) IN ('selesai', 'ditolak') AS finished,
        (SELECT group_concat(step) FROM referral_deadline_steps s WHERE s.referral_id = r.id) AS done
      FROM referrals r INDEXED BY referrals_by_accept_due JOIN cases c ON c.id = r.case_id
      WHERE r.accept_due_at IS NOT NULL AND r.accept_due_at <= ${now} AND c.status = 'dirujuk'
        AND r.id = (SELECT max(id) FROM referrals WHERE case_id = r.case_id)
        AND (SELECT count(*) FROM referral_deadline_steps s WHERE s.referral_id = r.id) < 4`,
  )
}

function toDueReferral(r: Record<string, unknown>): DueReferral {
  return {
    id: Number(r.id), caseId: Number(r.caseId), ticket: String(r.ticket), caseStatus: String(r.caseStatus), partnerId: Number(r.partnerId), partnerName: String(r.partnerName),
    acceptDueAt: Number(r.acceptDueAt), acceptEscalateAt: Number(r.acceptEscalateAt), outcomeDueAt: Number(r.outcomeDueAt), outcomeEscalateAt: Number(r.outcomeEscalateAt),
    answered: Boolean(r.answered), finished: Boolean(r.finished), done: new Set(String(r.done ?? '').split(',').filter(Boolean)),
  }
}

export type StepWrite = { referral: DueReferral; step: ReferralStep; audience: 'partner' | 'holder'; note: string }

/**
 * One write batch for the steps of a run: each step recorded once, its timeline event, and inbox
 * alerts (the partner's active users for a reminder; the holder and the active supervisors after),
 * then their outside messages. Returns the steps this run recorded and how many alerts it added.
 */
export async function recordReferralSteps(db: Db, input: { steps: StepWrite[]; now: number; run: string; channels: Parameters<typeof outboxForRun>[2] }): Promise<{ recorded: { referralId: number; step: string }[]; alerts: number }> {
  const { now, run } = input
  const statements: SQL[] = []
  for (const { referral: r, step, audience, note } of input.steps) {
    const mine = sql`EXISTS (SELECT 1 FROM referral_deadline_steps WHERE referral_id = ${r.id} AND step = ${step} AND run_id = ${run})`
    const recipients =
      audience === 'partner'
        ? sql`SELECT pu.user_id AS id FROM partner_users pu JOIN users u ON u.id = pu.user_id AND u.active = 1 WHERE pu.partner_id = ${r.partnerId}`
        : sql`SELECT u.id FROM users u WHERE u.active = 1 AND (u.id = (SELECT assigned_to FROM cases WHERE id = ${r.caseId}) OR u.role = 'supervisor')`
    statements.push(
      sql`INSERT INTO referral_deadline_steps (referral_id, step, recorded_at, run_id) VALUES (${r.id}, ${step}, ${now}, ${run}) ON CONFLICT DO NOTHING`,
      sql`INSERT INTO case_events (case_id, at, actor_id, kind, note) SELECT ${r.caseId}, ${now}, NULL, 'tenggat_mitra', ${note} WHERE ${mine}`,
      sql`INSERT INTO alerts (user_id, kind, case_id, note, urgent, created_at, run_id, dedupe_key)
          SELECT x.id, 'tenggat_mitra', ${r.caseId}, ${note}, 0, ${now}, ${run}, ${`tenggat:${r.id}:${step}:`} || x.id FROM (${recipients}) AS x
          WHERE ${mine}
          ON CONFLICT (dedupe_key) DO NOTHING`,
    )
  }
  statements.push(outboxForRun(run, now, input.channels))
  statements.push(sql`SELECT referral_id, step FROM referral_deadline_steps WHERE run_id = ${run}`, sql`SELECT count(*) AS alerts FROM alerts WHERE run_id = ${run}`)
  const results = await writeBatch(db, statements)
  const [recorded, alerts] = results.slice(-2)
  return { recorded: recorded!.rows.map((r) => ({ referralId: Number(r.referral_id), step: String(r.step) })), alerts: Number(alerts!.rows[0]!.alerts) }
}
