// A server for the benchmarks, run as a child process so its memory can be read from /proc:
// `app` serves the real app as worker/node.ts does (libSQL file, migrations, demo users, photo
// store; not the sweep scheduler, whose cron could fire mid-run) but on 127.0.0.1 port 0; `bare`
// serves a Hono route returning a constant (the floor for HTTP) and, at /form, a page with one field
// (the floor for the slow-link time to a usable form). `npm run build:node` bundles it
// beside worker/node.ts and bench/support.ts runs it as `npm start` runs that: plain node, same flags.
// Prints `{"origin": …}` on stdout once listening.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import { createApp } from '../worker/app'
import { systemClock } from '../worker/clock'
import { readConfig } from '../worker/config'
import { openFileDb } from '../worker/db/open-file'
import { prepareDatabase } from '../worker/db/prepare'
import { loadDemoUsers } from '../worker/db/seed'
import { releaseStartupGarbage } from '../worker/startup-gc'
import { folderPhotoStore } from '../worker/storage/folder'

const mode = process.argv[2]
let handler: (req: Request, env: unknown) => Response | Promise<Response> = () => new Response('starting', { status: 503 })
const server = serve({ fetch: (req, env) => handler(req, env), port: 0, hostname: '127.0.0.1' })
await new Promise((resolve) => server.once('listening', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

if (mode === 'bare') {
  const bare = new Hono()
  bare.get('/form', (c) => c.html('<!doctype html><html lang="id"><meta charset="utf-8"><title>Formulir</title><form method="post"><label>Nama <input name="nama"></label></form></html>'))
  bare.all('*', (c) => c.text('ok'))
  handler = bare.fetch
} else {
  // The app's origin must be the served one (CSRF checks), so it is built once the port is known.
  const config = readConfig({ ...process.env, SIGAP_ORIGIN: origin }, 'node')
  const db = await openFileDb(process.env.DATABASE_URL!, { groupCommit: true })
  await prepareDatabase(db, config)
  await loadDemoUsers(db, config, systemClock.now(), process.env.SIGAP_DEMO_PASSWORD)
  const photos = folderPhotoStore(process.env.SIGAP_PHOTOS_DIR!)
  const app = createApp({ db, clock: systemClock, config, socketAddress: (c) => getConnInfo(c).remote.address, photos }).fetch
  // Where the server's memory is (bench/load.ts): V8's heap, buffers outside it, and the rest of RSS.
  handler = (req, env) => (new URL(req.url).pathname === '/__bench/memory' ? Response.json(process.memoryUsage()) : app(req, env))
}
// An exit rather than death by signal, so that a --cpu-prof profile is written (bench/run.ts).
process.once('SIGTERM', () => process.exit(0))
releaseStartupGarbage()
console.log(JSON.stringify({ origin }))
