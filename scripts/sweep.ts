// `npm run sweep -- --now 2026-11-24T09:00:00+07:00`: one sweep (and outbox delivery) as of that
// time against DATABASE_URL, printing what it did. Without --now, as of the current time.
import { createClient } from '@libsql/client'
import { readConfig } from '../worker/config'
import { wrapClient } from '../worker/db/client'
import { openFileDb } from '../worker/db/open-file'
import { runSweep } from '../worker/jobs/run'

const at = process.argv.indexOf('--now')
const now = at >= 0 ? Date.parse(process.argv[at + 1] ?? '') : Date.now()
if (Number.isNaN(now)) throw new Error('usage: npm run sweep -- [--now 2026-11-24T09:00:00+07:00]')

const url = process.env.DATABASE_URL ?? 'file:data/sigap.db'
const db = url.startsWith('file:') ? await openFileDb(url) : wrapClient(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN }))
const config = readConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' }, 'node')
const started = performance.now()
const { sweep, delivery } = await runSweep(db, config, now)
const ms = Math.round(performance.now() - started)

console.log(`Sweep as of ${new Date(now).toISOString()} on ${url.replace(/\?.*$/, '')} (${ms} ms, ${sweep.chunks} chunk(s))`)
for (const e of sweep.escalations) console.log(`  case ${e.ticket}: rung ${e.rung} recorded`)
for (const s of sweep.referralSteps) console.log(`  case ${s.ticket}: partner deadline step ${s.step}`)
console.log(`  ${sweep.cases} case(s) escalated, ${sweep.escalations.length} rung(s) recorded, ${sweep.alerts} inbox alert(s), ${sweep.messages} message(s) queued`)
console.log(`  digest: ${sweep.digest ? `sent for ${sweep.digest}` : 'not due or already sent'}`)
console.log(`  outbox: ${delivery.sent} sent, ${delivery.retried} to retry, ${delivery.deferred} held for quiet hours, ${delivery.dead} dead`)
db.$client.close()
