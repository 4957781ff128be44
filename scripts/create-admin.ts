// `npm run admin:create -- <username>`: the first admin of a production database (no default
// accounts exist there). The password comes from SIGAP_ADMIN_PASSWORD, never from the command line.
import { createClient } from '@libsql/client'
import { readHashSettings } from '../worker/config'
import { wrapClient } from '../worker/db/client'
import { openFileDb } from '../worker/db/open-file'
import { findUserByUsername } from '../worker/db/queries/sessions'
import { users } from '../worker/db/schema'
import { hashPassword } from '../worker/security/password'

const username = process.argv[2]?.trim().toLowerCase()
const password = process.env.SIGAP_ADMIN_PASSWORD ?? ''
if (!username || !/^[a-z0-9._-]{3,32}$/.test(username)) throw new Error('usage: npm run admin:create -- <username> (3–32 of a-z 0-9 . _ -)')
if (password.length < 12) throw new Error('Set SIGAP_ADMIN_PASSWORD to at least 12 characters')
// Hash for the runtime that will verify it: a Worker deployment cannot verify more than 100,000 iterations.
const settings = readHashSettings({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }, process.env.SIGAP_RUNTIME === 'worker' ? 'worker' : 'node')

const url = process.env.DATABASE_URL ?? 'file:data/sigap.db'
const db = url.startsWith('file:') ? await openFileDb(url) : wrapClient(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN }))
try {
  if (await findUserByUsername(db, username)) throw new Error(`user "${username}" already exists; nothing changed (an admin resets passwords at /admin/users)`)
  await db.insert(users).values({ username, displayName: 'Administrator', role: 'admin', passwordHash: await hashPassword(password, settings), createdAt: Date.now() })
  console.log(`Admin ${username} created.`)
} finally {
  db.$client.close()
}
