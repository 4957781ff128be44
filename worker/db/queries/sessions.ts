import { and, eq, gt, inArray } from 'drizzle-orm'
import type { FailureRecord } from '../../domain/throttle'
import { writeBatch } from '../batch'
import type { Db } from '../client'
import { rateLimits, sessions, userKelurahan, users } from '../schema'

export type Role = (typeof users.$inferSelect)['role']
export type SessionUser = { id: number; username: string; displayName: string; role: Role; kelurahan: string[]; sessionId: string }

// NIST SP 800-63B AAL2 (SECURITY.md): 30 minutes idle, 12 hours absolute.
export const sessionIdleMs = 30 * 60_000
export const sessionAbsoluteMs = 12 * 60 * 60_000

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
  const [found, areas] = await db.batch([
    db
      .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
      .from(sessions)
      .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.active, true)))
      .where(alive),
    db
      .select({ code: userKelurahan.kelurahanCode })
      .from(userKelurahan)
      .innerJoin(sessions, eq(sessions.userId, userKelurahan.userId))
      .where(alive),
    db.update(sessions).set({ lastSeenAt: now }).where(alive),
  ])
  const user = found[0]
  if (!user) return null
  return { ...user, kelurahan: areas.map((a) => a.code), sessionId }
}

export async function endSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

export async function readFailures(db: Db, keys: string[]): Promise<Map<string, FailureRecord>> {
  const rows = await db.select().from(rateLimits).where(inArray(rateLimits.key, keys))
  return new Map(rows.map((r) => [r.key, r]))
}

export async function saveFailures(db: Db, records: Map<string, FailureRecord>) {
  const upserts = [...records].map(([key, r]) =>
    db.insert(rateLimits).values({ key, ...r }).onConflictDoUpdate({ target: rateLimits.key, set: r }),
  )
  if (upserts.length > 0) await writeBatch(db, upserts)
}

export async function clearFailures(db: Db, key: string) {
  await db.delete(rateLimits).where(eq(rateLimits.key, key))
}
