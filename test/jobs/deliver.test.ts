import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createChannels } from '../../worker/alerts'
import { loadVapidKeys } from '../../worker/db/queries/push'
import { alertPreferences, alerts, outbox } from '../../worker/db/schema'
import { maxAttempts } from '../../worker/domain/retry'
import { deliver } from '../../worker/jobs/deliver'
import { sweep } from '../../worker/jobs/sweep'
import { createTestApp } from '../support/app'
import { insertCase } from '../support/cases'
import { startReceiver } from '../support/receiver'

const zone = 'Asia/Pontianak'
const secret = 'a-webhook-secret-of-at-least-32-chars!'

/** One case just past its target, a supervisor who wants webhook messages, and a receiver. */
async function arrange(answer: (index: number) => number, opts: { now?: string; urgency?: string; quiet?: [string, string] } = {}) {
  const t = await createTestApp({ now: opts.now ?? '2026-11-24T06:00:00+07:00' })
  const supervisor = await t.addUser('supervisor')
  const admin = await t.addUser('admin')
  await t.db.insert(alertPreferences).values({ userId: supervisor.id, webhook: true, quietStart: opts.quiet?.[0] ?? null, quietEnd: opts.quiet?.[1] ?? null })
  await insertCase(t.db, { now: t.clock.now(), hoursAgo: 25, urgency: opts.urgency })
  const receiver = await startReceiver((_, i) => answer(i))
  const channels = createChannels({ whatsapp: null, whatsappWebhook: null, email: null, smtp: null, webhook: { url: receiver.url, secret } }, { vapidKeys: () => loadVapidKeys(t.db), origin: t.config.origin })
  const run = () => deliver(t.db, t.clock.now(), { channels, origin: t.config.origin, zone })
  await sweep(t.db, t.clock.now(), { zone, channels: ['webhook'] })
  return { ...t, supervisor, admin, receiver, run }
}

describe('outbox delivery', () => {
  it('retries a webhook that fails three times with back-off, then sends it once, always with the same key', async () => {
    const t = await arrange((i) => (i < 3 ? 503 : 200))
    const [queued] = await t.db.select().from(outbox)
    expect(queued).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 0 })

    expect(await t.run()).toMatchObject({ retried: 1 })
    const waits: number[] = []
    for (let attempt = 2; attempt <= 4; attempt++) {
      const [row] = await t.db.select().from(outbox)
      waits.push((row!.nextAttemptAt - t.clock.now()) / 60_000)
      // Not before its time: a run in between sends nothing.
      t.clock.advance({ minutes: 1 })
      expect(await t.run()).toEqual({ sent: 0, retried: 0, deferred: 0, dead: 0 })
      t.clock.set(new Date(row!.nextAttemptAt).toISOString())
      await t.run()
    }
    expect(waits).toEqual([5, 10, 20])
    expect(await t.run()).toEqual({ sent: 0, retried: 0, deferred: 0, dead: 0 })
    const rows = await t.db.select().from(outbox)
    expect(rows).toMatchObject([{ id: queued!.id, status: 'sent', attempts: 4, lastError: null }])
    expect(t.receiver.received).toHaveLength(4)
    expect(new Set(t.receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([String(queued!.id)]))
  })

  it('dead-letters a message after the last attempt and tells the admins', async () => {
    const t = await arrange(() => 500)
    for (let i = 0; i < 20; i++) {
      await t.run()
      const [row] = await t.db.select().from(outbox)
      if (row!.status === 'dead') break
      t.clock.set(new Date(row!.nextAttemptAt).toISOString())
    }
    const [row] = await t.db.select().from(outbox)
    expect(row).toMatchObject({ status: 'dead', attempts: maxAttempts, lastError: 'HTTP 500' })
    expect(t.receiver.received).toHaveLength(maxAttempts)
    expect(await t.db.select({ userId: alerts.userId, kind: alerts.kind }).from(alerts).where(eq(alerts.kind, 'gagal_kirim'))).toEqual([{ userId: t.admin.id, kind: 'gagal_kirim' }])
    // Visible to the admin on the deliveries page.
    const page = await t.request('/alerts/deliveries', { cookie: await t.cookieFor(t.admin) })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('HTTP 500')
  })

  it('sends each message once when two deliveries run at once', async () => {
    const t = await arrange(() => 200)
    const [a, b] = await Promise.all([t.run(), t.run()])
    expect(a.sent + b.sent).toBe(1)
    expect(t.receiver.received).toHaveLength(1)
  })

  it('takes a send that never reported back again after its lease, with the same key', async () => {
    const t = await arrange(() => 200)
    // A process killed mid-send leaves the row claimed.
    await t.db.run(sql`UPDATE outbox SET status = 'sending', claim_id = 'lost', attempts = 1, next_attempt_at = ${t.clock.now() + 5 * 60_000}`)
    expect(await t.run()).toMatchObject({ sent: 0 })
    t.clock.advance({ minutes: 5 })
    expect(await t.run()).toMatchObject({ sent: 1 })
    const [row] = await t.db.select().from(outbox)
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })
    expect(t.receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([String(row!.id)])
  })

  it('holds messages during quiet hours until they end, unless the case is urgent', async () => {
    // 05:00 WIB, quiet 21:00–06:00 (before 07:00: no digest in the outbox).
    const quiet = await arrange(() => 200, { now: '2026-11-25T05:00:00+07:00', quiet: ['21:00', '06:00'] })
    expect(await quiet.run()).toMatchObject({ deferred: 1, sent: 0 })
    const [held] = await quiet.db.select().from(outbox)
    expect(held).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: Date.parse('2026-11-25T06:00:00+07:00') })
    quiet.clock.set('2026-11-25T06:00:00+07:00')
    expect(await quiet.run()).toMatchObject({ sent: 1 })

    const urgent = await arrange(() => 200, { now: '2026-11-25T05:00:00+07:00', quiet: ['21:00', '06:00'], urgency: 'darurat' })
    expect(await urgent.run()).toMatchObject({ sent: 1 })
  })
})
