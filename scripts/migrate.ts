// `npm run db:migrate`: applies migrations and reference data to DATABASE_URL (a file, or a remote
// libSQL/Turso database with DATABASE_AUTH_TOKEN), the same code the Node entry runs at start.
import { createClient } from '@libsql/client'
import { readConfig } from '../worker/config'
import { wrapClient } from '../worker/db/client'
import { openFileDb } from '../worker/db/open-file'
import { prepareDatabase } from '../worker/db/prepare'

const url = process.env.DATABASE_URL ?? 'file:data/sigap.db'
const db = url.startsWith('file:') ? await openFileDb(url) : wrapClient(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN }))
await prepareDatabase(db, readConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }, 'node'))
console.log(`Database at ${url.replace(/\?.*$/, '')} is up to date.`)
db.$client.close()
