// Node entry: an embedded libSQL file, migrations and demo data at start, the same app as the Worker.
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp } from './app'
import { systemClock } from './clock'
import { readConfig } from './config'
import { openFileDb } from './db/open-file'
import { prepareDatabase } from './db/prepare'
import { loadDemoUsers } from './db/seed'

const config = readConfig(process.env, 'node')
const db = await openFileDb(process.env.DATABASE_URL ?? 'file:data/sigap.db')
await prepareDatabase(db, config)
if (!config.production) {
  const generated = await loadDemoUsers(db, config, systemClock.now(), process.env.SIGAP_DEMO_PASSWORD)
  if (generated) console.log(`Demo accounts created (operator, supervisor, kepala, admin, fas-<kode kelurahan>). Password: ${generated}`)
}

const app = createApp({ db, clock: systemClock, config, clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown' })
const port = Number(process.env.PORT ?? 8787)
serve({ fetch: app.fetch, port }, () => console.log(`Sigap listening on ${config.origin} (port ${port})`))
