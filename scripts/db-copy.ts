// `npm run db:copy -- FROM TO`: moves a deployment between Node and the Worker, e.g. from
// file:data/sigap.db to a libSQL server or Turso (libsql://…, https://…) and back. FROM_AUTH_TOKEN and
// TO_AUTH_TOKEN carry the remote databases' tokens. The target must be empty; it is migrated first.
import { createClient } from '@libsql/client'
import { parseArgs } from 'node:util'
import { copyDatabase } from '../worker/backup/copy'

const { positionals } = parseArgs({ allowPositionals: true })
try {
  const [fromUrl, toUrl] = positionals
  if (positionals.length !== 2 || !fromUrl || !toUrl) throw new Error('usage: npm run db:copy -- FROM_URL TO_URL')
  const from = createClient({ url: fromUrl, authToken: process.env.FROM_AUTH_TOKEN })
  const to = createClient({ url: toUrl, authToken: process.env.TO_AUTH_TOKEN })
  const started = performance.now()
  // A remote target is the Worker's database; a file is Node's.
  const report = await copyDatabase(from, to, { targetRuntime: toUrl.startsWith('file:') ? 'node' : 'worker' })
  console.log(`Copied ${report.rows} rows in ${report.tables} tables (${((performance.now() - started) / 1000).toFixed(1)} s), counts checked.`)
  if (report.resetNeeded.length) {
    console.log(`These accounts were hashed on Node with more iterations than a Worker can verify; an admin must reset their passwords there (Admin → Pengguna): ${report.resetNeeded.join(', ')}`)
  }
  from.close()
  to.close()
} catch (err) {
  console.error(`db:copy failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
}
