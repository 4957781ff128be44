import type { Context } from 'hono'
import type { Clock } from './clock'
import type { Config } from './config'
import type { Db } from './db/client'
import type { SessionUser } from './db/queries/sessions'
import type { ReferenceCache } from './reference'
import type { PhotoStore } from './storage/photo-store'

/** What an entry hands to createApp. `clientAddress` is the runtime's own view of the peer, never a header a client could forge (except Cloudflare's). */
export type Deps = { db: Db; clock: Clock; config: Config; clientAddress: (c: Context) => string; photos?: PhotoStore }

export type AppEnv = {
  Variables: Deps & { user: SessionUser | null; reference: ReferenceCache }
}
