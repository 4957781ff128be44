import { once } from 'node:events'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { serve } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { categoryId, createTestApp } from '../support/app'
import { testConfig } from '../support/config'
import { validReport } from '../support/report'

// Issue 25, bursts within memory: past the Node entry's limits a report is refused with 503 and
// Retry-After, never acknowledged and dropped. A real server on 127.0.0.1 and real libSQL; the
// server is filled by events (requests that reached it), never by waiting a while.

const limits = { running: 2, waiting: 3 }

async function start() {
  const t = await createTestApp({ config: { server: { ...testConfig().server, concurrency: limits } } })
  const cookie = await t.cookieFor(await t.addUser('operator'))
  const category = String(await categoryId(t.db, 'lansia-terlantar'))
  // Counts requests handed to the app: its limit is taken synchronously inside fetch(), so once a
  // request is counted here it is running, waiting or already refused.
  let arrived = 0
  const waiters: [number, () => void][] = []
  const server = serve({
    fetch: (req, env) => {
      arrived++
      for (const [n, resolve] of waiters) if (arrived >= n) resolve()
      return t.app.fetch(req, env)
    },
    port: 0,
    hostname: '127.0.0.1',
  })
  await once(server, 'listening')
  afterAll(() => server.close())
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const headers = { Origin: t.config.origin, 'Sec-Fetch-Site': 'same-origin', Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }
  const form = () => new URLSearchParams(validReport({ category })).toString()
  const post = async (body: string) => {
    const res = await fetch(`${origin}/intake`, { method: 'POST', headers, body, redirect: 'manual' })
    await res.arrayBuffer()
    return { status: res.status, retryAfter: res.headers.get('Retry-After'), location: res.headers.get('Location'), key: new URLSearchParams(body).get('idem')!, body }
  }
  const stored = async (keys: string[]) =>
    (await t.db.all<{ key: string }>(sql`SELECT idempotency_key AS key FROM cases WHERE idempotency_key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`)).map((r) => r.key).sort()
  const reached = (n: number) => new Promise<void>((resolve) => (arrived >= n ? resolve() : waiters.push([n, resolve])))
  return { t, origin, headers, form, post, stored, reached, arrived: () => arrived }
}

/** A POST whose body is held back after its first bytes: it holds its place until `finish()`. */
async function heldPost(origin: string, headers: Record<string, string>, body: string) {
  const url = new URL(origin)
  const socket: Socket = connect(Number(url.port), url.hostname)
  await once(socket, 'connect')
  const head = [`POST /intake HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'].join('\r\n')
  socket.write(`${head}\r\n\r\n${body.slice(0, 10)}`)
  let answer = ''
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
  const closed = once(socket, 'close')
  return {
    key: new URLSearchParams(body).get('idem')!,
    finish: async () => {
      socket.write(body.slice(10))
      await closed
      return Number(answer.slice(9, 12))
    },
  }
}

describe('a burst past the Node limits (issue 25)', () => {
  it('refuses what does not fit with 503 and Retry-After, stores every acknowledged report, and stores a refused one when sent again', async () => {
    const s = await start()
    // Fill every running and waiting place with reports whose bodies are still on their way.
    const held = []
    for (let i = 0; i < limits.running + limits.waiting; i++) held.push(await heldPost(s.origin, s.headers, s.form()))
    await s.reached(limits.running + limits.waiting)
    // The burst: nothing fits, so every report is refused at once, none half-stored.
    const refused = await Promise.all(Array.from({ length: 20 }, () => s.post(s.form())))
    expect(refused.map((r) => [r.status, r.retryAfter])).toEqual(refused.map(() => [503, '1']))
    // The held ones complete in turn and are acknowledged (303), and stored.
    expect(await Promise.all(held.map((h) => h.finish()))).toEqual(held.map(() => 303))
    expect(await s.stored(held.map((h) => h.key))).toEqual(held.map((h) => h.key).sort())
    expect(await s.stored(refused.map((r) => r.key))).toEqual([])
    // The form keeps a refused report and sends it again with the same key: stored, once.
    const again = []
    for (const r of refused.slice(0, 5)) again.push(await s.post(r.body))
    expect(again.map((r) => r.status)).toEqual([303, 303, 303, 303, 303])
    expect(await s.stored(again.map((r) => r.key))).toEqual(again.map((r) => r.key).sort())
    const twice = await s.post(refused[0]!.body)
    expect([twice.status, twice.location]).toEqual([303, again[0]!.location])
    expect(Number((await s.t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cases`))[0]!.n)).toBe(held.length + again.length)
  })

  it('under a burst of complete reports answers each with 303 (stored) or 503 with Retry-After (not stored)', async () => {
    const s = await start()
    const before = s.arrived()
    const answers = await Promise.all(Array.from({ length: 60 }, () => s.post(s.form())))
    expect(s.arrived() - before).toBe(60)
    const acknowledged = answers.filter((a) => a.status === 303)
    const refused = answers.filter((a) => a.status !== 303)
    expect(refused.every((a) => a.status === 503 && a.retryAfter === '1')).toBe(true)
    expect(await s.stored(acknowledged.map((a) => a.key))).toEqual(acknowledged.map((a) => a.key).sort())
    expect(await s.stored(refused.map((a) => a.key))).toEqual([])
    expect(Number((await s.t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cases`))[0]!.n)).toBe(acknowledged.length)
  })
})
