import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { boundedConcurrency } from '../../worker/bounded-concurrency'

/** An app whose every request waits until the test lets it finish, so the order is set by events. */
function heldApp(limits: { running: number; waiting: number }) {
  const started: number[] = []
  const release = new Map<number, () => void>()
  const app = new Hono()
  app.use('*', boundedConcurrency(limits, (c) => c.text('sibuk', 503)))
  app.get('/:n', async (c) => {
    const n = Number(c.req.param('n'))
    started.push(n)
    await new Promise<void>((resolve) => release.set(n, resolve))
    return c.text(`done ${n}`)
  })
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setImmediate(resolve))
  }
  return { app, started, release: (n: number) => release.get(n)!(), until: (n: number) => until(() => release.has(n)) }
}

describe('boundedConcurrency', () => {
  it('runs at most `running` at once, starts the waiting ones in arrival order, and refuses past `waiting` with 503 and Retry-After', async () => {
    const held = heldApp({ running: 2, waiting: 2 })
    const answers = [1, 2, 3, 4].map((n) => held.app.request(`/${n}`))
    await held.until(1)
    await held.until(2)
    // Two running, two waiting: the fifth is refused at once, without waiting for anyone.
    const refused = await held.app.request('/5')
    expect(refused.status).toBe(503)
    expect(refused.headers.get('Retry-After')).toBe('1')
    expect(await refused.text()).toBe('sibuk')
    expect(held.started).toEqual([1, 2])

    held.release(2)
    await held.until(3)
    expect(held.started).toEqual([1, 2, 3])
    held.release(1)
    await held.until(4)
    held.release(3)
    held.release(4)
    expect(await Promise.all(answers.map(async (a) => (await a).text()))).toEqual(['done 1', 'done 2', 'done 3', 'done 4'])

    // Every slot came back: two run at once again.
    const again = [6, 7].map((n) => held.app.request(`/${n}`))
    await held.until(6)
    await held.until(7)
    held.release(6)
    held.release(7)
    expect((await Promise.all(again)).map((r) => r.status)).toEqual([200, 200])
  })

  it('frees the slot when a handler throws', async () => {
    const app = new Hono()
    app.use('*', boundedConcurrency({ running: 1, waiting: 0 }, (c) => c.text('sibuk', 503)))
    app.get('/boom', () => {
      throw new Error('boom')
    })
    app.get('/ok', (c) => c.text('ok'))
    expect((await app.request('/boom')).status).toBe(500)
    expect((await app.request('/ok')).status).toBe(200)
  })
})
