import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { alerts, auditLog, caseEvents, cases, surveyResponses } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, type TestApp } from '../support/app'
import { controlValue, fieldError } from '../support/html'
import { surveyPath } from '../../worker/security/survey-link'
import { unknownAreaCodes } from '../../worker/domain/unknown-area'

async function publicReport(t: TestApp, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const form = await t.request('/lapor')
  return {
    idem: controlValue(await form.text(), 'idem')!,
    reporter_name: 'Siti Nur\'aini',
    reporter_phone: '0812 3456 7890',
    reporter_relation: 'tetangga',
    person_name: 'Kakek di pos ronda',
    category: String(await categoryId(t.db, 'orang-terlantar')),
    kelurahan: kelurahanA,
    address: 'Gg. Damai No. 7A/12',
    landmark: '',
    description: 'Sudah tiga hari tidur di pos ronda, tampak sakit.',
    consent: 'ya',
    website: '',
    ...overrides,
  }
}

async function sendReport(t: TestApp, overrides: Record<string, string> = {}) {
  return t.request('/lapor', { form: await publicReport(t, overrides) })
}

/** Moves a case to `status` directly: the facilitator workflow is another area's subject. */
async function setStatus(t: TestApp, id: number, status: string, at = t.clock.now()) {
  await t.db.update(cases).set({ status, resolvedAt: status === 'selesai' || status === 'ditutup' ? at : null, closedAt: status === 'ditutup' ? at : null }).where(eq(cases.id, id))
  await t.db.insert(caseEvents).values({ caseId: id, at, kind: status, toStatus: status, note: 'catatan internal rahasia' })
}

function cek(t: TestApp, tiket: string, hp4: string) {
  return t.request('/cek', { form: { tiket, hp4 } })
}

