import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Miniflare } from 'miniflare'
import { afterAll } from 'vitest'
import { readConfig } from '../../worker/config'
import type { Db } from '../../worker/db/client'
import { userKelurahan, users } from '../../worker/db/schema'
import type { Role } from '../../worker/domain/access'
import { hashPassword } from '../../worker/security/password'
import { createClient } from '@libsql/client'
import { startSqld } from '../../scripts/sqld'
import { wrapClient } from '../../worker/db/client'
import { startCountingProxy, type DbEndpoint } from './counting-proxy'
import { freshDbFile } from './db'

/** The Worker's secrets and vars in tests; `workerConfig` is what the Worker reads from them. */
export const workerEnv = { SIGAP_PEPPER: 'worker-test-pepper-of-32-characters-or-more', SIGAP_ORIGIN: 'http://localhost', SIGAP_REGION: '61.71' }
export const workerConfig = readConfig(workerEnv, 'worker')

/** `compatibility_date` as written in wrangler.toml. */
export function wranglerCompatibilityDate(): string {
  const date = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(readFileSync('wrangler.toml', 'utf8'))?.[1]
  if (!date) throw new Error('wrangler.toml has no compatibility_date')
  return date
}

const outdir = mkdtempSync(join(tmpdir(), 'sigap-worker-'))
afterAll(() => rmSync(outdir, { recursive: true, force: true }))
let bundle: Promise<{ script: string; output: string }> | undefined

/**
 * Builds the Worker exactly as a deployment would (`wrangler deploy --dry-run`), once per test
 * file; the generated assets module is refreshed first because the bundle embeds it. No banner:
 * it would ask the npm registry for a newer wrangler.
 */
export function buildWorker(): Promise<{ script: string; output: string }> {
  bundle ??= (async () => {
    const run = (bin: string, args: string[]) =>
      execFileSync(process.execPath, [join('node_modules/.bin', bin), ...args], { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', NO_COLOR: '1' } })
    run('tsx', ['scripts/build-assets.ts'])
    const output = run('wrangler', ['deploy', '--dry-run', '--outdir', outdir])
    return { script: join(outdir, 'cloudflare.js'), output }
  })()
  return bundle
}

export type TestWorker = { mf: Miniflare; hrana: DbEndpoint; db: Db; dispose(): Promise<void> }

/**
 * The built Worker in workerd (Miniflare) with libSQL over HTTP: a real sqld (scripts/sqld.ts) on
 * a copy of the migrated template, reached through a counting proxy (round trips, outages). `db`
 * is a Node-side client of the same server, to arrange and assert.
 */
export async function startWorker(options: { photos?: boolean; env?: Record<string, string> } = {}): Promise<TestWorker> {
  const { script } = await buildWorker()
  const dir = mkdtempSync(join(tmpdir(), 'sigap-sqld-'))
  mkdirSync(join(dir, 'dbs', 'default'), { recursive: true })
  await freshDbFile(join(dir, 'dbs', 'default', 'data'), workerEnv.SIGAP_REGION)
  const sqld = await startSqld({ dbPath: dir })
  const hrana = await startCountingProxy(sqld.url)
  const db = wrapClient(createClient({ url: sqld.url }))
  const mf = new Miniflare({
    modules: true,
    scriptPath: script,
    modulesRoot: dirname(script),
    // Wrangler writes the image codec (worker/domain/photo-shrink.ts) as a .wasm module beside the script.
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: wranglerCompatibilityDate(),
    compatibilityFlags: ['nodejs_compat'],
    bindings: { DATABASE_URL: hrana.url, ...workerEnv, ...options.env },
    // The R2 bucket of wrangler.toml, in memory, for the tests that store photos.
    ...(options.photos ? { r2Buckets: ['PHOTOS'] } : {}),
  })
  await mf.ready
  return {
    mf,
    hrana,
    db,
    async dispose() {
      await mf.dispose()
      db.$client.close()
      await hrana.close()
      await sqld.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The password of every user made by addWorkerUser. */
export const workerPassword = 'kata-sandi-worker-123'

/** A user made on the Node side, hashed as the Worker hashes, so sign-in does not re-hash. */
export async function addWorkerUser(db: Db, role: Role, kelurahan: string[] = []) {
  const username = `${role}-${Math.random().toString(36).slice(2, 8)}`
  const [user] = await db
    .insert(users)
    .values({ username, displayName: `Uji ${username}`, role, passwordHash: await hashPassword(workerPassword, workerConfig), active: true, createdAt: Date.now() })
    .returning()
  for (const code of kelurahan) await db.insert(userKelurahan).values({ userId: user!.id, kelurahanCode: code })
  return user!
}

/** A same-origin request to the Worker, as a browser on our pages sends it; redirects are returned, not followed. */
export function sendToWorker(w: TestWorker, path: string, init: { cookie?: string; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { Origin: workerConfig.origin, 'Sec-Fetch-Site': 'same-origin' }
  if (init.cookie) headers.Cookie = init.cookie
  if (!init.form) return w.mf.dispatchFetch(`${workerConfig.origin}${path}`, { headers, redirect: 'manual' })
  headers['Content-Type'] = 'application/x-www-form-urlencoded'
  return w.mf.dispatchFetch(`${workerConfig.origin}${path}`, { method: 'POST', headers, body: new URLSearchParams(init.form).toString(), redirect: 'manual' })
}

/** Signs `username` in on the Worker; the session cookie as a request sends it. */
export async function signInOnWorker(w: TestWorker, username: string): Promise<string> {
  const res = await sendToWorker(w, '/login', { form: { username, password: workerPassword, next: '/intake' } })
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-sigap='))
  if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${username} on the Worker answered ${res.status}`)
  return cookie.split(';')[0]!
}
