// "Pesan masuk" (issue 21, the desk's side): waiting WhatsApp conversations, a case made from one
// (prefilled form, clock from the first message, photos kept, one case for a double submit),
// attaching one to a case, turning one away, every read audited; on real libSQL.
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { readAlertConfig } from '../../worker/config'
import { auditLog, caseEvents, casePhotos, cases, reporterMessages, waConversations } from '../../worker/db/schema'
import { folderPhotoStore } from '../../worker/storage/folder'
import type { PhotoStore } from '../../worker/storage/photo-store'
import { createTestApp } from '../support/app'
import { fakeJpeg, fileCase, forceStatus } from '../support/handling'
import { controlValue, fieldError } from '../support/html'
import { completedCaseForm, seedConversation, type SeedMessage } from '../support/wa-inbox'

const firstAt = Date.parse('2026-11-24T06:30:00+07:00')
const photo = fakeJpeg(3000)
const messages: SeedMessage[] = [
  { kind: 'text', body: 'Selamat pagi, ada nenek tidur di emperan toko sejak kemarin.' },
  { kind: 'image', caption: 'Ini fotonya', bytes: photo },
  { kind: 'location', latitude: -0.02731, longitude: 109.34194, place: 'Pasar Flamboyan' },
  { kind: 'audio' },
  { kind: 'unsupported', body: 'sticker' },
]

/** The app's photo store, counting the files read back from it. */
function countingReads() {
  const reads: string[] = []
  const wrapPhotos = (store: PhotoStore): PhotoStore => ({ ...store, get: (key) => (reads.push(key), store.get(key)) })
  return { reads, wrapPhotos }
}

// WhatsApp can send (replies are queued); nothing is sent here, no sweep runs.
const sending = readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: 'http://127.0.0.1:9' }, false)

async function desk(opts: { role?: 'operator' | 'supervisor'; wrapPhotos?: (store: PhotoStore) => PhotoStore; whatsapp?: boolean } = {}) {
  const alerts = opts.whatsapp === false ? { ...sending, whatsapp: null } : sending
  const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00', wrapPhotos: opts.wrapPhotos, config: { alerts } })
  const operator = await t.addUser(opts.role ?? 'operator')
  const cookie = await t.cookieFor(operator)
  const photos = folderPhotoStore(t.photoDir)
  const seed = (more: Partial<Parameters<typeof seedConversation>[2]> = {}) => seedConversation(t.db, photos, { firstAt, messages, ...more })
  return { t, operator, cookie, seed }
}

/** The intake form as the prefilled page shows it, completed with what the operator adds. */
async function completedForm(t: Awaited<ReturnType<typeof desk>>['t'], cookie: string, conversationId: number) {
  return completedCaseForm(t.db, await (await t.request(`/inbox/${conversationId}/case`, { cookie })).text())
}

const auditRows = (t: Awaited<ReturnType<typeof desk>>['t'], action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action))

