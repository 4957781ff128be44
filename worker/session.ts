import type { ResultSet } from '@libsql/client'
import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { Context, Handler, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { matchedRoutes } from 'hono/route'
import { writeBatch, type Buildable } from './db/batch'
import { loadSession, sessionAdmits, sessionIsUser, sessionQueries, sessionUserId, sessionUserOf } from './db/queries/sessions'
import { caseScopeOf, scopeKinds, type CaseScope, type Role, type ScopeKind, type SessionUser } from './domain/access'
import type { AppEnv, PendingSession } from './env'
import { sessionIdOf } from './security/middleware'

// One round trip per request (issue 25): from a Worker every trip to the database region costs
// 100–250 ms. A route marked oneTrip reads the session in the same batch as its own reads or
// writes; the middlewares that judge the user (roles, second factor, temporary password, the mitra
// confinement) are deferred until that batch's session row is in, and then run unchanged. No
// session is cached: signing out or disabling a user counts at the next request.

const oneTripHandlers = new WeakSet<Handler<AppEnv>>()

/** Marks a route handler that checks the session in its own batch (withSession, withSessionWrite). */
export function oneTrip<H extends Handler<AppEnv>>(handler: H): H {
  oneTripHandlers.add(handler)
  return handler
}

/** The signed-in user into c.var.user; for a oneTrip route, the session to check in its batch. */
export const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  const sessionId = await sessionIdOf(c)
  if (sessionId && matchedRoutes(c).some((r) => oneTripHandlers.has(r.handler))) {
    const pending: PendingSession = { id: sessionId, judges: [], roles: [] }
    c.set('session', pending)
    await next()
    // An answer given before the session was checked (a body that could not be read) stands only
    // if the session admits the request; otherwise the judges' refusal replaces it.
    if (c.var.session === pending) await withSession(c, [])
    return
  }
  c.set('user', sessionId ? await loadSession(c.var.db, sessionId, c.var.clock.now()) : null)
  await next()
})

/** A middleware that judges the signed-in user: for a oneTrip request it runs once the route's batch has read the user. */
export function judgesUser(judge: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const pending = c.var.session
    if (!pending) return judge(c, next)
    pending.judges.push(judge)
    await next()
  }
}

/** Runs the deferred judges on the user the batch found (null: signed out, expired or disabled). */
async function admit(c: Context<AppEnv>, pending: PendingSession, user: SessionUser | null) {
  c.set('user', user)
  for (const judge of pending.judges) {
    let passed = false
    const answer = await judge(c, async () => {
      passed = true
    })
    // A judge that answers instead (a redirect to sign-in or to /2fa) refuses; app.onError sends its answer.
    if (!passed) throw answer instanceof Response ? new HTTPException(answer.status as 403, { res: answer }) : new HTTPException(403, { message: 'Anda tidak berhak membuka halaman ini.' })
  }
}

/** The roles every deferred requireRole allows; null when no route middleware asked for any. */
function rolesOf(pending: PendingSession): readonly Role[] | null {
  return pending.roles.length === 0 ? null : pending.roles.reduce((all, some) => all.filter((role) => some.includes(role)))
}

/**
 * db.batch of a oneTrip route: the session's statements first, then `queries`, in one round trip;
 * the results of `queries` once the session admits the request (otherwise the judges' refusal is
 * thrown and nothing read is used). Without a pending session, `queries` alone. A write among the
 * queries (the audit row of a read) must hold only WHERE `admitted`, as in withSessionWrite.
 */
export async function withSession<T extends BatchItem<'sqlite'>[]>(c: Context<AppEnv>, queries: [...T] | ((admitted: SQL | undefined) => [...T])): Promise<BatchResponse<T>> {
  const db = c.var.db
  const pending = c.var.session
  const now = c.var.clock.now()
  const build = typeof queries === 'function' ? queries : () => queries
  if (!pending) {
    const alone = build(undefined)
    return (alone.length > 0 ? await db.batch(alone as unknown as [BatchItem<'sqlite'>]) : []) as BatchResponse<T>
  }
  const own = build(sessionAdmits(pending.id, now, rolesOf(pending)))
  c.set('session', null)
  const session = sessionQueries(pending.id, now)
  const [found, , ...results] = await db.batch([db.all<Record<string, unknown>>(session.user), db.run(session.touch), ...own])
  await admit(c, pending, sessionUserOf((found as Record<string, unknown>[])[0], pending.id))
  return results as BatchResponse<T>
}

/**
 * writeBatch of a oneTrip route: the session's statements first, then the writes `build` makes,
 * each of which must hold only WHERE `admitted` (sessionAdmits: the judges' decision in SQL), so a
 * refused request writes nothing. Without a pending session, `admitted` is undefined.
 */
export async function withSessionWrite(c: Context<AppEnv>, build: (admitted: SQL | undefined) => Buildable[]): Promise<ResultSet[]> {
  const pending = c.var.session
  if (!pending) return writeBatch(c.var.db, build(undefined))
  const now = c.var.clock.now()
  const own = build(sessionAdmits(pending.id, now, rolesOf(pending)))
  c.set('session', null)
  const session = sessionQueries(pending.id, now)
  const [found, , ...results] = await writeBatch(c.var.db, [session.user, session.touch, ...own])
  await admit(c, pending, sessionUserOf(found!.rows[0], pending.id))
  return results
}

/** The signed-in user's id for a query of the batch that checks the session (a subquery until then). */
export const viewerId = (c: Context<AppEnv>): number | SQL => (c.var.session ? sessionUserId(c.var.session.id) : c.var.user!.id)

/**
 * The scopes to read a case list in: one per scope kind while the session is pending (each matches
 * nothing unless the user's role has it), else the user's own; `ownRows` keeps the user's results.
 */
export const viewerScopes = (c: Context<AppEnv>): CaseScope[] => (c.var.session ? scopeKinds.map((only) => ({ kind: 'session', sessionId: c.var.session!.id, only })) : [caseScopeOf(c.var.user!)])

/** Of the results of a list read in each of viewerScopes (the batch has checked the session), the user's. */
export const ownRows = <T>(c: Context<AppEnv>, results: T[]): T => (results.length === 1 ? results[0]! : results[scopeKinds.indexOf(caseScopeOf(c.var.user!).kind as ScopeKind)]!)

/** The signed-in user's case scope, likewise. */
export const viewerScope = (c: Context<AppEnv>): CaseScope => (c.var.session ? { kind: 'session', sessionId: c.var.session.id } : caseScopeOf(c.var.user!))

/**
 * That the signed-in user is `user` with the same role, for the batch that checks the session (a
 * condition in SQL until then); null when the user is known already and is someone else.
 */
export function viewerIs(c: Context<AppEnv>, user: { id: number; role: string }): SQL | null {
  if (c.var.session) return sessionIsUser(c.var.session.id, user)
  return c.var.user!.id === user.id && c.var.user!.role === user.role ? sql`1` : null
}
