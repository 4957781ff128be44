// `npm run admin:create -- <username>`: the first admin of a production database (no default
// accounts exist there). The password comes from SIGAP_ADMIN_PASSWORD, never from the command line.
import { createClient } from '@libsql/client'
import { readConfig } from '../worker/config'
import { wrapClient } from '../worker/db/client'
import { openFileDb } from '../worker/db/open-file'
import { users } from '../worker/db/schema'
import { hashPassword } from '../worker/security/password'

const username = process.argv[2]?.trim().toLowerCase()
const password = process.env.SIGAP_ADMIN_PASSWORD ?? ''
if (!username || !/^[a-z0-9._-]{3,32}$/.test(username)) throw new Error('usage: npm run admin:create -- <username> (3–32 of a-z 0-9 . _ -)')
if (password.length < 12) throw new Error('Set SIGAP_ADMIN_PASSWORD to at least 12 characters')

const url = process.env.DATABASE_URL ?? 'file:data/sigap.db'
const db = url.startsWith('file:') ? await openFileDb(url) : wrapClient(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN }))
// Hash for the runtime that will verify it: a Worker deployment cannot verify more than 100,000 iterations.
const config = readConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }, process.env.SIGAP_RUNTIME === 'worker' ? 'worker' : 'node')
await db.insert(users).values({ username, displayName: 'Administrator', role: 'admin', passwordHash: await hashPassword(password, config), createdAt: Date.now() })
console.log(`Admin ${username} created.`)
db.$client.close()
