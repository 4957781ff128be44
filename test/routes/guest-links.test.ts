import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { alerts, auditLog, casePhotos, guestAnswers, guestLinks, kelurahanContacts } from '../../worker/db/schema'
import { randomToken, sha256Hex } from '../../worker/security/tokens'
import { createTestApp, kelurahanA } from '../support/app'
import { testConfig } from '../support/config'
import { startReceiver } from '../support/receiver'
import { controlValue, decodeEntities, fieldError } from '../support/html'
import { auditCount, eventsOf, fakeJpeg, fileCase, forceStatus } from '../support/handling'

async function setup() {
  const t = await createTestApp()
  const supervisor = await t.addUser('supervisor')
  const fasilitator = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const sup = await t.cookieFor(supervisor)
  const kase = await forceStatus(t, (await fileCase(t, sup, { person_nik: '6171054107900003' })).id, 'ditangani', fasilitator.id)
  const [contact] = await t.db.insert(kelurahanContacts).values({ kelurahanCode: kelurahanA, role: 'babinsa', name: 'Serda Rahmat', phone: '+6281255550001' }).returning()
  /** Sends a link from the case page's own form, as the supervisor; returns the page and the link's path. */
  async function sendLink(ask = 'Tolong cek apakah lansia masih di rumah.') {
    // A fresh session each time: tests move the clock past a session's lifetime.
    const cookie = await t.cookieFor(supervisor)
    const casePage = await (await t.request(`/cases/${kase.id}`, { cookie })).text()
    const idem = controlValue(casePage.slice(casePage.indexOf('/guest-links"')), 'idem')!
    const res = await t.request(`/cases/${kase.id}/guest-links`, { cookie, form: { idem, contact: String(contact!.id), ask } })
    const html = decodeEntities(await res.text())
    const url = /value="(http[^"]*\/tamu\/[A-Za-z0-9_-]{43})"/.exec(html)?.[1]
    return { res, html, idem, path: url ? new URL(url).pathname : undefined }
  }
  return { t, sup, supervisor, kase, contact: contact!, fasilitator, sendLink }
}