describe('online report (/lapor)', () => {
  it('takes a report whose kelurahan the citizen does not know, with a landmark, for the supervisor to place', async () => {
    const t = await createTestApp()
    const unknown = unknownAreaCodes('61.71').kelurahan
    expect(await (await t.request('/lapor')).text()).toContain(`<option value="${unknown}">`)
    const bad = await sendReport(t, { kelurahan: unknown, landmark: '' })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(fieldError(html, 'landmark')).toMatch(/^Kelurahan belum diketahui: isi patokan/)
    expect(controlValue(html, 'kelurahan')).toBe(unknown)
    expect((await sendReport(t, { kelurahan: unknown, landmark: 'seberang SD Negeri 14' })).status).toBe(303)
    expect(await t.db.select({ kelurahanCode: cases.kelurahanCode, status: cases.status, landmark: cases.landmark }).from(cases)).toEqual([{ kelurahanCode: unknown, status: 'baru', landmark: 'seberang SD Negeri 14' }])
  })

  it('stores a consented report as an online case in the queue and shows the ticket', async () => {
    const t = await createTestApp({ now: '2026-11-24T21:30:00+07:00' })
    const res = await sendReport(t)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/lapor/terkirim/2611-0001')
    const [kase] = await t.db.select().from(cases)
    expect(kase).toMatchObject({ ticket: '2611-0001', channel: 'online', status: 'baru', reporterPhone: '+6281234567890', createdBy: null, personAgeGroup: 'tidak_diketahui' })
    // The clock starts at receipt (calendar hours for this category).
    expect(kase!.receivedAt).toBe(t.clock.now())
    expect(kase!.dueAt - kase!.receivedAt).toBe(24 * 3600_000)
    const shown = await (await t.request('/lapor/terkirim/2611-0001')).text()
    expect(shown).toContain('2611-0001')
  })

  it('refuses a report without consent and keeps what was typed', async () => {
    const t = await createTestApp()
    const res = await sendReport(t, { consent: '' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, 'consent')).toMatch(/persetujuan/)
    expect(controlValue(html, 'description')).toBe('Sudah tiga hari tidur di pos ronda, tampak sakit.')
    expect(html).toContain('UU No. 27 Tahun 2022')
    expect(await t.db.select().from(cases)).toHaveLength(0)
  })

  it('requires a valid phone number, as every online report is called back', async () => {
    const t = await createTestApp()
    const res = await sendReport(t, { reporter_phone: '' })
    expect(res.status).toBe(422)
    expect(fieldError(await res.text(), 'reporter_phone')).toBe('Nomor HP pelapor wajib diisi untuk laporan lewat telepon, WhatsApp atau online.')
  })

  it('silently discards a submission that filled the honeypot', async () => {
    const t = await createTestApp()
    const res = await sendReport(t, { website: 'http://spam.example' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toMatch(/\d{4}-\d{4}/)
    expect(await t.db.select().from(cases)).toHaveLength(0)
  })

  it('creates one case when the same form is sent twice', async () => {
    const t = await createTestApp()
    const form = await publicReport(t)
    const first = await t.request('/lapor', { form })
    const second = await t.request('/lapor', { form })
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
    expect(await t.db.select().from(cases)).toHaveLength(1)
  })

  it('limits reports per phone number (5 a day) with 429 and Retry-After', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 5; i++) expect((await sendReport(t)).status).toBe(303)
    const refused = await sendReport(t)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(3600)
    expect(await t.db.select().from(cases)).toHaveLength(5)
    t.clock.advance({ hours: 25 })
    expect((await sendReport(t)).status).toBe(303)
  })

  it('limits reports per address (10 per 10 minutes), whatever the phone', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 10; i++) expect((await sendReport(t, { reporter_phone: `0812 0000 00${String(i).padStart(2, '0')}` })).status).toBe(303)
    const refused = await sendReport(t, { reporter_phone: '0813 1111 2222' })
    expect(refused.status).toBe(429)
    expect(await refused.text()).toMatch(/Terlalu banyak laporan/)
    t.clock.advance({ minutes: 11 })
    expect((await sendReport(t, { reporter_phone: '0813 1111 2222' })).status).toBe(303)
  })

  it('counts only accepted reports against the quota: invalid and honeypot posts from a shared address use none of it (issue 16)', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 12; i++) expect((await sendReport(t, { consent: '', reporter_phone: `0812 0000 00${String(i).padStart(2, '0')}` })).status).toBe(422)
    for (let i = 0; i < 12; i++) expect((await sendReport(t, { website: 'http://spam.example' })).status).toBe(200)
    for (let i = 0; i < 10; i++) expect((await sendReport(t, { reporter_phone: `0813 0000 00${String(i).padStart(2, '0')}` })).status).toBe(303)
    expect((await sendReport(t, { reporter_phone: '0813 1111 2222' })).status).toBe(429)
    expect(await t.db.select().from(cases)).toHaveLength(10)
  })

  it('refuses a body larger than the size limit', async () => {
    const t = await createTestApp()
    const res = await sendReport(t, { description: 'x'.repeat(400 * 1024) })
    expect(res.status).toBe(413)
    expect(await t.db.select().from(cases)).toHaveLength(0)
  })

  it('lets an operator mark an online report as spam (ditolak)', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    const facilitator = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanA] }))
    expect((await t.request(`/cases/${kase!.id}/spam`, { method: 'POST', cookie: facilitator, form: {} })).status).toBe(403)
    const operator = await t.addUser('operator')
    expect(await (await t.request(`/cases/${kase!.id}`, { cookie: await t.cookieFor(operator) })).text()).toContain('Tandai spam')
    const res = await t.request(`/cases/${kase!.id}/spam`, { method: 'POST', cookie: await t.cookieFor(operator), form: {} })
    expect(res.status).toBe(303)
    const [after] = await t.db.select().from(cases)
    expect(after!.status).toBe('ditolak')
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase!.id))
    expect(events.at(-1)).toMatchObject({ kind: 'spam', fromStatus: 'baru', toStatus: 'ditolak', actorId: operator.id })
  })
})

