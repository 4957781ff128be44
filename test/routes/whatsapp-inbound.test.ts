// Reports by WhatsApp (issue 21), receiving: Meta's signed deliveries become conversations and
// messages, each stored once; photos and voice notes come from a Graph API stand-in on 127.0.0.1 into
// the photo store; a later message on an open case lands on its timeline.
import { asc, eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { readAlertConfig } from '../../worker/config'
import { caseEvents, cases, outbox, reporterMessages, waConversations, waMessages } from '../../worker/db/schema'
import { maxAttempts } from '../../worker/domain/retry'
import { runSweep } from '../../worker/jobs/run'
import { createTestApp } from '../support/app'
import { cameraJpeg } from '../support/camera-photo'
import { insertCase } from '../support/cases'
import { startGraphApi } from '../support/graph-api'
import { audioMessage, change, contactsMessage, delivery, imageMessage, locationMessage, oggOpus, signMeta, stickerMessage, textMessage } from '../support/whatsapp-payloads'

const appSecret = 'meta-app-secret-for-tests'
const verifyToken = 'verify-token-of-twenty-chars-or-more'
const reporter = { name: 'Siti Aminah', waId: '6281234567890' }
// 24 Nov 2026 08:58:20 WIB, a little before the test clock's 09:00.
const sentAt = 1795485500

async function arrange(env: Record<string, string> = {}) {
  const graph = await startGraphApi('wa-token')
  const alerts = readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url, SIGAP_WHATSAPP_APP_SECRET: appSecret, SIGAP_WHATSAPP_VERIFY_TOKEN: verifyToken, ...env }, false)
  const t = await createTestApp({ config: { alerts } })
  const post = (body: string, signature: string | null = signMeta(body, appSecret)) =>
    t.app.request('/whatsapp', { method: 'POST', headers: { 'Content-Type': 'application/json', ...(signature ? { 'X-Hub-Signature-256': signature } : {}) }, body })
  const conversations = () => t.db.select().from(waConversations).orderBy(asc(waConversations.id))
  const messages = () => t.db.select().from(waMessages).orderBy(asc(waMessages.id))
  return { ...t, graph, post, conversations, messages }
}

