import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { alerts, caseEvents, partnerUsers, referrals } from '../../worker/db/schema'
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
      if (/^\/(mitra|login|logout|account|2fa|static|healthz|sw\.js)\b/.test(path) || path === '/') continue
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
    const created = await f.t.request('/admin/partners', { cookie: admin, form: { name: 'LAZISMU Pontianak', partner_type: 'lazismu', contact: '', active: '1' } })
    expect(created.status).toBe(303)
    const path = created.headers.get('location')!
    const user = await f.t.request(`${path}/users`, { cookie: admin, form: { username: 'lazismu.ptk', display_name: 'Petugas LAZISMU' } })
    expect(user.status).toBe(200)
    expect(await user.text()).toContain('lazismu.ptk')
    expect((await f.t.request('/admin/partners', { cookie: f.sup })).status).toBe(403)
  })
})