describe('guest links for kelurahan contacts (issue 24)', () => {
  it('are made from the case page, shown once with a prefilled WhatsApp message, and stored only as a hash', async () => {
    const { t, sup, kase, sendLink } = await setup()
    const { res, html, path, idem } = await sendLink()
    expect(res.status).toBe(200)
    expect(path).toBeDefined()
    const token = path!.split('/')[2]!
    expect(html).toContain(`https://wa.me/6281255550001?text=`)
    expect(html).toContain(encodeURIComponent(`/tamu/${token}`))
    const [row] = await t.db.select().from(guestLinks)
    expect(row).toMatchObject({ caseId: kase.id, contactName: 'Serda Rahmat', tokenHash: await sha256Hex(token), expiresAt: t.clock.now() + 72 * 3_600_000 })
    expect(JSON.stringify(row)).not.toContain(token)
    expect((await eventsOf(t, kase.id)).at(-1)).toMatchObject({ kind: 'tautan_tamu', note: 'Babinsa Serda Rahmat: Tolong cek apakah lansia masih di rumah.' })
    expect(await auditCount(t, kase.id, 'guest_link.create')).toBe(1)
    // The same form sent twice makes one link, and says so.
    const again = await t.request(`/cases/${kase.id}/guest-links`, { cookie: sup, form: { idem, contact: String(row!.contactId), ask: 'x' } })
    expect(again.status).toBe(409)
    expect(await t.db.select().from(guestLinks)).toHaveLength(1)
  })

  it('refuses a request without a contact or an errand with the messages beside the fields and the typed values', async () => {
    const { t, sup, kase } = await setup()
    const res = await t.request(`/cases/${kase.id}/guest-links`, { cookie: sup, form: { idem: 'a'.repeat(32), contact: '999', ask: 'Cek lokasi' } })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'contact')).toBe('Pilih kontak kelurahan.')
    expect(html).toContain('Cek lokasi</textarea>')
    expect(await t.db.select().from(guestLinks)).toHaveLength(0)
  })

  it('show the contact the errand, ticket, category and landmark, never the name, NIK or description; each open audited', async () => {
    const { t, kase, sendLink } = await setup()
    const { path } = await sendLink()
    const res = await t.request(path!)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const html = decodeEntities(await res.text())
    for (const shown of [kase.ticket, 'Lansia terlantar', 'dekat masjid', 'RT 003', 'Tolong cek apakah lansia masih di rumah.']) expect(html).toContain(shown)
    for (const hidden of ['Nenek Aminah', '6171054107900003', 'belum makan', 'Gusti Sulung', 'Budi Santoso', '0812']) expect(html).not.toContain(hidden)
    await t.request(path!)
    expect(await auditCount(t, kase.id, 'guest_link.read')).toBe(2)
  })

  it('put an answer with a note and a photo on the timeline and alert the holder; a double submit stores one', async () => {
    const { t, kase, sendLink, fasilitator } = await setup()
    const { path } = await sendLink()
    const idem = controlValue(await (await t.request(path!)).text(), 'idem')!
    const form = new FormData()
    for (const [k, v] of Object.entries({ idem, answer: 'menuju_lokasi', note: 'Saya ke sana 10 menit lagi.' })) form.set(k, v)
    form.set('foto', new File([fakeJpeg() as Uint8Array<ArrayBuffer>], 'lokasi.jpg', { type: 'image/jpeg' }))
    for (let i = 0; i < 2; i++) {
      const res = await t.request(path!, { method: 'POST', body: form })
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe(`${path}?ok=1`)
    }
    const events = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'jawaban_tamu')
    expect(events).toEqual([expect.objectContaining({ actorId: null, note: 'Babinsa Serda Rahmat: Sudah menuju lokasi. Saya ke sana 10 menit lagi.' })])
    expect(await t.db.select().from(guestAnswers)).toHaveLength(1)
    expect(await t.db.select().from(casePhotos).where(eq(casePhotos.eventId, events[0]!.id))).toHaveLength(1)
    expect(await t.db.select().from(alerts).where(eq(alerts.userId, fasilitator.id))).toEqual([expect.objectContaining({ kind: 'jawaban_tamu', caseId: kase.id })])
    expect(await auditCount(t, kase.id, 'guest_link.answer')).toBe(1)
    // The holder reads it on the case's timeline.
    const page = decodeEntities(await (await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(fasilitator) })).text())
    expect(page).toContain('Babinsa Serda Rahmat: Sudah menuju lokasi. Saya ke sana 10 menit lagi.')
    expect(page).toContain('1 jawaban')
  })

  it('answer an empty form with 422 and the message beside the choice', async () => {
    const { t, sendLink } = await setup()
    const { path } = await sendLink()
    const res = await t.request(path!, { form: { idem: 'b'.repeat(32), answer: '', note: '' } })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Pilih jawaban, atau tulis catatan.')
    expect(await t.db.select().from(guestAnswers)).toHaveLength(0)
  })

  it('show nothing once expired or revoked, and take no answer then', async () => {
    const { t, supervisor, kase, sendLink } = await setup()
    const first = (await sendLink()).path!
    t.clock.advance({ hours: 72 })
    for (const res of [await t.request(first), await t.request(first, { form: { idem: 'c'.repeat(32), answer: 'tidak_ada' } })]) {
      expect(res.status).toBe(404)
      const html = await res.text()
      expect(html).toContain('Tautan tidak berlaku')
      expect(html).not.toContain(kase.ticket)
    }
    const sent = await sendLink('Cek lagi')
    expect(sent.res.status, sent.html.slice(sent.html.indexOf('<main'))).toBe(200)
    const second = sent.path!
    expect((await t.request(second)).status).toBe(200)
    const [link] = (await t.db.select().from(guestLinks).orderBy(guestLinks.id)).slice(-1)
    // Revoking an expired link changes nothing; the working one is revoked once.
    const [old] = await t.db.select().from(guestLinks).orderBy(guestLinks.id)
    const sup = await t.cookieFor(supervisor)
    expect((await t.request(`/cases/${kase.id}/guest-links/${old!.id}/revoke`, { cookie: sup, form: {} })).status).toBe(409)
    const revoke = await t.request(`/cases/${kase.id}/guest-links/${link!.id}/revoke`, { cookie: sup, form: {} })
    expect(revoke.status).toBe(303)
    expect((await t.request(second)).status).toBe(404)
    expect((await eventsOf(t, kase.id)).at(-1)).toMatchObject({ kind: 'tautan_tamu_dicabut', note: 'Tautan untuk Serda Rahmat dicabut.' })
    expect(await t.db.select().from(guestAnswers)).toHaveLength(0)
    // An unknown token reads the same as a dead one.
    expect((await t.request(`/tamu/${'x'.repeat(43)}`)).status).toBe(404)
  })

  it('refuse a flood of opens from one address with 429', async () => {
    const { t, sendLink } = await setup()
    const { path } = await sendLink()
    for (let i = 0; i < 60; i++) expect((await t.request(path!)).status).toBe(200)
    const res = await t.request(path!)
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
    t.clock.advance({ minutes: 10 })
    expect((await t.request(path!)).status).toBe(200)
  })

  it('are not offered on a closed case, and cannot be made for one', async () => {
    const { t, sup, kase, contact } = await setup()
    await forceStatus(t, kase.id, 'ditutup', null)
    expect(await (await t.request(`/cases/${kase.id}`, { cookie: sup })).text()).not.toContain('/guest-links"')
    const res = await t.request(`/cases/${kase.id}/guest-links`, { cookie: sup, form: { idem: 'd'.repeat(32), contact: String(contact.id), ask: 'Cek' } })
    expect(res.status).toBe(409)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'guest_link.create'))).toHaveLength(0)
  })
})