describe('tracking (/cek)', () => {
  it('shows status and timeline for the right pair, without personal data', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    await setStatus(t, kase!.id, 'ditangani')
    const res = await cek(t, '2611-0001', '7890')
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('Sedang ditangani')
    for (const secret of ['Siti', 'Kakek', 'Gg. Damai', 'pos ronda', 'catatan internal', '3456']) expect(html).not.toContain(secret)
  })

  it('answers a wrong pair the same way whether or not the ticket exists, and rate-limits both alike', async () => {
    const probe = async (ticket: string) => {
      const t = await createTestApp()
      await sendReport(t)
      const answers: { status: number; body: string; retry: string | null }[] = []
      for (let i = 0; i < 12; i++) {
        const res = await cek(t, ticket, '0000')
        answers.push({ status: res.status, body: await res.text(), retry: res.headers.get('Retry-After') })
      }
      return answers
    }
    const existing = await probe('2611-0001')
    const missing = await probe('2611-0999')
    expect(existing.map((a) => a.status)).toEqual(missing.map((a) => a.status))
    expect(existing.map((a) => a.retry)).toEqual(missing.map((a) => a.retry))
    // Bodies differ only in the ticket typed back into the form.
    expect(existing.map((a) => a.body.replaceAll('2611-0001', 'T'))).toEqual(missing.map((a) => a.body.replaceAll('2611-0999', 'T')))
    expect(existing.slice(0, 5).every((a) => a.status === 422)).toBe(true)
    expect(existing[5]!.status).toBe(429)
  })

  it('blocks the right pair too once a ticket has been guessed at too often', async () => {
    const t = await createTestApp()
    await sendReport(t)
    for (let i = 0; i < 10; i++) {
      await cek(t, '2611-0001', String(1000 + i))
      t.clock.advance({ seconds: 40 })
    }
    expect((await cek(t, '2611-0001', '7890')).status).toBe(429)
    t.clock.advance({ minutes: 16 })
    expect((await cek(t, '2611-0001', '7890')).status).toBe(200)
  })

  it('slows, never blocks, a ticket guessed at from many addresses; the reporter at another address still gets in (issue 16)', async () => {
    const t = await createTestApp({ config: { trustedProxy: { kind: 'forwarded', hops: 1 } } })
    await sendReport(t)
    const from = (address: string, hp4: string) => t.request('/cek', { form: { tiket: '2611-0001', hp4 }, headers: { 'X-Forwarded-For': address } })
    // A stranger at one address is refused after 10 wrong guesses, for that ticket only.
    for (let i = 0; i < 10; i++) {
      expect((await from('203.0.113.9', String(1000 + i))).status).toBe(422)
      t.clock.advance({ seconds: 40 })
    }
    expect((await from('203.0.113.9', '7890')).status).toBe(429)
    // The reporter elsewhere is held at most a few seconds, then sees the case.
    const first = await from('198.51.100.7', '7890')
    if (first.status === 429) {
      expect(Number(first.headers.get('Retry-After'))).toBeLessThanOrEqual(5 * 60)
      t.clock.advance({ seconds: Number(first.headers.get('Retry-After')) })
    }
    expect((await from('198.51.100.7', '7890')).status).toBe(200)
    // Guesses from a hundred addresses only ever slow the ticket: never more than five minutes.
    for (let i = 0; i < 100; i++) {
      const res = await from(`192.0.2.${i}`, String(2000 + i))
      if (res.status === 429) expect(Number(res.headers.get('Retry-After'))).toBeLessThanOrEqual(5 * 60)
      t.clock.advance({ seconds: Number(res.headers.get('Retry-After') ?? 0) })
    }
    const held = await from('198.51.100.7', '7890')
    t.clock.advance({ seconds: Number(held.headers.get('Retry-After') ?? 0) })
    expect((await from('198.51.100.7', '7890')).status).toBe(200)
  })

  it('reopens a case within 7 days after selesai: reporter words on the timeline, clock restarted', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    const supervisor = await t.addUser('supervisor')
    await setStatus(t, kase!.id, 'selesai')
    t.clock.advance({ days: 6 })
    const page = await (await cek(t, '2611-0001', '7890')).text()
    expect(page).toContain('Buka kembali laporan')
    const res = await t.request('/cek/buka-kembali', { form: { tiket: '2611-0001', hp4: '7890', alasan: 'Kakek masih di pos ronda.' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Dibuka kembali atas permintaan pelapor')
    const [after] = await t.db.select().from(cases)
    expect(after).toMatchObject({ status: 'baru', resolvedAt: null, dueAt: t.clock.now() + 24 * 3600_000 })
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase!.id))
    expect(events.at(-1)).toMatchObject({ kind: 'dibuka_kembali', fromStatus: 'selesai', toStatus: 'baru', note: 'Pelapor: Kakek masih di pos ronda.' })
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'case.reopen'))).toHaveLength(1)
    const inbox = await t.db.select().from(alerts).where(eq(alerts.caseId, kase!.id))
    expect(inbox).toMatchObject([{ userId: supervisor.id, note: 'Dibuka kembali oleh pelapor' }])
  })

  it('keeps the reopen promised on /cek after a supervisor closes the case, and reopening reopens it', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    await setStatus(t, kase!.id, 'selesai')
    t.clock.advance({ minutes: 20 })
    // Closed by the supervisor twenty minutes after resolution: the window still runs from selesai.
    await t.db.update(cases).set({ status: 'ditutup', closedAt: t.clock.now() }).where(eq(cases.id, kase!.id))
    t.clock.advance({ days: 5 })
    const page = await (await cek(t, '2611-0001', '7890')).text()
    expect(page).toContain('Buka kembali laporan')
    const res = await t.request('/cek/buka-kembali', { form: { tiket: '2611-0001', hp4: '7890', alasan: 'Bantuan belum sampai.' } })
    expect(res.status).toBe(200)
    const [after] = await t.db.select().from(cases)
    expect(after).toMatchObject({ status: 'baru', resolvedAt: null, closedAt: null })
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase!.id))
    expect(events.at(-1)).toMatchObject({ kind: 'dibuka_kembali', fromStatus: 'ditutup', toStatus: 'baru' })
  })

  it('does not reopen a closed case once 7 days have passed since its resolution', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    await setStatus(t, kase!.id, 'ditutup')
    t.clock.advance({ days: 7, minutes: 1 })
    expect(await (await cek(t, '2611-0001', '7890')).text()).not.toContain('Buka kembali laporan')
    const res = await t.request('/cek/buka-kembali', { form: { tiket: '2611-0001', hp4: '7890', alasan: 'Belum.' } })
    expect(res.status).toBe(422)
    expect((await t.db.select().from(cases))[0]!.status).toBe('ditutup')
  })

  it('does not reopen after 7 days', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    await setStatus(t, kase!.id, 'selesai')
    t.clock.advance({ days: 7, minutes: 1 })
    expect(await (await cek(t, '2611-0001', '7890')).text()).not.toContain('Buka kembali laporan')
    const res = await t.request('/cek/buka-kembali', { form: { tiket: '2611-0001', hp4: '7890', alasan: 'Belum.' } })
    expect(res.status).toBe(422)
    expect((await t.db.select().from(cases))[0]!.status).toBe('selesai')
  })
})

