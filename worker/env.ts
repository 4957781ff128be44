import type { Context } from 'hono'
import type { Clock } from './clock'
import type { Config } from './config'
import type { SessionUser } from './domain/access'
import type { Db } from './db/client'
import type { ReferenceCache } from './reference'
import type { PhotoStore } from './storage/photo-store'

/** What an entry hands to createApp. `socketAddress` is the runtime's own view of the peer (none on Workers). */
export type Deps = { db: Db; clock: Clock; config: Config; socketAddress: (c: Context) => string | undefined; photos?: PhotoStore }

export type AppEnv = {
  /** `clientAddress`: the socket address, or what the trusted proxy says (config.trustedProxy). */
  Variables: Omit<Deps, 'socketAddress'> & { clientAddress: (c: Context) => string; user: SessionUser | null; reference: ReferenceCache }
}