describe('guest links with the WhatsApp Cloud API configured', () => {
  it('go out through the template at once; a refused send leaves the wa.me button', async () => {
    const wa = await startReceiver((_req, i) => (i === 0 ? 200 : 400))
    const t = await createTestApp({ config: { alerts: { ...testConfig().alerts, whatsapp: { apiUrl: wa.url, phoneNumberId: '555', token: 'uji-token', template: 'sigap_peringatan', surveyTemplate: 'sigap_survei', language: 'id' } } } })
    const supervisor = await t.addUser('supervisor')
    const kase = await fileCase(t, await t.cookieFor(supervisor))
    const [contact] = await t.db.insert(kelurahanContacts).values({ kelurahanCode: kelurahanA, role: 'lurah', name: 'Ibu Lurah', phone: '+6281255550009' }).returning()
    const send = async () => {
      const cookie = await t.cookieFor(supervisor)
      return decodeEntities(await (await t.request(`/cases/${kase.id}/guest-links`, { cookie, form: { idem: randomToken(), contact: String(contact!.id), ask: 'Mohon dampingi petugas.' } })).text())
    }
    const sent = await send()
    expect(sent).toContain('dan sudah dikirim lewat WhatsApp')
    expect(sent).not.toContain('Kirim lewat WhatsApp</a>')
    const body = JSON.parse(wa.received[0]!.body)
    expect(wa.received[0]!.path).toBe('/555/messages')
    expect(body).toMatchObject({ to: '6281255550009', template: { name: 'sigap_peringatan' } })
    const url = /value="(http[^"]*\/tamu\/[A-Za-z0-9_-]{43})"/.exec(sent)![1]!
    expect(body.template.components[0].parameters.map((p: { text: string }) => p.text)).toEqual([`Permintaan bantuan Dinas Sosial, laporan ${kase.ticket}`, expect.stringContaining('Mohon dampingi petugas.'), url])
    const refused = await send()
    expect(refused).not.toContain('dan sudah dikirim lewat WhatsApp')
    expect(refused).toContain('Kirim lewat WhatsApp</a>')
  })
})
