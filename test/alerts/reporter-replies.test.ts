// Replies to the reporter on WhatsApp (issue 21): free text inside the 24-hour customer-service
// window, the approved template from the settings outside it, sent through a Graph API stand-in on
// 127.0.0.1 (real HTTP), retried on 429/5xx with the same key, their statuses recorded.
import { createHmac } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { readAlertConfig } from '../../worker/config'
import { replyFailureOf } from '../../worker/domain/reporter-messages'
import { listReporterReplies, queueReporterReply } from '../../worker/db/queries/reporter-messages'
import { auditLog, reporterMessages, settings, waConversations } from '../../worker/db/schema'
import { runSweep } from '../../worker/jobs/run'
import { createTestApp, type TestApp } from '../support/app'
import { caseRow, fileCase, forceStatus } from '../support/handling'
import { startGraphApi } from '../support/graph-api'

const appSecret = 'meta-app-secret-for-tests'
const verifyToken = 'verify-token-of-twenty-chars-or-more'

type Sent = {
  to: string
  type: 'text' | 'template'
  text?: { body: string }
  template?: { name: string; language: { code: string }; components: { parameters: { text: string }[] }[] }
  biz_opaque_callback_data: string
}

async function arrange(opts: { now?: string } = {}) {
  const graph = await startGraphApi('wa-token')
  const alerts = readAlertConfig(
    { SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url, SIGAP_WHATSAPP_APP_SECRET: appSecret, SIGAP_WHATSAPP_VERIFY_TOKEN: verifyToken },
    false,
  )
  const t = await createTestApp({ now: opts.now, config: { alerts } })
  const supervisor = await t.addUser('supervisor')
  const admin = await t.addUser('admin')
  return { ...t, graph, supervisor, cookie: await t.cookieFor(supervisor), adminCookie: await t.cookieFor(admin) }
}
type Arranged = Awaited<ReturnType<typeof arrange>>

/** The reporter wrote to the agency's number `hoursAgo` hours ago (a conversation as the webhook stores it). */
async function conversation(t: TestApp, opts: { sender?: string; hoursAgo: number; caseId?: number; status?: 'baru' | 'kasus' | 'ditolak'; reason?: string }) {
  const at = t.clock.now() - opts.hoursAgo * 3_600_000
  const [row] = await t.db
    .insert(waConversations)
    .values({ sender: opts.sender ?? '6281234567890', status: opts.status ?? (opts.caseId ? 'kasus' : 'baru'), caseId: opts.caseId ?? null, firstMessageAt: at, lastInboundAt: at, closedReason: opts.reason ?? null, createdAt: at })
    .returning()
  return row!
}

const queue = (t: TestApp, r: Omit<Parameters<typeof queueReporterReply>[0], 'sending'>) => t.db.run(queueReporterReply({ ...r, sending: true }))

/** A case filed with a WhatsApp conversation whose last message is `hoursAgo` old, and its ticket reply queued. */
async function ticketReplyQueued(hoursAgo: number) {
  const t = await arrange()
  const kase = await fileCase(t, t.cookie)
  const talk = await conversation(t, { hoursAgo, caseId: kase.id })
  await queue(t, { caseId: kase.id, conversationId: talk.id, purpose: 'tiket', now: t.clock.now() })
  return { t, kase, talk }
}
const rowsOf = (t: TestApp) => t.db.select().from(reporterMessages).orderBy(reporterMessages.id)
const sentBodies = (t: Arranged) => t.graph.sent() as unknown as Sent[]
const tick = (t: TestApp) => runSweep(t.db, t.config, t.clock.now())

/** Files a case, puts it at `selesai` and closes it through the supervisor's form. */
async function closeCase(t: Arranged, id?: number) {
  const kase = id === undefined ? await fileCase(t, t.cookie) : await caseRow(t, id)
  const resolved = await forceStatus(t, kase.id, 'selesai', kase.assignedTo)
  const res = await t.request(`/cases/${kase.id}/close`, { cookie: t.cookie, form: { version: String(resolved.version), note: '' } })
  expect(res.status).toBe(303)
  return kase
}

