import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { alerts, caseEvents, cases, partners, partnerUsers, referrals } from '../../worker/db/schema'
import { sweep } from '../../worker/jobs/sweep'
import { fieldError } from '../support/html'
import { buildFixture } from '../support/dashboard-fixture'

async function mitraOf(f: Awaited<ReturnType<typeof buildFixture>>, partnerId: number) {
  const user = await f.t.addUser('mitra')
  await f.t.db.insert(partnerUsers).values({ userId: user.id, partnerId })
  return { user, cookie: await f.t.cookieFor(user) }
}

describe('partners (mitra)', () => {
  it('see only the cases referred to their organisation, without NIK or reporter phone', async () => {
    const f = await buildFixture()
    const { cookie } = await mitraOf(f, f.partner.id)
    const list = await (await f.t.request('/mitra', { cookie })).text()
    expect(list).toContain(`/mitra/cases/${f.ids.c3}`)
    expect(list).not.toContain(`/mitra/cases/${f.ids.c4}`)
    const page = await f.t.request(`/mitra/cases/${f.ids.c3}`, { cookie })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Rawat inap, biaya lewat JPS Kesehatan.')
    expect(html).not.toContain('0812') // the reporter's phone from validReport
    expect(html).not.toContain('Budi Santoso') // the reporter
    for (const id of [f.ids.c1, f.ids.c2, f.ids.c4, f.ids.c5, 999_999]) expect((await f.t.request(`/mitra/cases/${id}`, { cookie })).status).toBe(404)
  })

  it('get 404 from every route outside /mitra, and for cases referred to another partner', async () => {
    const f = await buildFixture()
    const { cookie } = await mitraOf(f, f.partner.id)
    const paths = new Set<string>()
    for (const r of f.t.app.routes) {
      if (r.method === 'ALL' || r.path.includes('*') && r.path !== '/*') continue
      const path = r.path.replace(/:id(\{[^}]+\})?/g, String(f.ids.c3)).replace(/:[a-zA-Z]+(\{[^}]+\})?/g, '1')
      if (/^\/(mitra|login|logout|account|2fa|static|healthz|sw\.js|manifest\.webmanifest)\b/.test(path) || path === '/') continue
      paths.add(`${r.method} ${path}`)
    }
    expect(paths.size).toBeGreaterThan(30)
    for (const entry of paths) {
      const [method, path] = entry.split(' ') as [string, string]
      const res = await f.t.request(path, { cookie, method, ...(method === 'POST' ? { form: {} } : {}) })
      expect(res.status, entry).toBe(404)
    }
    const other = await f.t.db.insert((await import('../../worker/db/schema')).partners).values({ name: 'BAZNAS Kota Pontianak', partnerType: 'baznas', createdAt: 0 }).returning()
    const stranger = await mitraOf(f, other[0]!.id)
    expect((await f.t.request(`/mitra/cases/${f.ids.c3}`, { cookie: stranger.cookie })).status).toBe(404)
    expect((await f.t.request(`/mitra/cases/${f.ids.c3}/answer`, { cookie: stranger.cookie, form: { answer: 'diterima' } })).status).toBe(404)
  })

  it('record an answer as a timeline event and an alert to the facilitator; a refusal needs a reason', async () => {
    const f = await buildFixture()
    const { cookie } = await mitraOf(f, f.partner.id)
    const bad = await f.t.request(`/mitra/cases/${f.ids.c3}/answer`, { cookie, form: { answer: 'ditolak', note: '' } })
    expect(bad.status).toBe(422)
    const ok = await f.t.request(`/mitra/cases/${f.ids.c3}/answer`, { cookie, form: { answer: 'diterima', note: 'Kamar tersedia.' } })
    expect(ok.status).toBe(303)
    const events = await f.t.db.select().from(caseEvents).where(eq(caseEvents.caseId, f.ids.c3))
    expect(events.at(-1)).toMatchObject({ kind: 'jawaban_mitra', note: 'RSUD Sultan Syarif Mohamad Alkadrie: Diterima. Kamar tersedia.' })
    const inbox = await f.t.db.select().from(alerts).where(eq(alerts.userId, f.fb.id))
    expect(inbox.filter((a) => a.kind === 'jawaban_mitra')).toHaveLength(1)
    const [ref] = await f.t.db.select().from(referrals).where(eq(referrals.caseId, f.ids.c3))
    expect(ref!.partnerId).toBe(f.partner.id)
    expect(ref!.partnerName).toBe('RSUD Sultan Syarif Mohamad Alkadrie')
  })

  it('are managed by an admin, who creates the organisation and its users', async () => {
    const f = await buildFixture()
    const admin = await f.t.cookieFor(await f.t.addUser('admin'))
    // Deadlines in working hours (issue 24): the outcome may not be due before the answer.
    const bad = await f.t.request('/admin/partners', { cookie: admin, form: { name: 'LAZISMU Pontianak', partner_type: 'lazismu', contact: '', active: '1', accept_hours: '16', outcome_hours: '8' } })
    expect(bad.status).toBe(422)
    expect(fieldError(await bad.text(), 'outcome_hours')).toBe('Batas hasil tidak boleh lebih pendek dari batas jawaban.')
    const created = await f.t.request('/admin/partners', { cookie: admin, form: { name: 'LAZISMU Pontianak', partner_type: 'lazismu', contact: '', active: '1', accept_hours: '16', outcome_hours: '80' } })
    expect(created.status).toBe(303)
    expect(await f.t.db.select({ a: partners.acceptHours, o: partners.outcomeHours }).from(partners).where(eq(partners.name, 'LAZISMU Pontianak'))).toEqual([{ a: 16, o: 80 }])
    const path = created.headers.get('location')!
    const user = await f.t.request(`${path}/users`, { cookie: admin, form: { username: 'lazismu.ptk', display_name: 'Petugas LAZISMU' } })
    expect(user.status).toBe(200)
    expect(await user.text()).toContain('lazismu.ptk')
    expect((await f.t.request('/admin/partners', { cookie: f.sup })).status).toBe(403)
  })

  it('have deadlines in working hours: a missed answer reminds the partner, then tells the holder and supervisor, once each', async () => {
    const f = await buildFixture()
    const { user: mitra } = await mitraOf(f, f.partner.id)
    // Referred Tuesday 07:00 WIB, before office hours: 8 working hours run 08:00–16:00 that day, and 8 more to Wednesday 16:00.
    const [ref] = await f.t.db.select().from(referrals).where(eq(referrals.caseId, f.ids.c3))
    expect(ref).toMatchObject({ acceptDueAt: Date.parse('2026-11-24T16:00:00+07:00'), acceptEscalateAt: Date.parse('2026-11-25T16:00:00+07:00'), outcomeDueAt: Date.parse('2026-11-30T16:00:00+07:00') })
    const kinds = async (userId: number) => (await f.t.db.select().from(alerts).where(eq(alerts.userId, userId))).filter((a) => a.kind === 'tenggat_mitra').length
    const run = async (iso: string) => (await sweep(f.t.db, Date.parse(iso), { zone: 'Asia/Pontianak', channels: [] })).referralSteps
    expect(await run('2026-11-24T15:59:00+07:00')).toEqual([])
    expect(await run('2026-11-24T16:00:00+07:00')).toEqual([{ ticket: expect.any(String), step: 'accept_remind' }])
    expect(await run('2026-11-24T16:05:00+07:00')).toEqual([])
    expect([await kinds(mitra.id), await kinds(f.fb.id), await kinds(f.supervisor.id)]).toEqual([1, 0, 0])
    expect(await run('2026-11-25T16:00:00+07:00')).toEqual([{ ticket: expect.any(String), step: 'accept_escalate' }])
    expect([await kinds(mitra.id), await kinds(f.fb.id), await kinds(f.supervisor.id)]).toEqual([1, 1, 1])
    const timeline = (await f.t.db.select().from(caseEvents).where(eq(caseEvents.caseId, f.ids.c3))).filter((e) => e.kind === 'tenggat_mitra')
    expect(timeline.map((e) => e.note)).toEqual([
      'RSUD Sultan Syarif Mohamad Alkadrie belum menjawab rujukan (terima atau tolak), batas 24 Nov 2026 16.00 WIB. Pengingat dikirim ke mitra.',
      'RSUD Sultan Syarif Mohamad Alkadrie belum menjawab rujukan (terima atau tolak), batas 24 Nov 2026 16.00 WIB. Diteruskan ke pemegang kasus dan supervisor.',
    ])
    // An answer stops the answer's steps; the outcome's still come, until a result is reported.
    f.t.clock.set('2026-11-26T09:00:00+07:00')
    expect((await f.t.request(`/mitra/cases/${f.ids.c3}/answer`, { cookie: await f.t.cookieFor(mitra), form: { answer: 'diterima', note: '' } })).status).toBe(303)
    expect(await run('2026-11-30T16:00:00+07:00')).toEqual([{ ticket: expect.any(String), step: 'outcome_remind' }])
    expect(await kinds(mitra.id)).toBe(2)
    // The dashboard shows the partner's answer time (referred 24 Nov 07:00, answered 26 Nov 09:00) and the missed deadline.
    const kepala = await f.t.cookieFor(await f.t.addUser('kepala'))
    const dash = await (await f.t.request('/dashboard?from=2026-11-01&to=2026-11-30', { cookie: kepala })).text()
    const row = dash.slice(dash.indexOf('<td>RSUD Sultan Syarif Mohamad Alkadrie</td>'), dash.indexOf('</tr>', dash.indexOf('<td>RSUD Sultan Syarif Mohamad Alkadrie</td>')))
    expect([...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1])).toEqual(['RSUD Sultan Syarif Mohamad Alkadrie', '1', '1', '2 hari 2 jam', '–', '1'])
  })

  it('hand a declined referral back to its holder, with the reason on the timeline, and stop its deadlines', async () => {
    const f = await buildFixture()
    const { cookie } = await mitraOf(f, f.partner.id)
    expect((await f.t.request(`/mitra/cases/${f.ids.c3}/answer`, { cookie, form: { answer: 'ditolak', note: 'Kamar penuh.' } })).status).toBe(303)
    const [kase] = await f.t.db.select().from(cases).where(eq(cases.id, f.ids.c3))
    expect(kase).toMatchObject({ status: 'ditangani', assignedTo: f.fb.id })
    expect((await f.t.db.select().from(caseEvents).where(eq(caseEvents.caseId, f.ids.c3))).at(-1)).toMatchObject({ kind: 'dikembalikan_mitra', fromStatus: 'dirujuk', toStatus: 'ditangani', note: 'RSUD Sultan Syarif Mohamad Alkadrie: Ditolak. Kamar penuh.' })
    expect((await sweep(f.t.db, Date.parse('2026-12-30T16:00:00+07:00'), { zone: 'Asia/Pontianak', channels: [] })).referralSteps).toEqual([])
  })
})
