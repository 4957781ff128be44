import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { count } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { openFileDb } from '../../worker/db/open-file'
import { demoMonth } from '../../worker/demo-month'
import { demoStaff } from '../../worker/db/seed'
import { demoExtraFacilitators } from '../../worker/db/seed-data'
import { cases, categories, kelurahan, users } from '../../worker/db/schema'
import { freePort, startNodeServer } from '../support/node-server'

const dir = mkdtempSync(join(tmpdir(), 'sigap-node-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const demoPassword = 'kata-sandi-demo-123'

/** `npm start`'s entry as a child process on 127.0.0.1, resolved once it listens. */
async function startNode(dbFile: string, env: (origin: string) => Record<string, string>) {
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const child = await startNodeServer(port, { DATABASE_URL: `file:${dbFile}`, SIGAP_PHOTOS_DIR: join(dir, 'photos'), ...env(origin) })
  /** A same-origin request, as the app's own pages send it; redirects are returned, not followed. */
  const request = (path: string, init: { form?: Record<string, string>; cookie?: string } = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: init.form ? 'POST' : 'GET',
      headers: {
        Origin: origin,
        'Sec-Fetch-Site': 'same-origin',
        ...(init.cookie ? { Cookie: init.cookie } : {}),
        ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    })
  return {
    request,
    async stop() {
      child.kill('SIGTERM')
      if (child.exitCode === null) await once(child, 'exit')
    },
  }
}

async function countRows(dbFile: string) {
  const db = await openFileDb(`file:${dbFile}`)
  try {
    const [[u], [k], [c], [d]] = await Promise.all([
      db.select({ n: count() }).from(users),
      db.select({ n: count() }).from(kelurahan),
      db.select({ n: count() }).from(categories),
      db.select({ n: count() }).from(cases),
    ])
    return { users: u!.n, kelurahan: k!.n, categories: c!.n, cases: d!.n }
  } finally {
    db.$client.close()
  }
}

describe('Node entry', () => {
  it('migrates, loads demo data once, serves /healthz and signs in the demo operator', async () => {
    const dbFile = join(dir, 'demo.db')
    const first = await startNode(dbFile, () => ({ SIGAP_DEMO_PASSWORD: demoPassword }))
    try {
      const health = await first.request('/healthz')
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok', database: 'reachable' })
      // The service worker a phone installs is the source file itself, as on the Worker (worker.test.ts).
      expect(await (await first.request('/sw.js')).text()).toBe(readFileSync('views/static/sw.js', 'utf8'))

      const login = await first.request('/login', { form: { username: 'operator', password: demoPassword } })
      expect(login.status).toBe(303)
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('__Host-sigap='))!.split(';')[0]!
      expect((await first.request('/intake', { cookie })).status).toBe(200)
    } finally {
      await first.stop()
    }
    const loaded = await countRows(dbFile)
    // Four staff accounts and one facilitator per kelurahan of Kota Pontianak (29; "belum diketahui"
    // is the 30th row and nobody's to cover), and the demo month.
    expect(loaded).toMatchObject({ kelurahan: 29 + 1, users: demoStaff.length + 29 + demoExtraFacilitators.length, cases: demoMonth.cases })
    expect(loaded.categories).toBeGreaterThan(0)

    const second = await startNode(dbFile, () => ({ SIGAP_DEMO_PASSWORD: demoPassword }))
    await second.stop()
    expect(await countRows(dbFile)).toEqual(loaded)
  }, 180_000) // two starts, the first loading idn-area-data, the demo month and hashing at 600,000 iterations; only a hang should reach this

  it('creates no demo accounts in production mode', async () => {
    const dbFile = join(dir, 'production.db')
    const node = await startNode(dbFile, (origin) => ({
      NODE_ENV: 'production',
      SIGAP_ORIGIN: origin,
      SIGAP_PEPPER: 'production-test-pepper-of-32-characters-or-more',
      SIGAP_DEMO_PASSWORD: demoPassword,
    }))
    try {
      expect((await node.request('/healthz')).status).toBe(200)
      expect((await node.request('/login', { form: { username: 'operator', password: demoPassword } })).status).toBe(401)
    } finally {
      await node.stop()
    }
    expect(await countRows(dbFile)).toMatchObject({ users: 0, kelurahan: 29 + 1 })
  })
})