describe('WhatsApp messages from reporters', () => {
  it('stores a text as a new conversation waiting for an operator, with the profile name and Meta’s time', async () => {
    const t = await arrange()
    const res = await t.post(delivery([change(reporter, [textMessage(reporter.waId, 'wamid.text1', sentAt, 'Ada ibu tua tidur di emperan toko Jl. Gajah Mada')])]))
    expect(res.status).toBe(200)
    expect(await t.conversations()).toMatchObject([{ sender: '6281234567890', profileName: 'Siti Aminah', status: 'baru', caseId: null, firstMessageAt: sentAt * 1000, lastInboundAt: sentAt * 1000, createdAt: t.clock.now() }])
    expect(await t.messages()).toMatchObject([{ wamid: 'wamid.text1', sender: '6281234567890', kind: 'text', body: 'Ada ibu tua tidur di emperan toko Jl. Gajah Mada', mediaStatus: null, sentAt: sentAt * 1000, receivedAt: t.clock.now() }])
  })

  it('keeps one conversation per person however the number is written, and moves its last inbound time', async () => {
    const t = await arrange()
    await t.post(delivery([change(reporter, [textMessage('6281234567890', 'wamid.a', sentAt, 'Halo')])]))
    await t.post(delivery([change(null, [textMessage('+62 812-3456-7890', 'wamid.b', sentAt + 60, 'Masih di sana')])]))
    await t.post(delivery([change(null, [textMessage('081234567890', 'wamid.c', sentAt + 120, 'Tolong segera')])]))
    expect(await t.conversations()).toMatchObject([{ sender: '6281234567890', profileName: 'Siti Aminah', firstMessageAt: sentAt * 1000, lastInboundAt: (sentAt + 120) * 1000 }])
    expect((await t.messages()).map((m) => [m.wamid, m.sender, m.conversationId])).toEqual([['wamid.a', '6281234567890', 1], ['wamid.b', '6281234567890', 1], ['wamid.c', '6281234567890', 1]])
    // The automatic acknowledgement is queued once, for the new conversation, in the same batch.
    expect(await t.db.select({ conversationId: reporterMessages.conversationId, purpose: reporterMessages.purpose, status: reporterMessages.status }).from(reporterMessages)).toEqual([{ conversationId: 1, purpose: 'diterima', status: 'pending' }])
  })

  it('queues no acknowledgement when WhatsApp cannot send (no token): the message is kept all the same', async () => {
    const t = await arrange({ SIGAP_WHATSAPP_TOKEN: '' })
    expect(t.config.alerts.whatsapp).toBeNull()
    expect((await t.post(delivery([change(reporter, [textMessage(reporter.waId, 'wamid.quiet', sentAt, 'Halo')])]))).status).toBe(200)
    expect((await t.conversations()).map((c) => c.status)).toEqual(['baru'])
    expect(await t.db.select().from(reporterMessages)).toEqual([])
  })

  it('stores every message of a batch with several entries once, whatever its type, and a retried delivery stores nothing more', async () => {
    const t = await arrange()
    const other = { name: 'Budi', waId: '6285311112222' }
    const body = delivery(
      [change(reporter, [textMessage(reporter.waId, 'wamid.t', sentAt, 'Ada anak jalanan'), locationMessage(reporter.waId, 'wamid.l', sentAt + 5)])],
      [change(other, [contactsMessage(other.waId, 'wamid.c', sentAt + 10), stickerMessage(other.waId, 'wamid.s', sentAt + 11)]), change(null, [], [{ id: 'wamid.ours', status: 'read', timestamp: String(sentAt), recipient_id: other.waId }])],
    )
    for (let i = 0; i < 2; i++) expect((await t.post(body)).status).toBe(200)
    expect((await t.conversations()).map((c) => [c.sender, c.profileName, c.status])).toEqual([['6281234567890', 'Siti Aminah', 'baru'], ['6285311112222', 'Budi', 'baru']])
    expect((await t.messages()).map((m) => ({ wamid: m.wamid, kind: m.kind, body: m.body, latitude: m.latitude, longitude: m.longitude, place: m.place, conversationId: m.conversationId }))).toEqual([
      { wamid: 'wamid.t', kind: 'text', body: 'Ada anak jalanan', latitude: null, longitude: null, place: null, conversationId: 1 },
      { wamid: 'wamid.l', kind: 'location', body: null, latitude: -0.0263303, longitude: 109.3425039, place: 'Masjid Raya Mujahidin, Jl. Jenderal Ahmad Yani, Pontianak', conversationId: 1 },
      { wamid: 'wamid.c', kind: 'contacts', body: 'Pak RT Darmo: 628115678901', latitude: null, longitude: null, place: null, conversationId: 2 },
      { wamid: 'wamid.s', kind: 'unsupported', body: 'sticker', latitude: null, longitude: null, place: null, conversationId: 2 },
    ])
    // The status in the same delivery is about no outbox row of ours and changes nothing.
    expect(await t.db.select().from(outbox)).toEqual([])
    expect((await t.db.select({ conversationId: reporterMessages.conversationId, purpose: reporterMessages.purpose }).from(reporterMessages)).map((r) => [r.conversationId, r.purpose])).toEqual([[1, 'diterima'], [2, 'diterima']])
  })

  it('opens one waiting conversation when two deliveries of a new sender arrive together', async () => {
    const t = await arrange()
    const results = await Promise.all([1, 2, 3].map((i) => t.post(delivery([change(reporter, [textMessage(reporter.waId, `wamid.p${i}`, sentAt + i, `Pesan ${i}`)])]))))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(await t.conversations()).toHaveLength(1)
    expect((await t.messages()).map((m) => m.conversationId)).toEqual([1, 1, 1])
  })

  it('acknowledges and leaves alone what came for another number of the business account, counting it in the log without who or what', async () => {
    const t = await arrange()
    // Ours first: the conversation and its acknowledgement (r1), whose tag the other number's status carries too.
    await t.post(delivery([change(reporter, [textMessage(reporter.waId, 'wamid.ours', sentAt, 'Ada lansia terlantar')])]))
    const otherNumber = (c: ReturnType<typeof change>) => ({ ...c, value: { ...c.value, metadata: { display_phone_number: '6281100002222', phone_number_id: '209876543210987' } } })
    const stranger = { name: 'Pelanggan Kantor Lain', waId: '6285655556666' }
    const body = delivery([otherNumber(change(stranger, [textMessage(stranger.waId, 'wamid.theirs', sentAt, 'Jam buka kantor?'), imageMessage(stranger.waId, 'wamid.theirs2', sentAt, '5551')], [{ id: 'wamid.sent', status: 'failed', timestamp: String(sentAt), recipient_id: stranger.waId, biz_opaque_callback_data: 'r1' }]))])
    const logged: string[] = []
    const spy = vi.spyOn(console, 'info').mockImplementation((line: string) => void logged.push(line))
    try {
      expect((await t.post(body)).status).toBe(200)
    } finally {
      spy.mockRestore()
    }
    expect((await t.messages()).map((m) => m.wamid)).toEqual(['wamid.ours'])
    expect((await t.conversations()).map((c) => c.sender)).toEqual(['6281234567890'])
    // Its status is not about our message, whatever tag it carries.
    expect(await t.db.select({ id: reporterMessages.id, status: reporterMessages.status, remoteStatus: reporterMessages.remoteStatus }).from(reporterMessages)).toEqual([{ id: 1, status: 'pending', remoteStatus: null }])
    expect(logged).toEqual(['whatsapp webhook: ignored 2 message(s) and 1 status(es) for another phone number of the account'])
    await t.settle()
    expect(t.graph.received).toEqual([])
  })

  it('refuses a missing or wrong signature and stores nothing', async () => {
    const t = await arrange()
    const body = delivery([change(reporter, [textMessage(reporter.waId, 'wamid.x', sentAt, 'Halo')])])
    for (const signature of [null, signMeta(body, 'another-secret'), signMeta(`${body} `, appSecret), 'sha256=zz']) expect((await t.post(body, signature)).status).toBe(401)
    expect(await t.conversations()).toEqual([])
    expect(await t.messages()).toEqual([])
    expect(await t.db.select().from(reporterMessages)).toEqual([])
  })

  it('fetches a photo and a voice note through the Graph API after answering, checks and stores them where visit photos go', async () => {
    const t = await arrange()
    const photo = cameraJpeg(64, 48)
    const voice = oggOpus()
    t.graph.addMedia('1003383421387256', photo, 'image/jpeg')
    t.graph.addMedia('1013859600285441', voice, 'audio/ogg')
    const body = delivery([change(reporter, [imageMessage(reporter.waId, 'wamid.img', sentAt, '1003383421387256', 'Ini orangnya'), audioMessage(reporter.waId, 'wamid.aud', sentAt + 3, '1013859600285441')])])
    expect((await t.post(body)).status).toBe(200)
    // Answered before the fetch: the rows wait for it.
    expect((await t.messages()).map((m) => m.mediaStatus)).toEqual(['menunggu', 'menunggu'])
    await t.settle()
    const [image, audio] = await t.messages()
    expect(image).toMatchObject({ kind: 'image', body: 'Ini orangnya', mediaId: '1003383421387256', mediaStatus: 'tersimpan', mediaMime: 'image/jpeg' })
    expect(audio).toMatchObject({ kind: 'audio', body: null, mediaStatus: 'tersimpan', mediaMime: 'audio/ogg' })
    expect(image!.mediaKey).toMatch(new RegExp(`^whatsapp/${image!.id}/[A-Za-z0-9_-]{32}\\.jpg$`))
    expect(audio!.mediaKey).toMatch(/\.ogg$/)
    // The voice note is kept as it came; the photo is the same picture without the camera's EXIF/GPS block.
    expect(await t.photos.get(audio!.mediaKey!)).toEqual({ bytes: voice, contentType: 'audio/ogg' })
    const stored = (await t.photos.get(image!.mediaKey!))!
    expect(stored.contentType).toBe('image/jpeg')
    // Each size recorded as stored, so making a case of it need not read the file back.
    expect([image!.mediaSize, audio!.mediaSize]).toEqual([stored.bytes.length, voice.length])
    expect([...stored.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    expect(Buffer.from(stored.bytes).includes(Buffer.from('Exif'))).toBe(false)
    // Metadata then bytes, for each, always with the token.
    expect(t.graph.received.map((r) => [r.method, r.path.replace(/\d{6,}/, 'ID'), r.headers.authorization])).toEqual([
      ['GET', '/ID', 'Bearer wa-token'],
      ['GET', '/media-download/ID', 'Bearer wa-token'],
      ['GET', '/ID', 'Bearer wa-token'],
      ['GET', '/media-download/ID', 'Bearer wa-token'],
    ])
  })

  it('keeps the message when Graph answers 429, and the scheduled job stores the media once the retry time has come', async () => {
    const t = await arrange()
    t.graph.addMedia('778899', cameraJpeg(32, 32), 'image/jpeg')
    t.graph.failNext(429)
    await t.post(delivery([change(reporter, [imageMessage(reporter.waId, 'wamid.later', sentAt, '778899')])]))
    await t.settle()
    // The outbox's back-off (domain/retry.ts): 5 minutes, then doubling.
    expect(await t.messages()).toMatchObject([{ mediaStatus: 'menunggu', mediaAttempts: 1, mediaRetryAt: t.clock.now() + 5 * 60_000, mediaKey: null }])
    // Not yet due: the tick leaves it.
    expect((await runSweep(t.db, t.config, t.clock.now(), fetch, t.photos)).media).toEqual({ stored: 0, retried: 0, failed: 0 })
    t.graph.failNext(503)
    t.clock.advance({ minutes: 5 })
    expect((await runSweep(t.db, t.config, t.clock.now(), fetch, t.photos)).media).toEqual({ stored: 0, retried: 1, failed: 0 })
    expect(await t.messages()).toMatchObject([{ mediaStatus: 'menunggu', mediaAttempts: 2, mediaRetryAt: t.clock.now() + 10 * 60_000 }])
    t.clock.advance({ minutes: 10 })
    expect((await runSweep(t.db, t.config, t.clock.now(), fetch, t.photos)).media).toEqual({ stored: 1, retried: 0, failed: 0 })
    const [row] = await t.messages()
    expect(row).toMatchObject({ mediaStatus: 'tersimpan', mediaRetryAt: null })
    expect((await t.photos.get(row!.mediaKey!))!.contentType).toBe('image/jpeg')
  })

  it('gives media up after the eighth failed try, as the outbox gives up a message, and keeps the message', async () => {
    const t = await arrange()
    t.graph.addMedia('445566', cameraJpeg(32, 32), 'image/jpeg')
    // An outage longer than every try (the ticks' replies to the reporter meet it too).
    t.graph.failNext(503, 1000)
    await t.post(delivery([change(reporter, [imageMessage(reporter.waId, 'wamid.outage', sentAt, '445566')])]))
    await t.settle()
    for (let tries = 1; tries < maxAttempts; tries++) {
      expect(await t.messages()).toMatchObject([{ mediaStatus: 'menunggu', mediaAttempts: tries }])
      t.clock.set(new Date((await t.messages())[0]!.mediaRetryAt!).toISOString())
      await runSweep(t.db, t.config, t.clock.now(), fetch, t.photos)
    }
    expect(await t.messages()).toMatchObject([{ kind: 'image', mediaStatus: 'gagal', mediaAttempts: maxAttempts, mediaRetryAt: null, mediaKey: null }])
  })

  it('gives up on media that is not what it claims or too large, and keeps the message', async () => {
    const t = await arrange({ SIGAP_WHATSAPP_MEDIA_MAX_MB: '1' })
    t.graph.addMedia('111', new TextEncoder().encode('<html>not a photo</html>'), 'image/jpeg')
    t.graph.addMedia('222', cameraJpeg(16, 16), 'audio/ogg')
    t.graph.addMedia('333', new Uint8Array(1024 * 1024 + 1).fill(0xff), 'image/jpeg')
    await t.post(delivery([change(reporter, [imageMessage(reporter.waId, 'wamid.1', sentAt, '111', 'foto'), audioMessage(reporter.waId, 'wamid.2', sentAt + 1, '222'), imageMessage(reporter.waId, 'wamid.3', sentAt + 2, '333')])]))
    await t.settle()
    expect((await t.messages()).map((m) => [m.wamid, m.mediaStatus, m.mediaKey])).toEqual([['wamid.1', 'gagal', null], ['wamid.2', 'gagal', null], ['wamid.3', 'gagal', null]])
    // The too-large one is known from Graph's file_size: its bytes are never downloaded.
    expect(t.graph.received.filter((r) => r.path.startsWith('/media-download/')).map((r) => r.path)).toEqual(['/media-download/111', '/media-download/222'])
  })

  it('puts a later message of a sender whose conversation has an open case on that case’s timeline, once', async () => {
    const t = await arrange()
    const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: 2 })
    await t.post(delivery([change(reporter, [textMessage(reporter.waId, 'wamid.first', sentAt - 3600, 'Laporan awal')])]))
    // An operator made the case from the conversation (w21ops's form does this).
    await t.db.update(waConversations).set({ status: 'kasus', caseId: kase.id }).where(eq(waConversations.id, 1))
    const later = delivery([change(reporter, [textMessage('081234567890', 'wamid.later', sentAt, 'Orangnya sudah pindah ke depan pasar')])])
    for (let i = 0; i < 2; i++) expect((await t.post(later)).status).toBe(200)
    expect(await t.conversations()).toMatchObject([{ id: 1, status: 'kasus', lastInboundAt: sentAt * 1000 }])
    expect((await t.messages()).map((m) => [m.wamid, m.conversationId])).toEqual([['wamid.first', 1], ['wamid.later', 1]])
    const events = await t.db.select({ kind: caseEvents.kind, note: caseEvents.note, at: caseEvents.at, actorId: caseEvents.actorId }).from(caseEvents).where(eq(caseEvents.caseId, kase.id))
    expect(events).toEqual([{ kind: 'pesan_whatsapp', note: 'Orangnya sudah pindah ke depan pasar', at: sentAt * 1000, actorId: null }])
    const operator = await t.addUser('operator')
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(operator) })).text()
    expect(page).toContain('Pesan WhatsApp dari pelapor')
    expect(page).toContain('Orangnya sudah pindah ke depan pasar')
    expect(page).not.toContain('pesan_whatsapp')

    // Once the case is closed, the next message starts a new conversation for an operator.
    await t.db.update(cases).set({ status: 'ditutup' }).where(eq(cases.id, kase.id))
    await t.post(delivery([change(reporter, [textMessage(reporter.waId, 'wamid.new', sentAt + 60, 'Ada lagi yang lain')])]))
    expect((await t.conversations()).map((c) => [c.id, c.status])).toEqual([[1, 'kasus'], [2, 'baru']])
    expect(await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))).toHaveLength(1)
  })
})