describe('Pesan masuk', () => {
  it('lists waiting conversations, the one waiting longest first, with masked sender, first text, photo, map link and waiting time; the nav counts them', async () => {
    const { t, cookie, seed } = await desk()
    const older = await seed()
    const newer = await seed({ sender: '6285711112222', profileName: 'Pak Anto', firstAt: firstAt + 3600_000, messages: [{ kind: 'text', body: 'Ada anak jalanan di lampu merah' }] })
    const handled = await seed({ sender: '6285733334444', profileName: 'Sudah Ditangani', messages: [{ kind: 'text', body: 'lama' }] })
    await t.db.update(waConversations).set({ status: 'ditolak', closedReason: 'Pesan iseng / spam', handledAt: firstAt }).where(eq(waConversations.id, handled.conversation.id))

    const res = await t.request('/inbox', { cookie })
    expect(res.status).toBe(200)
    const html = await res.text()
    const waiting = html.slice(html.indexOf('Menunggu (2)'), html.indexOf('Terakhir ditangani'))
    expect(waiting.indexOf(`/inbox/${older.conversation.id}"`)).toBeGreaterThan(-1)
    expect(waiting.indexOf(`/inbox/${older.conversation.id}"`)).toBeLessThan(waiting.indexOf(`/inbox/${newer.conversation.id}"`))
    expect(waiting).not.toContain(`/inbox/${handled.conversation.id}"`)
    expect(waiting).toContain('(…7890)')
    expect(waiting).not.toContain('6281234567890')
    expect(waiting).toContain('ada nenek tidur di emperan toko')
    expect(waiting).toContain(`src="/inbox/${older.conversation.id}/media/${older.messageIds[1]}"`)
    expect(waiting).toContain('https://www.openstreetmap.org/?mlat=-0.02731&amp;mlon=109.34194#map=17/-0.02731/109.34194')
    // 06:30 → 09:00 and 07:30 → 09:00, in the one duration formatter's words.
    expect(waiting).toContain('menunggu 2 jam 30 menit')
    expect(waiting).toContain('menunggu 1 jam 30 menit')
    expect(html).toContain('Pesan iseng / spam')
    expect(html).toMatch(/<a href="\/inbox" aria-label="Pesan masuk, 2 menunggu">Pesan masuk <span class="count">2<\/span><\/a>/)
  })

  it('shows the whole conversation with the full number, audited as a read; photos and voice notes come through an audited route', async () => {
    const { t, cookie, seed, operator } = await desk({ role: 'supervisor' })
    const { conversation, messageIds } = await seed()
    const html = await (await t.request(`/inbox/${conversation.id}`, { cookie })).text()
    expect(html).toContain('+6281234567890')
    expect(html).toContain('Ini fotonya')
    expect(html).toContain(`<audio controls="" preload="none" src="/inbox/${conversation.id}/media/${messageIds[3]}">`)
    expect(html).toContain('Jenis pesan tidak didukung.')
    expect(html).toContain('Pasar Flamboyan')
    expect(await auditRows(t, 'wa_conversation.read')).toMatchObject([{ actorId: operator.id, detail: `wa=${conversation.id} page` }])

    const media = await t.request(`/inbox/${conversation.id}/media/${messageIds[1]}`, { cookie })
    expect(media.status).toBe(200)
    expect(media.headers.get('Content-Type')).toBe('image/jpeg')
    expect(media.headers.get('Cache-Control')).toBe('private, no-store')
    expect(media.headers.get('Content-Disposition')).toBe('inline')
    // From securityHeaders, as on every answer.
    expect(media.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(photo)
    expect(await auditRows(t, 'wa_media.read')).toHaveLength(1)
    // A message of another conversation, or one without media, is not found through this one.
    const other = await seed({ sender: '6285799998888' })
    expect((await t.request(`/inbox/${conversation.id}/media/${other.messageIds[1]}`, { cookie })).status).toBe(404)
    expect((await t.request(`/inbox/${conversation.id}/media/${messageIds[0]}`, { cookie })).status).toBe(404)
    expect(await auditRows(t, 'wa_media.read')).toHaveLength(1)
  })

  it('prefills the intake form from the conversation: sender, profile name, texts, location, channel WhatsApp', async () => {
    const { t, cookie, seed } = await desk()
    const { conversation } = await seed()
    const res = await t.request(`/inbox/${conversation.id}/case`, { cookie })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`<form method="post" action="/inbox/${conversation.id}/case"`)
    expect(controlValue(html, 'reporter_phone')).toBe('+6281234567890')
    expect(controlValue(html, 'reporter_name')).toBe('Ibu Sari')
    expect(controlValue(html, 'channel')).toBe('whatsapp')
    expect(controlValue(html, 'description')).toBe('Selamat pagi, ada nenek tidur di emperan toko sejak kemarin.\nIni fotonya')
    expect(controlValue(html, 'address')).toBe('Pasar Flamboyan')
    expect(controlValue(html, 'landmark')).toBe('Pasar Flamboyan; titik WhatsApp -0.02731, 109.34194')
    expect(html).toContain('1 foto ikut disimpan sebagai foto kasus')
    expect(await auditRows(t, 'wa_conversation.read')).toMatchObject([{ detail: `wa=${conversation.id} form` }])
  })

  it('makes a case received at the first message (due 24 hours after it), with the photo, the conversation linked and the ticket reply queued in the same write', async () => {
    const { t, cookie, seed, operator } = await desk()
    const { conversation, messageIds } = await seed()
    const res = await t.request(`/inbox/${conversation.id}/case`, { cookie, form: await completedForm(t, cookie, conversation.id) })
    expect(res.status).toBe(303)
    const [kase] = await t.db.select().from(cases)
    expect(res.headers.get('Location')).toBe(`/cases/${kase!.id}?baru=1`)
    expect(kase).toMatchObject({ channel: 'whatsapp', reporterPhone: '+6281234567890', reporterName: 'Ibu Sari', receivedAt: firstAt, dueAt: firstAt + 24 * 3600_000 })
    const [linked] = await t.db.select().from(waConversations).where(eq(waConversations.id, conversation.id))
    expect(linked).toMatchObject({ status: 'kasus', caseId: kase!.id, handledBy: operator.id, handledAt: t.clock.now() })
    const [dibuat] = await t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase!.id), eq(caseEvents.kind, 'dibuat')))
    const photos = await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase!.id))
    expect(photos).toMatchObject([{ eventId: dibuat!.id, contentType: 'image/jpeg', size: photo.length, uploadedBy: operator.id }])
    expect(photos[0]!.storageKey).toMatch(new RegExp(`^whatsapp/${messageIds[1]}/`))
    // The photo is now the case's: served by the case's own photo route.
    const served = await t.request(`/cases/${kase!.id}/photos/${photos[0]!.id}`, { cookie })
    expect(Object.fromEntries(['Content-Type', 'Cache-Control', 'Content-Disposition', 'X-Content-Type-Options'].map((h) => [h, served.headers.get(h)]))).toEqual({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store', 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff' })
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(photo)
    expect(await auditRows(t, 'wa_conversation.case')).toMatchObject([{ actorId: operator.id, caseId: kase!.id }])
    expect(await t.db.select().from(reporterMessages)).toMatchObject([{ purpose: 'tiket', conversationId: conversation.id, caseId: kase!.id }])
    // Out of the queue; the case page leads back to the messages, for the desk only.
    expect(await (await t.request('/inbox', { cookie })).text()).toContain('Menunggu (0)')
    const link = `<a href="/inbox/${conversation.id}">percakapan dari +6281234567890</a>`
    expect(await (await t.request(`/cases/${kase!.id}`, { cookie })).text()).toContain(link)
    const kepala = await t.cookieFor(await t.addUser('kepala'))
    expect(await (await t.request(`/cases/${kase!.id}`, { cookie: kepala })).text()).not.toContain('/inbox/')
  })

  it('makes one case of a form sent twice, and of a second tab sent after the first', async () => {
    const { t, cookie, seed } = await desk()
    const { conversation } = await seed()
    const form = await completedForm(t, cookie, conversation.id)
    const secondTab = await completedForm(t, cookie, conversation.id)
    const [a, b] = await Promise.all([t.request(`/inbox/${conversation.id}/case`, { cookie, form }), t.request(`/inbox/${conversation.id}/case`, { cookie, form })])
    const c = await t.request(`/inbox/${conversation.id}/case`, { cookie, form: { ...secondTab, description: 'lain' } })
    const all = await t.db.select().from(cases)
    expect(all).toHaveLength(1)
    for (const res of [a, b, c]) {
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toMatch(new RegExp(`^/cases/${all[0]!.id}`))
    }
    expect(await t.db.select().from(casePhotos)).toHaveLength(1)
    expect(await auditRows(t, 'wa_conversation.case')).toHaveLength(1)
    expect(await t.db.select().from(reporterMessages)).toHaveLength(1)
  })

  it('gives a refused form back with what was typed, to the conversation, and saves nothing', async () => {
    const { t, cookie, seed } = await desk()
    const { conversation } = await seed()
    const form = { ...(await completedForm(t, cookie, conversation.id)), kelurahan: '', description: 'Diketik ulang oleh operator', channel: 'telepon' }
    const res = await t.request(`/inbox/${conversation.id}/case`, { cookie, form })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'kelurahan')).toBe('Pilih kelurahan dari daftar.')
    expect(controlValue(html, 'description')).toBe('Diketik ulang oleh operator')
    // The channel stays WhatsApp whatever was sent.
    expect(controlValue(html, 'channel')).toBe('whatsapp')
    expect(html).toContain(`action="/inbox/${conversation.id}/case"`)
    expect(await t.db.select().from(cases)).toHaveLength(0)
    expect((await t.db.select().from(waConversations))[0]!.status).toBe('baru')
  })

  it('attaches a conversation to an open case by ticket: its messages on the timeline, its photo with the case, the ticket reply queued', async () => {
    const { t, cookie, seed, operator } = await desk()
    const kase = await fileCase(t, cookie)
    const { conversation } = await seed()
    const bad = await t.request(`/inbox/${conversation.id}/attach`, { cookie, form: { ticket: '2611-9999' } })
    expect(bad.status).toBe(422)
    expect(fieldError(await bad.text(), 'ticket')).toBe('Tidak ada kasus dengan nomor tiket itu.')

    const res = await t.request(`/inbox/${conversation.id}/attach`, { cookie, form: { ticket: ` ${kase.ticket} ` } })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/cases/${kase.id}#timeline`)
    expect((await t.db.select().from(waConversations))[0]).toMatchObject({ status: 'kasus', caseId: kase.id, handledBy: operator.id })
    const notes = (await t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.kind, 'pesan_whatsapp')))).map((e) => e.note)
    expect(notes).toEqual(['Selamat pagi, ada nenek tidur di emperan toko sejak kemarin.', 'Foto: Ini fotonya', 'Lokasi: Pasar Flamboyan — -0.02731, 109.34194', 'Pesan suara', 'Jenis pesan tidak didukung (sticker)'])
    expect(await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase.id))).toHaveLength(1)
    expect(await auditRows(t, 'wa_conversation.attach')).toMatchObject([{ caseId: kase.id }])
    expect(await t.db.select().from(reporterMessages)).toMatchObject([{ purpose: 'tiket', conversationId: conversation.id, caseId: kase.id }])
    // Sent again: nothing more.
    await t.request(`/inbox/${conversation.id}/attach`, { cookie, form: { ticket: kase.ticket } })
    expect(await t.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.kind, 'pesan_whatsapp')))).toHaveLength(5)
    expect(await t.db.select().from(reporterMessages)).toHaveLength(1)
  })

  it('makes a case of a conversation, or attaches one, without reading its photos back: their sizes were recorded when stored', async () => {
    const { reads, wrapPhotos } = countingReads()
    const { t, cookie, seed } = await desk({ wrapPhotos })
    const made = await seed()
    expect((await t.request(`/inbox/${made.conversation.id}/case`, { cookie, form: await completedForm(t, cookie, made.conversation.id) })).status).toBe(303)
    const kase = await fileCase(t, cookie)
    const attached = await seed({ sender: '6285799998888' })
    expect((await t.request(`/inbox/${attached.conversation.id}/attach`, { cookie, form: { ticket: kase.ticket } })).status).toBe(303)
    expect((await t.db.select({ size: casePhotos.size }).from(casePhotos)).map((p) => p.size)).toEqual([photo.length, photo.length])
    expect(reads).toEqual([])
  })

  it('reads a photo stored before sizes were recorded once, to learn its size', async () => {
    const { reads, wrapPhotos } = countingReads()
    const { t, cookie, seed } = await desk({ wrapPhotos })
    const { conversation } = await seed({ messages: [{ kind: 'text', body: 'Ada nenek di emperan' }, { kind: 'image', bytes: photo, sizeUnknown: true }] })
    expect((await t.request(`/inbox/${conversation.id}/case`, { cookie })).status).toBe(200)
    expect(reads).toHaveLength(1)
    const kase = await fileCase(t, cookie)
    await t.request(`/inbox/${conversation.id}/attach`, { cookie, form: { ticket: kase.ticket } })
    expect(reads).toHaveLength(2)
    expect((await t.db.select({ size: casePhotos.size }).from(casePhotos)).map((p) => p.size)).toEqual([photo.length])
  })

  it('does not attach to a closed case', async () => {
    const { t, cookie, seed } = await desk()
    const kase = await fileCase(t, cookie)
    await forceStatus(t, kase.id, 'ditutup', null)
    const { conversation } = await seed()
    const res = await t.request(`/inbox/${conversation.id}/attach`, { cookie, form: { ticket: kase.ticket } })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'ticket')).toBe('Kasus itu sudah tidak terbuka; buat laporan baru.')
    expect(controlValue(html, 'ticket')).toBe(kase.ticket)
    expect((await t.db.select().from(waConversations))[0]!.status).toBe('baru')
  })

  it('turns a conversation away with a reason and a note for the sender, queues the ditolak reply once', async () => {
    const { t, cookie, seed, operator } = await desk()
    const { conversation } = await seed()
    const none = await t.request(`/inbox/${conversation.id}/reject`, { cookie, form: { reason: '', note: 'coba lagi' } })
    expect(none.status).toBe(422)
    const html = await none.text()
    expect(fieldError(html, 'reason')).toBe('Pilih alasan.')
    expect(controlValue(html, 'note')).toBe('coba lagi')

    const form = { reason: 'bukan_dinsos', note: 'Silakan ke Disdukcapil untuk KTP.' }
    const res = await t.request(`/inbox/${conversation.id}/reject`, { cookie, form })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/inbox?ditolak=1')
    expect((await t.db.select().from(waConversations))[0]).toMatchObject({ status: 'ditolak', closedReason: 'Bukan urusan Dinas Sosial; Silakan ke Disdukcapil untuk KTP', handledBy: operator.id })
    expect(await auditRows(t, 'wa_conversation.reject')).toMatchObject([{ actorId: operator.id, detail: `wa=${conversation.id} bukan_dinsos` }])
    expect(await t.db.select().from(reporterMessages)).toMatchObject([{ purpose: 'ditolak', conversationId: conversation.id, caseId: null }])
    // The conversation page says what the sender is told, without the text or the number.
    const page = await (await t.request(`/inbox/${conversation.id}`, { cookie })).text()
    expect(page).toContain('Ditolak: Bukan urusan Dinas Sosial; Silakan ke Disdukcapil untuk KTP')
    expect(page).toContain('Bukan untuk Dinas Sosial · Menunggu dikirim')
    expect(page).not.toContain('Tolak pesan')
    const again = await t.request(`/inbox/${conversation.id}/reject`, { cookie, form })
    expect(again.headers.get('Location')).toBe(`/inbox/${conversation.id}`)
    expect(await t.db.select().from(reporterMessages)).toHaveLength(1)
    expect(await auditRows(t, 'wa_conversation.reject')).toHaveLength(1)
  })

  it('queues no reply to the sender when WhatsApp cannot send: a case made, attached, a conversation turned away', async () => {
    const { t, cookie, seed } = await desk({ whatsapp: false })
    const made = await seed()
    expect((await t.request(`/inbox/${made.conversation.id}/case`, { cookie, form: await completedForm(t, cookie, made.conversation.id) })).status).toBe(303)
    const kase = await fileCase(t, cookie)
    const attached = await seed({ sender: '6285799998888' })
    expect((await t.request(`/inbox/${attached.conversation.id}/attach`, { cookie, form: { ticket: kase.ticket } })).status).toBe(303)
    const turnedAway = await seed({ sender: '6285711112222' })
    expect((await t.request(`/inbox/${turnedAway.conversation.id}/reject`, { cookie, form: { reason: 'bukan_dinsos', note: '' } })).status).toBe(303)
    expect((await t.db.select().from(waConversations)).map((w) => w.status)).toEqual(['kasus', 'kasus', 'ditolak'])
    expect(await t.db.select().from(reporterMessages)).toEqual([])
  })

  it('counts cases made from WhatsApp under WhatsApp on the dashboard', async () => {
    const { t, cookie, seed } = await desk()
    const { conversation } = await seed()
    await t.request(`/inbox/${conversation.id}/case`, { cookie, form: await completedForm(t, cookie, conversation.id) })
    await fileCase(t, cookie)
    const kepala = await t.cookieFor(await t.addUser('kepala'))
    const html = await (await t.request('/dashboard', { cookie: kepala })).text()
    const table = html.slice(html.indexOf('id="saluran"'))
    expect(table).toMatch(/<th scope="row">WhatsApp<\/th><td class="num">1<\/td>/)
    expect(table).toMatch(/<th scope="row">Telepon<\/th><td class="num">1<\/td>/)
    expect(table).toMatch(/<th scope="row">Online<\/th><td class="num">0<\/td>/)
  })
})
