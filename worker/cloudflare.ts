// Cloudflare Worker entry: libSQL over HTTP, the same app as the Node entry.
import { createClient } from '@libsql/client/web'
import { createApp, type App } from './app'
import { systemClock } from './clock'
import { readConfig } from './config'
import { wrapClient } from './db/client'

type Env = Record<string, string | undefined> & { DATABASE_URL: string; DATABASE_AUTH_TOKEN?: string }

// One app per isolate, built on the first request: its reference-data cache then saves a round
// trip on every later request.
let cached: { env: Env; app: App } | null = null

function appFor(env: Env): App {
  if (cached?.env !== env) {
    const db = wrapClient(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }))
    const app = createApp({ db, clock: systemClock, config: readConfig(env, 'worker'), clientAddress: (c) => c.req.header('CF-Connecting-IP') ?? 'unknown' })
    cached = { env, app }
  }
  return cached.app
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => appFor(env).fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
