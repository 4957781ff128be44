// Cloudflare Worker entry: libSQL over HTTP, the same app as the Node entry.
import { createClient } from '@libsql/client/web'
import { createApp, type App } from './app'
import { systemClock } from './clock'
import { readConfig } from './config'
import { wrapClient } from './db/client'
import { runSweep } from './jobs/run'
import { r2PhotoStore, type R2Like } from './storage/r2'

type Env = Record<string, string | undefined> & { DATABASE_URL: string; DATABASE_AUTH_TOKEN?: string }

// Photos go to the R2 bucket bound as PHOTOS; without the binding visits are saved without photos.
function photosOf(env: Env) {
  const bucket = (env as unknown as { PHOTOS?: R2Like }).PHOTOS
  return bucket ? r2PhotoStore(bucket) : undefined
}

// One app per isolate, built on the first request: its reference-data cache then saves a round
// trip on every later request.
let cached: { env: Env; app: App } | null = null

function appFor(env: Env): App {
  if (cached?.env !== env) {
    const db = wrapClient(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }))
    const app = createApp({ db, clock: systemClock, config: readConfig(env, 'worker'), socketAddress: () => undefined, photos: photosOf(env) })
    cached = { env, app }
  }
  return cached.app
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => appFor(env).fetch(request, env, ctx),
  // The cron trigger in wrangler.toml: the same sweep as Node's scheduler, as of the scheduled time.
  scheduled: async (controller: ScheduledController, env: Env, ctx: ExecutionContext) => {
    const db = wrapClient(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }))
    ctx.waitUntil(runSweep(db, readConfig(env, 'worker'), controller.scheduledTime, fetch, photosOf(env)))
  },
} satisfies ExportedHandler<Env>
