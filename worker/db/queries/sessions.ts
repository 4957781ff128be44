import { eq, inArray, sql, type SQL } from 'drizzle-orm'
import { sessionAbsoluteMs, sessionIdleMs, type Role, type SessionUser } from '../../domain/access'
import type { FailureRecord } from '../../domain/throttle'
import { secondFactorRoles } from '../../domain/two-factor'
import { statement, writeBatch } from '../batch'
import type { Db } from '../client'
import { rateLimits, sessions, users } from '../schema'

const sessionTouchMs = 60_000

export function findUserByUsername(db: Db, username: string) {
  return db.query.users.findFirst({ where: eq(users.username, username) })
}

/** Starts a session; the password is re-hashed in the same batch when its work factor is outdated. */
export async function startSession(db: Db, input: { sessionId: string; userId: number; now: number; rehash?: string; secondFactorAt?: number }) {
  await writeBatch(db, [
    db.insert(sessions).values({ id: input.sessionId, userId: input.userId, createdAt: input.now, lastSeenAt: input.now, secondFactorAt: input.secondFactorAt ?? null }),
    ...(input.rehash ? [db.update(users).set({ passwordHash: input.rehash }).where(eq(users.id, input.userId))] : []),
  ])
}

/**
 * The statements that check a session: its user (with areas, the bell's unread count and crew
 * membership) if the session is live and the user active, and the idle-timeout touch. They run
 * alone (loadSession) or first in a request's own batch (worker/session.ts), so that checking the
 * session costs no round trip of its own (issue 25).
 */
export function sessionQueries(sessionId: string, now: number) {
  // Two statements in plain SQL (areas, the bell's unread count and the WhatsApp messages waiting for
  // the desk as subqueries) cost a third of four drizzle-built ones (bench/load.ts, issue 10).
  const alive = liveSession(sessionId, now)
  return {
    user: sql`SELECT u.id, u.username, u.display_name, u.role, u.must_change_password, s.second_factor_at,
        (SELECT group_concat(kelurahan_code, ' ') FROM user_kelurahan WHERE user_id = u.id) AS kelurahan,
        (SELECT count(*) FROM alerts WHERE user_id = u.id AND read_at IS NULL) AS unread,
        CASE WHEN u.role IN ('operator', 'supervisor', 'admin') THEN (SELECT count(*) FROM wa_conversations WHERE status = 'baru') END AS wa_waiting,
        EXISTS (SELECT 1 FROM vehicle_crew WHERE user_id = u.id) AS crew
      FROM sessions AS s JOIN users AS u ON u.id = s.user_id AND u.active = 1
      WHERE ${alive}`,
    // Touched at most once a minute: an UPDATE that changes no row commits nothing, so most requests
    // cost no disk sync (with synchronous=FULL every commit waits for one; bench/run.ts measures it).
    touch: sql`UPDATE sessions AS s SET last_seen_at = ${now} WHERE ${alive} AND s.last_seen_at < ${now - sessionTouchMs}`,
  }
}

const liveSession = (sessionId: string, now: number) => sql`s.id = ${sessionId} AND s.last_seen_at > ${now - sessionIdleMs} AND s.created_at > ${now - sessionAbsoluteMs}`

/** The user of sessionQueries' `user` row; null when there is none (signed out, expired, disabled). */
export function sessionUserOf(row: Record<string, unknown> | undefined, sessionId: string): SessionUser | null {
  if (!row) return null
  return {
    id: Number(row.id),
    username: String(row.username),
    displayName: String(row.display_name),
    role: row.role as Role,
    mustChangePassword: Boolean(row.must_change_password),
    kelurahan: row.kelurahan ? String(row.kelurahan).split(' ') : [],
    sessionId,
    unreadAlerts: Number(row.unread),
    ...(row.wa_waiting !== null ? { waWaiting: Number(row.wa_waiting) } : {}),
    secondFactor: row.second_factor_at !== null,
    crew: Boolean(row.crew),
  }
}