/** Refers the case to a partner through the facilitator's form. */
async function refer(t: Arranged, caseId: number, partner: string) {
  const fac = await t.addUser('fasilitator')
  const kase = await forceStatus(t, caseId, 'ditangani', fac.id)
  const res = await t.request(`/cases/${caseId}/refer`, { cookie: await t.cookieFor(fac), form: { version: String(kase.version), partner_type: 'rsj', partner_name: partner, request: 'Pemeriksaan', note: '' } })
  expect(res.status).toBe(303)
}

describe('replies to the reporter', () => {
  it('inside the 24-hour window sends a free-form text with the ticket and the /cek link, keyed for its statuses', async () => {
    const { t, kase, talk } = await ticketReplyQueued(23)

    expect((await tick(t)).reporters).toEqual({ sent: 1, retried: 0, deferred: 0, failed: 0 })
    const [body] = sentBodies(t)
    const [row] = await rowsOf(t)
    expect(body).toMatchObject({ to: '6281234567890', type: 'text', biz_opaque_callback_data: `r${row!.id}` })
    expect(body!.text!.body).toContain(`nomor tiket ${kase.ticket}`)
    expect(body!.text!.body).toContain(`${t.config.origin}/cek?tiket=${kase.ticket}`)
    expect(row).toMatchObject({ status: 'sent', sentAs: 'teks', sentAt: t.clock.now(), purpose: 'tiket' })
    // Queued again (a double click on "buat kasus"): nothing more.
    await queue(t, { caseId: kase.id, conversationId: talk.id, purpose: 'tiket', now: t.clock.now() })
    expect(await rowsOf(t)).toHaveLength(1)
  })

  it('acknowledges a new conversation at once with office hours and the emergency numbers, at night too', async () => {
    const t = await arrange({ now: '2026-11-24T23:30:00+07:00' })
    await t.db.insert(settings).values({ key: 'agency.hotline', value: '(0511) 477 2233' })
    const talk = await conversation(t, { hoursAgo: 0 })
    await queue(t, { conversationId: talk.id, purpose: 'diterima', now: t.clock.now() })
    expect((await tick(t)).reporters.sent).toBe(1)
    const text = sentBodies(t)[0]!.text!.body
    expect(text).toContain('Senin–Jumat 08.00–16.00')
    expect(text).toContain('hubungi 112 atau (0511) 477 2233')
  })

  it('outside the window sends the template named in the settings, with its language, and waits for the morning', async () => {
    const t = await arrange({ now: '2026-11-24T22:00:00+07:00' })
    const form = { name: 'Dinas Sosial Uji', hotline: '', zone: 'Asia/Jakarta', template_selesai: 'dinsos_survei_v2', template_language: 'en_US' }
    const saved = await t.request('/admin/profile', { cookie: t.adminCookie, form: { ...form, open_1: '1', start_1: '08:00', end_1: '16:00' } })
    expect(saved.status).toBe(303)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.profile.update'))
    expect(JSON.parse(entry!.detail!).after).toMatchObject({ 'whatsapp.template.selesai': 'dinsos_survei_v2', 'whatsapp.template.language': 'en_US' })

    const kase = await fileCase(t, t.cookie)
    await conversation(t, { hoursAgo: 25, caseId: kase.id })
    await closeCase(t, kase.id)
    expect((await tick(t)).reporters.deferred).toBe(1)
    const [waiting] = await rowsOf(t)
    t.clock.set(new Date(waiting!.nextAttemptAt).toISOString())
    expect((await tick(t)).reporters.sent).toBe(1)
    const [body] = sentBodies(t)
    expect(body).toMatchObject({ type: 'template', template: { name: 'dinsos_survei_v2', language: { code: 'en_US' } } })
    const [ticket, url] = body!.template!.components[0]!.parameters.map((p) => p.text)
    expect(ticket).toBe(kase.ticket)
    expect(url!.startsWith(`${t.config.origin}/survei/`)).toBe(true)
    expect(await rowsOf(t)).toMatchObject([{ purpose: 'selesai', status: 'sent', sentAs: 'template' }])
  })

  it('refuses a template name WhatsApp would not know, beside the field, keeping what was typed', async () => {
    const t = await arrange()
    const res = await t.request('/admin/profile', { cookie: t.adminCookie, form: { name: 'Dinas Sosial Uji', zone: 'Asia/Jakarta', template_tiket: 'Tiket Laporan', template_language: 'indonesia' } })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Nama template hanya huruf kecil, angka dan garis bawah')
    expect(html).toContain('Kode bahasa seperti id atau en_US.')
    expect(html).toContain('value="Tiket Laporan"')
    expect(await t.db.select().from(settings).where(eq(settings.key, 'whatsapp.template.tiket'))).toHaveLength(0)
  })

  it('retries a 429 and a 500 later with the same key and sends once; a 400 fails with its reason on the deliveries page', async () => {
    const { t } = await ticketReplyQueued(1)
    t.graph.failNext(429)
    t.graph.failNext(500)
    expect((await tick(t)).reporters.retried).toBe(1)
    // Not due yet: the next tick leaves it alone.
    expect((await tick(t)).reporters).toEqual({ sent: 0, retried: 0, deferred: 0, failed: 0 })
    for (const expected of ['retried', 'sent'] as const) {
      const [row] = await rowsOf(t)
      t.clock.set(new Date(row!.nextAttemptAt).toISOString())
      expect((await tick(t)).reporters[expected]).toBe(1)
    }
    const [row] = await rowsOf(t)
    expect(row).toMatchObject({ status: 'sent', attempts: 3 })
    const keys = t.graph.received.map((r) => [r.headers['idempotency-key'], (JSON.parse(r.body) as Sent).biz_opaque_callback_data])
    expect(keys).toEqual(Array(3).fill([`r${row!.id}`, `r${row!.id}`]))

    const other = await conversation(t, { sender: '6285000111222', hoursAgo: 1, status: 'ditolak', reason: 'Urusan kependudukan, silakan ke Disdukcapil' })
    await queue(t, { conversationId: other.id, purpose: 'ditolak', now: t.clock.now() })
    t.graph.failNext(400)
    expect((await tick(t)).reporters.failed).toBe(1)
    const failed = (await rowsOf(t)).find((r) => r.purpose === 'ditolak')!
    // Graph's own code and message are kept beside the status (the stand-in's code 1 and its text).
    expect(failed).toMatchObject({ status: 'failed', lastError: 'WhatsApp: 1 stand-in failure (HTTP 400)' })
    const page = await (await t.request('/alerts/deliveries', { cookie: t.adminCookie })).text()
    expect(page).toContain('Bukan untuk Dinas Sosial')
    expect(page).toContain(`Percakapan ${other.id}`)
    expect(page).toContain('WhatsApp: 1 stand-in failure (HTTP 400)')
    expect(page).not.toContain('6285000111222')
  })

  it('tells the reporter of each referral once, naming the partner; closing sends one message, never a second', async () => {
    const t = await arrange()
    const kase = await fileCase(t, t.cookie)
    await conversation(t, { hoursAgo: 2, caseId: kase.id })
    await refer(t, kase.id, 'RSJ Sungai Bangkong')
    await refer(t, kase.id, 'Panti Sosial Budi Luhur')
    await tick(t)
    const texts = sentBodies(t).map((b) => b.text!.body)
    expect(texts).toHaveLength(2)
    expect(texts[0]).toContain(`Laporan ${kase.ticket} telah dirujuk kepada RSJ Sungai Bangkong`)
    expect(texts[1]).toContain('Panti Sosial Budi Luhur')

    await closeCase(t, kase.id)
    await tick(t)
    await forceStatus(t, kase.id, 'ditangani', null)
    await closeCase(t, kase.id)
    t.clock.advance({ minutes: 5 })
    await tick(t)
    const closing = (await rowsOf(t)).filter((r) => r.purpose === 'selesai' || r.purpose === 'survei')
    expect(closing).toMatchObject([{ purpose: 'selesai', status: 'sent', sentAs: 'teks' }])
    expect(sentBodies(t)).toHaveLength(3)
    expect(sentBodies(t)[2]!.text!.body).toMatch(new RegExp(`Laporan ${kase.ticket} telah selesai ditangani.*${t.config.origin}/survei/`))
  })

  it("lists a conversation's replies with its case's, as the conversation page shows them", async () => {
    const t = await arrange()
    const kase = await fileCase(t, t.cookie)
    const talk = await conversation(t, { hoursAgo: 1, caseId: kase.id })
    const other = await conversation(t, { sender: '6285000111222', hoursAgo: 1 })
    await queue(t, { conversationId: talk.id, purpose: 'diterima', now: t.clock.now() })
    await queue(t, { conversationId: other.id, purpose: 'diterima', now: t.clock.now() })
    await queue(t, { caseId: kase.id, conversationId: talk.id, purpose: 'tiket', now: t.clock.now() })
    await tick(t)
    t.clock.advance({ hours: 1 })
    await refer(t, kase.id, 'RSJ Sungai Bangkong')
    const replies = await listReporterReplies(t.db, { conversationId: talk.id, caseId: kase.id })
    expect(replies).toMatchObject([
      { purpose: 'diterima', status: 'sent', sentAs: 'teks' },
      { purpose: 'tiket', status: 'sent', sentAs: 'teks' },
      { purpose: 'dirujuk', status: 'pending', sentAs: null, sentAt: null },
    ])
    expect(await listReporterReplies(t.db, { caseId: kase.id })).toHaveLength(2)
  })

  it('a phone case with a reporter number gets the referral as a template (no window was ever opened)', async () => {
    const t = await arrange()
    const kase = await fileCase(t, t.cookie)
    await refer(t, kase.id, 'RSJ Sungai Bangkong')
    await tick(t)
    expect(sentBodies(t)).toMatchObject([{ to: kase.reporterPhone!.replace('+', ''), type: 'template', template: { name: 'sigap_dirujuk', language: { code: 'id' }, components: [{ parameters: [{ text: kase.ticket }, { text: 'RSJ Sungai Bangkong' }] }] } }])
  })

  it("records WhatsApp's statuses of a reply; a failure is shown to the admin", async () => {
    const t = await arrange()
    const talk = await conversation(t, { hoursAgo: 0 })
    await queue(t, { conversationId: talk.id, purpose: 'diterima', now: t.clock.now() })
    await tick(t)
    const [row] = await rowsOf(t)
    const status = (s: string, extra: Record<string, unknown> = {}) => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, statuses: [{ id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', status: s, timestamp: '1764003600', recipient_id: '6281234567890', biz_opaque_callback_data: `r${row!.id}`, ...extra }] } }] }],
      })
      return t.app.request('/whatsapp', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}` }, body })
    }
    expect((await status('delivered')).status).toBe(200)
    expect(await rowsOf(t)).toMatchObject([{ status: 'sent', remoteStatus: 'delivered', remoteStatusAt: 1764003600_000 }])
    await status('failed', { errors: [{ code: 131026, title: 'Message undeliverable' }] })
    expect(await rowsOf(t)).toMatchObject([{ status: 'failed', remoteStatus: 'failed', lastError: 'WhatsApp: 131026 Message undeliverable' }])
    const page = await (await t.request('/alerts/deliveries', { cookie: t.adminCookie })).text()
    expect(page).toContain('Tanda terima otomatis')
    expect(page).toContain('Message undeliverable')
  })

  it('shows a reply that failed for good on the case page under Pelapor, why in words; Kirim ulang queues it once and it goes', async () => {
    const { t, kase } = await ticketReplyQueued(1)
    t.graph.failNext(400)
    expect((await tick(t)).reporters.failed).toBe(1)
    const [row] = await rowsOf(t)
    const notice = 'Pesan WhatsApp ke pelapor gagal terkirim (Nomor tiket): WhatsApp menolak pesan ini.'
    const button = `action="/cases/${kase.id}/replies/${row!.id}/resend"`
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: t.cookie })).text()
    const pelapor = page.slice(page.indexOf('id="pelapor"'), page.indexOf('<h2>Uraian</h2>'))
    expect(pelapor).toContain(notice)
    expect(pelapor).toContain(button)
    expect(page).not.toContain('HTTP 400')
    // The Kepala reads it too, without the button: resending is the desk's.
    const kepala = await (await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(await t.addUser('kepala')) })).text()
    expect(kepala).toContain(notice)
    expect(kepala).not.toContain(button)

    // Sent twice (a double tap): queued once, audited once.
    const resend = () => t.request(`/cases/${kase.id}/replies/${row!.id}/resend`, { cookie: t.cookie, form: {} })
    const answers = await Promise.all([resend(), resend()])
    expect(answers.map((r) => [r.status, r.headers.get('Location')])).toEqual(Array(2).fill([303, `/cases/${kase.id}?done=kirim-ulang#pelapor`]))
    // Where the failure was, the page now says the reply is on its way again.
    const queued = await (await t.request(`/cases/${kase.id}?done=kirim-ulang`, { cookie: t.cookie })).text()
    expect(queued.slice(queued.indexOf('id="pelapor"'), queued.indexOf('<h2>Uraian</h2>'))).toContain('Pesan WhatsApp ke pelapor dikirim ulang')
    expect(page).not.toContain('dikirim ulang')
    expect(await rowsOf(t)).toMatchObject([{ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: t.clock.now() }])
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'reporter_message.resend'))).toMatchObject([{ actorId: t.supervisor.id, caseId: kase.id, detail: `r${row!.id}` }])
    expect((await tick(t)).reporters.sent).toBe(1)
    expect(t.graph.received).toHaveLength(2)
    expect(await rowsOf(t)).toMatchObject([{ status: 'sent' }])
    expect(await (await t.request(`/cases/${kase.id}`, { cookie: t.cookie })).text()).not.toContain('gagal terkirim')
    // A sent reply is not resent by a stale form.
    await resend()
    expect(await rowsOf(t)).toMatchObject([{ status: 'sent' }])
  })

  it('names a reply refused when sent by Graph’s own error code, as precisely as one that failed later', async () => {
    const { t, kase } = await ticketReplyQueued(30)
    t.graph.failNext(400, 1, 131047)
    expect((await tick(t)).reporters.failed).toBe(1)
    expect(await rowsOf(t)).toMatchObject([{ status: 'failed', lastError: 'WhatsApp: 131047 stand-in failure (HTTP 400)' }])
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: t.cookie })).text()
    expect(page).toContain('Pesan WhatsApp ke pelapor gagal terkirim (Nomor tiket): Lewat 24 jam sejak pesan terakhir pelapor, dan WhatsApp tidak menerima templatenya.')
  })

  it('names WhatsApp’s reasons in Indonesian, and leaves out a survey link not sent because the survey was answered', async () => {
    expect(['WhatsApp: 131047 Re-engagement message (HTTP 400)', 'WhatsApp: 80007 Rate limit hit (HTTP 429)', 'WhatsApp: 1 An unknown error occurred (HTTP 500)', 'WhatsApp: 100 Invalid parameter (HTTP 400)', 'WhatsApp: 131047 Re-engagement message', 'WhatsApp: 131026 Message undeliverable', 'WhatsApp: 132001 Template name does not exist', 'HTTP 401', 'HTTP 503', 'TypeError: fetch failed', 'no phone number', 'sesuatu yang lain'].map((e) => replyFailureOf(e))).toEqual([
      'jendela', 'dibatasi', 'tidak_terjangkau', 'ditolak', 'jendela', 'tidak_terdaftar', 'template', 'token', 'tidak_terjangkau', 'tidak_terjangkau', 'tanpa_nomor', 'lainnya',
    ])
    const t = await arrange()
    const kase = await fileCase(t, t.cookie)
    const talk = await conversation(t, { hoursAgo: 30, caseId: kase.id })
    const now = t.clock.now()
    await t.db.insert(reporterMessages).values([
      { caseId: kase.id, conversationId: talk.id, purpose: 'tiket', dedupeKey: 'a', status: 'failed', lastError: 'WhatsApp: 131047 Re-engagement message', nextAttemptAt: now, createdAt: now },
      { caseId: kase.id, purpose: 'selesai', dedupeKey: 'b', status: 'failed', lastError: 'survei sudah diisi sebelum tautan terkirim', nextAttemptAt: now, createdAt: now },
    ])
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: t.cookie })).text()
    expect(page).toContain('Pesan WhatsApp ke pelapor gagal terkirim (Nomor tiket): Lewat 24 jam sejak pesan terakhir pelapor, dan WhatsApp tidak menerima templatenya.')
    expect(page.match(/gagal terkirim/g)).toHaveLength(1)
    expect(page).not.toContain('131047')
  })

  it('queues nothing for a case without a reporter number or a conversation', async () => {
    const t = await arrange()
    const kase = await fileCase(t, t.cookie, { reporter_phone: '', channel: 'datang' })
    await refer(t, kase.id, 'RSJ Sungai Bangkong')
    expect(await t.db.select().from(reporterMessages).where(and(eq(reporterMessages.caseId, kase.id)))).toHaveLength(0)
  })
})
