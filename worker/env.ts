import type { Context, MiddlewareHandler } from 'hono'
import type { AfterResponse } from './background'
import type { Clock } from './clock'
import type { Config } from './config'
import type { Role, SessionUser } from './domain/access'
import type { Db } from './db/client'
import type { ReferenceCache } from './reference'
import type { PhotoStore } from './storage/photo-store'

/** What an entry hands to createApp. `socketAddress` is the runtime's own view of the peer (none on Workers). */
export type Deps = { db: Db; clock: Clock; config: Config; socketAddress: (c: Context) => string | undefined; photos?: PhotoStore; afterResponse?: AfterResponse }

/**
 * A session not checked yet: its request is answered in one round trip (worker/session.ts), so the
 * middlewares that judge the user (`judges`, requiring `roles`) wait for the route's own batch.
 */
export type PendingSession = { id: string; judges: MiddlewareHandler<AppEnv>[]; roles: (readonly Role[])[] }

export type AppEnv = {
  /** `clientAddress`: the socket address, or what the trusted proxy says (config.trustedProxy). */
  Variables: Omit<Deps, 'socketAddress' | 'afterResponse'> & {
    clientAddress: (c: Context) => string
    /** Work finishing after the response (background.ts); tests pass one they can wait for. */
    afterResponse: (work: () => Promise<unknown>) => void
    user: SessionUser | null
    session: PendingSession | null
    reference: ReferenceCache
  }
}