describe('satisfaction survey', () => {
  it('offers a one-use link on the tracking page once the case is closed', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    expect(await (await cek(t, '2611-0001', '7890')).text()).not.toContain('/survei/')
    await setStatus(t, kase!.id, 'ditutup')
    const link = /href="(\/survei\/[^"]+)"/.exec(await (await cek(t, '2611-0001', '7890')).text())![1]!
    expect((await t.request(link)).status).toBe(200)
    expect((await t.request(link.slice(0, -3) + 'AAA')).status).toBe(404)
    const partial = await t.request(link, { form: { u1: '4' } })
    expect(partial.status).toBe(422)
    const full = { u1: '4', u2: '3', u3: '4', u4: '4', u5: '3', u6: '4', u7: '4', u8: '3', u9: '3', saran: '' }
    const res = await t.request(link, { form: full })
    expect(res.status).toBe(303)
    expect(await (await t.request(link)).text()).toContain('sudah diisi')
    expect((await t.request(link, { form: { ...full, u1: '1' } })).status).toBe(303)
    const rows = await t.db.select().from(surveyResponses)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.u1).toBe(4)
    expect(await (await cek(t, '2611-0001', '7890')).text()).not.toContain('/survei/')
  })

  it('accepts only links signed with the survey secret: one signed with the pepper itself opens nothing (issue 16)', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    await setStatus(t, kase!.id, 'ditutup')
    const link = /href="(\/survei\/[^"]+)"/.exec(await (await cek(t, '2611-0001', '7890')).text())![1]!
    expect(link).toBe(await surveyPath(t.config.surveySecret, kase!))
    expect((await t.request(link)).status).toBe(200)
    expect((await t.request(await surveyPath(t.config.pepper, kase!))).status).toBe(404)
  })

  it('reports the IKM per month, category and kelurahan to supervisors', async () => {
    const t = await createTestApp()
    await sendReport(t)
    const [kase] = await t.db.select().from(cases)
    await t.db.insert(surveyResponses).values({ caseId: kase!.id, answeredAt: t.clock.now(), u1: 3, u2: 3, u3: 3, u4: 4, u5: 3, u6: 3, u7: 4, u8: 3, u9: 3 })
    const cookie = await t.cookieFor(await t.addUser('supervisor'))
    const html = await (await t.request('/satisfaction', { cookie })).text()
    // (3×7 + 4×2) / 9 × 25 = 80.56
    expect(html).toContain('80,56')
    expect(html).toContain('November')
    expect(html).toContain('Orang terlantar')
    expect((await t.request('/satisfaction', { cookie: await t.cookieFor(await t.addUser('operator')) })).status).toBe(403)
  })
})

describe('service information (/layanan)', () => {
  it('shows the default text, and the admin edit rendered safely', async () => {
    const t = await createTestApp()
    expect(await (await t.request('/layanan')).text()).toContain('1×24 jam')
    const admin = await t.cookieFor(await t.addUser('admin'))
    const res = await t.request('/admin/layanan', { cookie: admin, form: { markdown: '# Jam layanan\nSenin <b>x</b>\n\n[Hotline](tel:0561-123456) [x](javascript:alert(1))' } })
    expect(res.status).toBe(303)
    const html = await (await t.request('/layanan')).text()
    expect(html).toContain('<h2>Jam layanan</h2>')
    expect(html).toContain('Senin &lt;b&gt;x&lt;/b&gt;')
    expect(html).toContain('<a href="tel:0561-123456">Hotline</a>')
    expect(html).not.toContain('javascript:')
    expect((await t.request('/admin/layanan', { cookie: await t.cookieFor(await t.addUser('supervisor')), form: { markdown: 'x' } })).status).toBe(403)
  })
})
