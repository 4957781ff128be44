// The WhatsApp Cloud API webhook (issue 20): Meta's handshake, signed status deliveries recorded on
// the outbox rows they are about, a failure as a dead letter. Payloads shaped like Meta's reference.
import { createHmac } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createChannels } from '../../worker/alerts'
import { readAlertConfig } from '../../worker/config'
import { loadVapidKeys } from '../../worker/db/queries/push'
import { alertPreferences, alerts, outbox, users } from '../../worker/db/schema'
import { deliver } from '../../worker/jobs/deliver'
import { sweep } from '../../worker/jobs/sweep'
import { createTestApp } from '../support/app'
import { insertCase } from '../support/cases'
import { startGraphApi } from '../support/graph-api'

const appSecret = 'meta-app-secret-for-tests'
const verifyToken = 'verify-token-of-twenty-chars-or-more'
const zone = 'Asia/Pontianak'

/** A supervisor who wants WhatsApp, one case past its target, its alert sent to a Graph API stand-in. */
async function arrange() {
  const graph = await startGraphApi('wa-token')
  const alertConfig = readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url, SIGAP_WHATSAPP_APP_SECRET: appSecret, SIGAP_WHATSAPP_VERIFY_TOKEN: verifyToken }, false)
  const t = await createTestApp({ now: '2026-11-24T06:00:00+07:00', config: { alerts: alertConfig } })
  const supervisor = await t.addUser('supervisor')
  const admin = await t.addUser('admin')
  await t.db.update(users).set({ phone: '+6281234567890' }).where(eq(users.id, supervisor.id))
  await t.db.insert(alertPreferences).values({ userId: supervisor.id, whatsapp: true })
  await insertCase(t.db, { now: t.clock.now(), hoursAgo: 25 })
  await sweep(t.db, t.clock.now(), { zone, channels: ['whatsapp'] })
  const channels = createChannels(alertConfig, { vapidKeys: () => loadVapidKeys(t.db), origin: t.config.origin })
  expect(await deliver(t.db, t.clock.now(), { channels, origin: t.config.origin, zone })).toMatchObject({ sent: 1 })
  const tag = (JSON.parse(graph.received[0]!.body) as { biz_opaque_callback_data: string }).biz_opaque_callback_data
  return { ...t, supervisor, admin, graph, tag }
}

/** A status webhook as Meta sends it (no Origin, no cookie), signed with `secret`. */
function statusPayload(tag: string, status: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, statuses: [{ id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', status, timestamp: '1750263773', recipient_id: '6281234567890', biz_opaque_callback_data: tag, ...extra }] } }] }],
  })
}
const sign = (body: string, secret = appSecret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
const post = (t: { app: { request: (p: string, i: RequestInit) => Response | Promise<Response> } }, body: string, signature: string | null) =>
  t.app.request('/whatsapp', { method: 'POST', headers: { 'Content-Type': 'application/json', ...(signature ? { 'X-Hub-Signature-256': signature } : {}) }, body })

describe('WhatsApp webhook', () => {
  it('answers the subscription handshake with the challenge only for the right verify token', async () => {
    const t = await arrange()
    const ok = await t.app.request(`/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('1158201444')
    expect(ok.headers.get('Content-Type')).toMatch(/^text\/plain/)
    expect((await t.app.request('/whatsapp?hub.mode=subscribe&hub.verify_token=wrong-token-of-twenty-chars&hub.challenge=1')).status).toBe(403)
    expect((await t.app.request(`/whatsapp?hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1`)).status).toBe(403)
  })

  it('records sent, delivered and read on the outbox row, once, and never backwards', async () => {
    const t = await arrange()
    const row = async () => (await t.db.select({ status: outbox.status, remoteStatus: outbox.remoteStatus, remoteStatusAt: outbox.remoteStatusAt }).from(outbox).where(eq(outbox.id, Number(t.tag))))[0]
    for (const status of ['sent', 'delivered', 'read']) {
      const body = statusPayload(t.tag, status)
      const res = await post(t, body, sign(body))
      expect(res.status, status).toBe(200)
      expect(await row()).toEqual({ status: 'sent', remoteStatus: status, remoteStatusAt: 1750263773_000 })
    }
    // A late or repeated "delivered" does not undo "read".
    const late = statusPayload(t.tag, 'delivered')
    expect((await post(t, late, sign(late))).status).toBe(200)
    expect((await row())!.remoteStatus).toBe('read')
  })

  it('refuses a missing or wrong signature and stores nothing', async () => {
    const t = await arrange()
    const body = statusPayload(t.tag, 'failed', { errors: [{ code: 131026, title: 'Message undeliverable' }] })
    for (const signature of [null, sign(body, 'another-secret'), sign(body + ' '), 'sha1=abc', `sha256=${'0'.repeat(64)}`]) {
      const res = await post(t, body, signature)
      expect(res.status, String(signature)).toBe(401)
    }
    // A signature over other bytes does not carry over to this body.
    expect((await post(t, body.replace('failed', 'read'), sign(body))).status).toBe(401)
    expect(await t.db.select({ status: outbox.status, remoteStatus: outbox.remoteStatus }).from(outbox)).toEqual([{ status: 'sent', remoteStatus: null }])
    expect(await t.db.select().from(alerts).where(eq(alerts.kind, 'gagal_kirim'))).toEqual([])
  })

  it('makes a failed message a dead letter the admins see once, and shows its recipient as unreachable on the ladder', async () => {
    const t = await arrange()
    const adminCookie = await t.cookieFor(t.admin)
    // The recipient now stands alone on the Kepala Dinas rung, with a number: nothing to warn of yet.
    await t.db.update(users).set({ role: 'kepala' }).where(eq(users.id, t.supervisor.id))
    const quiet = /Anak tangga 2 \(Eskalasi ke Kepala Dinas\): penerimanya tidak punya nomor WhatsApp yang dapat dikirimi atau e-mail/
    expect(await (await t.request('/admin/ladder', { cookie: adminCookie })).text()).not.toMatch(quiet)
    const body = statusPayload(t.tag, 'failed', { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] })
    for (let i = 0; i < 2; i++) expect((await post(t, body, sign(body))).status).toBe(200)
    expect(await t.db.select({ status: outbox.status, remoteStatus: outbox.remoteStatus, lastError: outbox.lastError }).from(outbox)).toEqual([{ status: 'dead', remoteStatus: 'failed', lastError: 'WhatsApp: 131026 Message undeliverable' }])
    expect(await t.db.select({ userId: alerts.userId }).from(alerts).where(eq(alerts.kind, 'gagal_kirim'))).toEqual([{ userId: t.admin.id }])
    const deliveries = await (await t.request('/alerts/deliveries', { cookie: adminCookie })).text()
    expect(deliveries).toContain('WhatsApp: 131026 Message undeliverable')
    const ladder = await (await t.request('/admin/ladder', { cookie: adminCookie })).text()
    expect(ladder).toMatch(quiet)
  })

  it('is off (404) when the app secret and verify token are not set', async () => {
    const t = await createTestApp()
    expect((await t.app.request(`/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1`)).status).toBe(404)
    const body = statusPayload('1', 'read')
    expect((await post(t, body, sign(body))).status).toBe(404)
  })
})