/** The signed-in user of a live session, touching it; one round trip. */
export async function loadSession(db: Db, sessionId: string, now: number): Promise<SessionUser | null> {
  const queries = sessionQueries(sessionId, now)
  const [found] = await db.$client.batch([statement(queries.user), statement(queries.touch)])
  return sessionUserOf(found!.rows[0], sessionId)
}

/**
 * The user id of a session, inside a batch that also runs sessionQueries: nothing read with it is
 * used unless that batch's session row admits the request (worker/session.ts).
 */
export const sessionUserId = (sessionId: string) => sql`(SELECT user_id FROM sessions WHERE id = ${sessionId})`

/** Whether the session's user is `user`, with that role still (a batch checking the session applies it to what it presumed of the user). */
export const sessionIsUser = (sessionId: string, user: { id: number; role: string }) =>
  sql`EXISTS (SELECT 1 FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ${sessionId} AND u.id = ${user.id} AND u.role = ${user.role})`

/**
 * What the gates in front of a route open to `roles` let through, in SQL, for the write statements
 * of a batch that checks the session in the same round trip: a live session of an active user of
 * one of the roles, with no temporary password left to change and with the second factor given
 * when the role needs one. The same decisions as requireRole, requirePasswordChange and
 * requireSecondFactor (test/security/one-trip.test.ts), which judge the batch's user row after it:
 * a refused request has written nothing.
 */
export function sessionAdmits(sessionId: string, now: number, roles: readonly Role[] | null): SQL {
  return sql`EXISTS (SELECT 1 FROM sessions AS s JOIN users AS u ON u.id = s.user_id AND u.active = 1
      WHERE ${liveSession(sessionId, now)} AND u.must_change_password = 0
        AND (s.second_factor_at IS NOT NULL OR u.role NOT IN ${[...secondFactorRoles]})
        ${roles ? sql`AND u.role IN ${roles.length > 0 ? [...roles] : ['']}` : sql``})`
}

export async function endSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

export async function readFailures(db: Db, keys: string[]): Promise<Map<string, FailureRecord>> {
  return failureMap(await failureRows(db, keys))
}

/** readFailures's query, for a batch; `failureMap` reads its rows. */
export function failureRows(db: Db, keys: string[]) {
  return db.select().from(rateLimits).where(inArray(rateLimits.key, keys))
}

export function failureMap(rows: Awaited<ReturnType<typeof failureRows>>): Map<string, FailureRecord> {
  return new Map(rows.map((r) => [r.key, r]))
}

/**
 * Counts one more failure for each key, in that key's window, and returns the new counts. The
 * increment happens in the database: a read-then-write would let a burst of parallel guesses count as one failure.
 */
export async function countFailures(db: Db, keys: { key: string; windowMs: number }[], now: number): Promise<Map<string, number>> {
  const results = await writeBatch(
    db,
    keys.map(({ key, windowMs }) => {
      const fresh = sql`${now} - ${rateLimits.windowStart} > ${windowMs}`
      return db
        .insert(rateLimits)
        .values({ key, failures: 1, windowStart: now, blockedUntil: 0 })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: { failures: sql`CASE WHEN ${fresh} THEN 1 ELSE ${rateLimits.failures} + 1 END`, windowStart: sql`CASE WHEN ${fresh} THEN ${now} ELSE ${rateLimits.windowStart} END` },
        })
        .returning({ failures: rateLimits.failures })
    }),
  )
  return new Map(keys.map(({ key }, i) => [key, Number(results[i]!.rows[0]!.failures)]))
}

/** Holds each key until the given time; a shorter hold never replaces a longer one. */
export async function blockFailures(db: Db, until: Map<string, number>) {
  const updates = [...until].filter(([, time]) => time > 0).map(([key, time]) => db.update(rateLimits).set({ blockedUntil: sql`max(${rateLimits.blockedUntil}, ${time})` }).where(eq(rateLimits.key, key)))
  if (updates.length > 0) await writeBatch(db, updates)
}

export async function clearFailures(db: Db, keys: string[]) {
  await db.delete(rateLimits).where(inArray(rateLimits.key, keys))
}
