import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { FailureRecord } from '../../domain/throttle'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { alerts, rateLimits, sessions, userKelurahan, users } from '../schema'

export type Role = (typeof users.$inferSelect)['role']
export type SessionUser = { id: number; username: string; displayName: string; role: Role; kelurahan: string[]; sessionId: string; mustChangePassword?: boolean; unreadAlerts?: number }

// NIST SP 800-63B AAL2 (SECURITY.md): 30 minutes idle, 12 hours absolute.
export const sessionIdleMs = 30 * 60_000
export const sessionAbsoluteMs = 12 * 60 * 60_000
const sessionTouchMs = 60_000

export function findUserByUsername(db: Db, username: string) {
  return db.query.users.findFirst({ where: eq(users.username, username) })
}

/** Starts a session; the password is re-hashed in the same batch when its work factor is outdated. */
export async function startSession(db: Db, input: { sessionId: string; userId: number; now: number; rehash?: string }) {
  await writeBatch(db, [
    db.insert(sessions).values({ id: input.sessionId, userId: input.userId, createdAt: input.now, lastSeenAt: input.now }),
    ...(input.rehash ? [db.update(users).set({ passwordHash: input.rehash }).where(eq(users.id, input.userId))] : []),
  ])
}

/** The signed-in user of a live session, touching it; one round trip. */
export async function loadSession(db: Db, sessionId: string, now: number): Promise<SessionUser | null> {
  const alive = and(eq(sessions.id, sessionId), gt(sessions.lastSeenAt, now - sessionIdleMs), gt(sessions.createdAt, now - sessionAbsoluteMs))
  const [found, areas, , unread] = await db.batch([
    db
      .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, mustChangePassword: users.mustChangePassword })
      .from(sessions)
      .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.active, true)))
      .where(alive),
    db
      .select({ code: userKelurahan.kelurahanCode })
      .from(userKelurahan)
      .innerJoin(sessions, eq(sessions.userId, userKelurahan.userId))
      .where(alive),
    // Touched at most once a minute: an UPDATE that changes no row commits nothing, so most requests
    // cost no disk sync (with synchronous=FULL every commit waits for one; bench/run.ts measures it).
    db.update(sessions).set({ lastSeenAt: now }).where(and(alive, lt(sessions.lastSeenAt, now - sessionTouchMs))),
    // The bell's unread count rides in this batch: no extra round trip per page.
    db
      .select({ n: sql<number>`count(*)` })
      .from(alerts)
      .innerJoin(sessions, eq(sessions.userId, alerts.userId))
      .where(and(alive, isNull(alerts.readAt))),
  ])
  const user = found[0]
  if (!user) return null
  return { ...user, kelurahan: areas.map((a) => a.code), sessionId, unreadAlerts: Number(unread[0]?.n ?? 0) }
}

export async function endSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

export async function readFailures(db: Db, keys: string[]): Promise<Map<string, FailureRecord>> {
  const rows = await db.select().from(rateLimits).where(inArray(rateLimits.key, keys))
  return new Map(rows.map((r) => [r.key, r]))
}

/**
 * Counts one more failed sign-in for each key and returns the new counts. The increment happens in
 * the database: a read-then-write would let a burst of parallel guesses count as one failure.
 */
export async function countFailures(db: Db, keys: string[], at: { now: number; windowMs: number }): Promise<Map<string, number>> {
  const fresh = sql`${at.now} - ${rateLimits.windowStart} > ${at.windowMs}`
  const results = await writeBatch(
    db,
    keys.map((key) =>
      db
        .insert(rateLimits)
        .values({ key, failures: 1, windowStart: at.now, blockedUntil: 0 })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: { failures: sql`CASE WHEN ${fresh} THEN 1 ELSE ${rateLimits.failures} + 1 END`, windowStart: sql`CASE WHEN ${fresh} THEN ${at.now} ELSE ${rateLimits.windowStart} END` },
        })
        .returning({ failures: rateLimits.failures }),
    ),
  )
  return new Map(keys.map((key, i) => [key, Number(results[i]!.rows[0]!.failures)]))
}

/** Refuses sign-ins for each key until the given time; a shorter block never replaces a longer one. */
export async function blockFailures(db: Db, until: Map<string, number>) {
  const updates = [...until].map(([key, time]) => db.update(rateLimits).set({ blockedUntil: sql`max(${rateLimits.blockedUntil}, ${time})` }).where(eq(rateLimits.key, key)))
  if (updates.length > 0) await writeBatch(db, updates)
}

export async function clearFailures(db: Db, key: string) {
  await db.delete(rateLimits).where(eq(rateLimits.key, key))
}
