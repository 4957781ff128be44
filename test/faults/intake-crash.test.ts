// Issue 11 "Faults": the Node server is killed (SIGKILL) again and again while an operator's client
// files reports; every report the server acknowledged must exist exactly once afterwards. Each kill
// comes after a number of acknowledged reports, not after a delay, so a slow machine makes the test
// longer, never different; the timeout only catches a hang.
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { openFileDb } from '../../worker/db/open-file'
import { categories, cases } from '../../worker/db/schema'
import { randomToken } from '../../worker/security/tokens'
import { validReport } from '../support/app'
import { formPoster, freePort, startNodeServer } from '../support/node-server'

const kills = 20
const writers = 4
const demoPassword = 'kata-sandi-demo-123'
const dir = mkdtempSync(join(tmpdir(), 'crash-intake-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('intake under repeated crashes (SIGKILL)', () => {
  it(`loses no acknowledged report and duplicates none over ${kills} kills`, async () => {
    const port = await freePort()
    const dbFile = join(dir, 'crash.db')
    const serverEnv = { DATABASE_URL: `file:${dbFile}`, SIGAP_DEMO_PASSWORD: demoPassword, SIGAP_DEMO_CASES: '0', SIGAP_PHOTOS_DIR: join(dir, 'photos') }
    const post = formPoster(port, { timeoutMs: 10_000 })

    let server = await startNodeServer(port, serverEnv)
    const login = await post('/login', { username: 'operator', password: demoPassword })
    expect(login.status).toBe(303)
    // Signed in once: the session lives in the database and survives every restart.
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const reader = await openFileDb(`file:${dbFile}`)
    const [category] = await reader.select({ id: categories.id }).from(categories).where(eq(categories.code, 'lansia-terlantar'))
    reader.$client.close()

    const acknowledged = new Map<string, number>() // idempotency key -> case id the server answered
    const pending = new Set<string>() // sent, never acknowledged: retried after the restart
    const forms = new Map<string, Record<string, string>>()
    let attempts = 0
    const unexpected: string[] = []
    let running = true
    // Resolved by send() once `acknowledged` reaches `killAt`: the moment of the next kill.
    let killAt = 0
    let reached: () => void = () => {}

    async function send(idem: string): Promise<void> {
      attempts++
      const res = await post('/intake', forms.get(idem)!, cookie).catch(() => null)
      if (res?.status === 303) {
        const id = Number(/^\/cases\/(\d+)\?baru=1$/.exec(res.headers.get('Location') ?? '')?.[1])
        const before = acknowledged.get(idem)
        // A retry of an acknowledged key must answer with the same case.
        if (before !== undefined) expect(id).toBe(before)
        acknowledged.set(idem, id)
        pending.delete(idem)
        if (acknowledged.size >= killAt) reached()
      } else {
        // Killed mid-request, refused while down, or a 503: unknown, so it is retried.
        if (res && res.status !== 503) unexpected.push(`${res.status}: ${(await res.text()).slice(0, 300)}`)
        else await res?.body?.cancel()
        pending.add(idem)
      }
    }
    async function writer(n: number) {
      let serial = 0
      while (running) {
        const idem = randomToken()
        forms.set(idem, validReport({ idem, category: String(category!.id), description: `Laporan uji ketahanan ${n}-${++serial}` }))
        await send(idem)
      }
    }

    for (let kill = 1; kill <= kills; kill++) {
      running = true
      const load = Array.from({ length: writers }, (_, n) => writer(n))
      // Retries of what the last crash left unknown go out with the new load.
      // 1–8 more acknowledged reports, with writers still in flight when the kill lands.
      const due = new Promise<void>((resolve) => (reached = resolve))
      killAt = acknowledged.size + 1 + Math.floor(Math.random() * 8)
      const retries = [...pending].map((idem) => send(idem))
      await due
      server.kill('SIGKILL')
      await once(server, 'exit')
      running = false
      await Promise.all([...load, ...retries])
      server = await startNodeServer(port, serverEnv)
      if (kill % 5 === 0) console.info(`intake crash test: ${kill} of ${kills} kills, ${acknowledged.size} reports acknowledged`)
    }
    // After the last restart, every unknown report is sent again until acknowledged.
    for (let round = 0; round < 3 && pending.size > 0; round++) for (const idem of [...pending]) await send(idem)
    server.kill('SIGTERM')
    await once(server, 'exit')

    const db = await openFileDb(`file:${dbFile}`)
    try {
      const integrity = await db.$client.execute('PRAGMA integrity_check')
      expect(integrity.rows.map((r) => r[0])).toEqual(['ok'])
      const stored = await db.select({ id: cases.id, idem: cases.idempotencyKey, description: cases.description }).from(cases)
      const byKey = new Map<string, number[]>()
      for (const row of stored) byKey.set(row.idem, [...(byKey.get(row.idem) ?? []), row.id])
      const lost = [...acknowledged].filter(([idem, id]) => !byKey.get(idem)?.includes(id))
      const duplicated = [...byKey].filter(([, ids]) => ids.length > 1)
      const tickets = await db.$client.execute('SELECT count(*) - count(DISTINCT ticket) AS n FROM cases')
      console.info(`intake crash test: ${kills} kills survived, ${attempts} submissions, ${acknowledged.size} reports acknowledged, ${lost.length} lost, ${duplicated.length} duplicated, ${pending.size} never acknowledged`)
      expect(unexpected).toEqual([])
      expect(pending.size).toBe(0)
      expect(lost).toEqual([])
      expect(duplicated).toEqual([])
      expect(Number(tickets.rows[0]!.n)).toBe(0)
      // Nothing was stored that was not sent: every row is one of the client's keys.
      expect(stored.every((row) => forms.get(row.idem)?.description === row.description)).toBe(true)
      expect(acknowledged.size).toBeGreaterThan(kills)
    } finally {
      db.$client.close()
    }
  }, 600_000)
})
