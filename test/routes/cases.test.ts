import { and, count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, cases } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { fileCase, forceStatus } from '../support/handling'

const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }

/** Tickets in the order the list shows them. */
function ticketsIn(html: string): string[] {
  return [...html.matchAll(/<a class="nowrap" href="\/cases\/\d+">(\d{4}-\d{4})<\/a>/g)].map((m) => m[1]!)
}

async function supervisorApp(now?: string) {
  const t = await createTestApp(now ? { now } : {})
  const supervisor = await t.addUser('supervisor')
  return { t, supervisor, cookie: await t.cookieFor(supervisor) }
}

async function list(t: TestApp, cookie: string, query = '') {
  const res = await t.request(`/cases${query}`, { cookie })
  expect(res.status).toBe(200)
  return ticketsIn(await res.text())
}

describe('case list filters', () => {
  it('filters by status, kelurahan and category', async () => {
    const { t, cookie } = await supervisorApp()
    const a = await fileCase(t, cookie)
    const b = await fileCase(t, cookie, { kelurahan: kelurahanB })
    const c = await fileCase(t, cookie, { category: String(await categoryId(t.db, 'odgj')) })
    await t.db.update(cases).set({ status: 'selesai' }).where(eq(cases.id, c.id))
    expect(await list(t, cookie)).toEqual([c.ticket, b.ticket, a.ticket])
    expect(await list(t, cookie, '?status=selesai')).toEqual([c.ticket])
    expect(await list(t, cookie, '?status=baru')).toEqual([b.ticket, a.ticket])
    expect(await list(t, cookie, `?kelurahan=${kelurahanB}`)).toEqual([b.ticket])
    expect(await list(t, cookie, `?category=${await categoryId(t.db, 'odgj')}`)).toEqual([c.ticket])
    expect(await list(t, cookie, `?status=baru&kelurahan=${kelurahanA}`)).toEqual([a.ticket])
  })

  it('filters cases past their target that are still open', async () => {
    const { t, supervisor, cookie } = await supervisorApp('2026-11-24T09:00:00+07:00')
    const early = await fileCase(t, cookie)
    const resolvedEarly = await fileCase(t, cookie)
    await t.db.update(cases).set({ status: 'selesai', resolvedAt: t.clock.now() }).where(eq(cases.id, resolvedEarly.id))
    t.clock.advance({ hours: 20 })
    const later = await fileCase(t, await t.cookieFor(supervisor))
    t.clock.advance({ hours: 5 })
    const now = await t.cookieFor(supervisor)
    expect(await list(t, now, '?overdue=1')).toEqual([early.ticket])
    expect(await list(t, now)).toEqual([later.ticket, resolvedEarly.ticket, early.ticket])
  })

  it('finds a case by ticket, name, NIK or phone', async () => {
    const { t, cookie } = await supervisorApp()
    const a = await fileCase(t, cookie, { person_name: 'Siti Rahmah', reporter_name: 'Andi', person_nik: '6171011508900002', reporter_phone: '0812 1111 2222' })
    const b = await fileCase(t, cookie, { person_name: 'Pak Darman', reporter_name: 'Bu Sari', reporter_phone: '0813 5555 6666' })
    expect(await list(t, cookie, `?q=${b.ticket}`)).toEqual([b.ticket])
    expect(await list(t, cookie, '?q=rahmah')).toEqual([a.ticket])
    expect(await list(t, cookie, '?q=bu+sari')).toEqual([b.ticket])
    expect(await list(t, cookie, '?q=6171-0115-0890-0002')).toEqual([a.ticket])
    expect(await list(t, cookie, '?q=0813-5555-6666')).toEqual([b.ticket])
    expect(await list(t, cookie, '?q=%2B6281211112222')).toEqual([a.ticket])
    expect(await list(t, cookie, '?q=tidak+ada')).toEqual([])
  })

  it('treats % and _ in a search as plain characters', async () => {
    const { t, cookie } = await supervisorApp()
    const percent = await fileCase(t, cookie, { person_name: 'Diskon 100% Lansia' })
    await fileCase(t, cookie, { person_name: 'Pak Ahmad' })
    expect(await list(t, cookie, '?q=%25')).toEqual([percent.ticket])
    expect(await list(t, cookie, '?q=_')).toEqual([])
    expect(await list(t, cookie, '?q=P_k')).toEqual([])
    expect(await list(t, cookie, '?q=%5C')).toEqual([])
  })

  it('shows 25 cases per page, newest first', async () => {
    const { t, supervisor } = await supervisorApp()
    const tickets: string[] = []
    for (let i = 0; i < 27; i++) {
      t.clock.advance({ minutes: 1 })
      tickets.push((await fileCase(t, await t.cookieFor(supervisor))).ticket)
    }
    const now = await t.cookieFor(supervisor)
    const first = await (await t.request('/cases', { cookie: now })).text()
    expect(ticketsIn(first)).toEqual(tickets.slice(2).reverse())
    expect(first).toContain('href="/cases?page=2"')
    const second = await (await t.request('/cases?page=2', { cookie: now })).text()
    expect(ticketsIn(second)).toEqual([tickets[1], tickets[0]])
    expect(second).not.toContain('page=3')
    expect(second).toContain('href="/cases"')
  })

  it('keeps the filters in the page links', async () => {
    const { t, supervisor } = await supervisorApp()
    for (let i = 0; i < 26; i++) await fileCase(t, await t.cookieFor(supervisor), { kelurahan: kelurahanB })
    const html = await (await t.request(`/cases?kelurahan=${kelurahanB}&status=baru`, { cookie: await t.cookieFor(supervisor) })).text()
    expect(html).toContain(`href="/cases?status=baru&amp;kelurahan=${kelurahanB}&amp;page=2"`)
  })

  it('shows the time left to target, and how late a case is', async () => {
    const { t, supervisor, cookie } = await supervisorApp('2026-11-24T09:00:00+07:00')
    await fileCase(t, cookie)
    expect(await (await t.request('/cases', { cookie })).text()).toContain('24 Nov 2026 09.00 WIB<br/><span class="due">sisa 24 jam</span>')
    t.clock.advance({ hours: 20, minutes: 30 })
    expect(await (await t.request('/cases', { cookie: await t.cookieFor(supervisor) })).text()).toContain('<span class="due">sisa 3 jam 30 menit</span>')
    t.clock.advance({ hours: 5 })
    expect(await (await t.request('/cases', { cookie: await t.cookieFor(supervisor) })).text()).toContain('<span class="late">terlambat 1 jam 30 menit</span>')
  })

  it('stops the clock at resolution: a finished case shows whether it was on time, never time left', async () => {
    const { t, supervisor, cookie } = await supervisorApp('2026-11-24T09:00:00+07:00')
    const kase = await fileCase(t, cookie)
    t.clock.advance({ hours: 2 })
    await forceStatus(t, kase.id, 'selesai', supervisor.id)
    t.clock.advance({ hours: 40 })
    const detail = await (await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(supervisor) })).text()
    expect(detail).toContain('<span class="due">selesai tepat waktu</span>')
    expect(detail).not.toMatch(/sisa \d|terlambat \d/)
  })
})

describe('case list and htmx', () => {
  it('answers an htmx partial request with the page body without the layout, and a normal request with the page', async () => {
    const { t, cookie } = await supervisorApp()
    const kase = await fileCase(t, cookie)
    const fragment = await t.request('/cases?status=baru', { cookie, headers: partial })
    const body = await fragment.text()
    expect(body.startsWith('<h1>Kasus</h1>')).toBe(true)
    expect(body).toContain(kase.ticket)
    expect(body).not.toContain('<html')
    expect(fragment.headers.get('Vary')).toMatch(/HX-Request, HX-Request-Type/)

    const full = await t.request('/cases?status=baru', { cookie })
    const page = await full.text()
    expect(page.startsWith('<!doctype html>')).toBe(true)
    expect(page).toContain('<form method="get" action="/cases" class="filters">')
    expect(page).toContain('<div id="case-results">')
    expect(full.headers.get('Vary')).toMatch(/HX-Request, HX-Request-Type/)
  })

  it('sends the whole page to an htmx history restore and to a non-partial htmx request', async () => {
    const { t, cookie } = await supervisorApp()
    const restore = await t.request('/cases', { cookie, headers: { ...partial, 'HX-History-Restore-Request': 'true' } })
    expect((await restore.text()).startsWith('<!doctype html>')).toBe(true)
    const boosted = await t.request('/cases', { cookie, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'full' } })
    expect((await boosted.text()).startsWith('<!doctype html>')).toBe(true)
  })
})

describe('case page', () => {
  it('shows the people, place, timeline and target in Pontianak time (WIB)', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    const operator = await t.addUser('operator')
    const facilitator = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const kase = await fileCase(t, await t.cookieFor(operator), { person_nik: '6171011508900002', person_name: 'Nenek Aminah', reporter_name: 'Budi Santoso' })
    t.clock.advance({ hours: 2 })
    const res = await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(operator) })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`Kasus ${kase.ticket}`)
    expect(html).toContain('Nenek Aminah')
    expect(html).toContain('6171011508900002')
    expect(html).toContain('Budi Santoso')
    expect(html).toContain('+6281234567890')
    expect(html).toContain('Benuamelayu Darat, Kec. Pontianak Selatan')
    expect(html).toContain(facilitator.displayName)
    expect(html).toContain('25 Nov 2026 09.00 WIB · <span class="due">sisa 22 jam</span>')
    expect(html).toContain('24 Nov 2026 09.00 WIB lewat Telepon')
    expect(html).toMatch(/<ol class="timeline" id="timeline"><li><strong>24 Nov 2026 09.00 WIB<\/strong> · Laporan diterima dan ditugaskan ke fasilitator<span class="muted"> · Uji operator-/)
  })

  it('confirms a new case with its ticket after the intake redirect', async () => {
    const { t, cookie } = await supervisorApp()
    const kase = await fileCase(t, cookie)
    const html = await (await t.request(`/cases/${kase.id}?baru=1`, { cookie })).text()
    expect(html).toContain(`Laporan tersimpan dengan nomor tiket <strong>${kase.ticket}</strong>`)
  })

  it('answers 404 for a case that does not exist', async () => {
    const { t, cookie } = await supervisorApp()
    expect((await t.request('/cases/999', { cookie })).status).toBe(404)
    expect((await t.request('/cases/abc', { cookie })).status).toBe(404)
  })
})

describe('facilitator scope', () => {
  it('answers 404, not 403, for a case of another kelurahan and lists only their own', async () => {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    const own = await fileCase(t, operator, { kelurahan: kelurahanA, person_name: 'Warga Sendiri' })
    const other = await fileCase(t, operator, { kelurahan: kelurahanB, person_name: 'Warga Lain', person_nik: '6171011508900002' })
    const cookie = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanA] }))

    expect((await t.request(`/cases/${own.id}`, { cookie })).status).toBe(200)
    const denied = await t.request(`/cases/${other.id}`, { cookie })
    expect(denied.status).toBe(404)
    expect(await denied.text()).not.toContain('Warga Lain')
    // The same answer as for a case that does not exist.
    const missing = await t.request('/cases/99999', { cookie })
    expect(missing.status).toBe(404)
    expect(await (await t.request(`/cases/${other.id}`, { cookie })).text()).toBe(await missing.text())

    expect(await list(t, cookie)).toEqual([own.ticket])
    expect(await list(t, cookie, `?kelurahan=${kelurahanB}`)).toEqual([])
    expect(await list(t, cookie, `?q=${other.ticket}`)).toEqual([])
    expect(await list(t, cookie, '?q=6171011508900002')).toEqual([])
    const page = await (await t.request('/cases', { cookie })).text()
    expect(page).not.toContain('Warga Lain')
    expect(page).not.toContain(`<option value="${kelurahanB}"`)
  })

  it('shows a facilitator without any kelurahan no cases at all', async () => {
    const t = await createTestApp()
    await fileCase(t, await t.cookieFor(await t.addUser('operator')))
    const cookie = await t.cookieFor(await t.addUser('fasilitator'))
    expect(await list(t, cookie)).toEqual([])
  })

  it('writes no read audit for a refused case', async () => {
    const t = await createTestApp()
    const other = await fileCase(t, await t.cookieFor(await t.addUser('operator')), { kelurahan: kelurahanB })
    const cookie = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanA] }))
    await t.request(`/cases/${other.id}`, { cookie })
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'case.read'))).toEqual([])
  })
})

describe('audit of case reads', () => {
  it('writes exactly one case.read entry with who, when and which case per reading', async () => {
    const { t, supervisor, cookie } = await supervisorApp()
    const kase = await fileCase(t, cookie)
    await t.request('/cases', { cookie })
    const reads = () => t.db.select().from(auditLog).where(and(eq(auditLog.action, 'case.read'), eq(auditLog.caseId, kase.id)))
    expect(await reads()).toEqual([])
    t.clock.advance({ minutes: 3 })
    await t.request(`/cases/${kase.id}`, { cookie })
    expect(await reads()).toMatchObject([{ actorId: supervisor.id, caseId: kase.id, at: t.clock.now() }])
    await t.request(`/cases/${kase.id}`, { cookie })
    expect(await reads()).toHaveLength(2)
  })

  it('refuses to update or delete audit entries', async () => {
    const { t, cookie } = await supervisorApp()
    const kase = await fileCase(t, cookie)
    await t.request(`/cases/${kase.id}`, { cookie })
    await expect(t.db.$client.execute('UPDATE audit_log SET actor_id = NULL')).rejects.toThrow(/audit_log is append-only/)
    await expect(t.db.$client.execute('DELETE FROM audit_log')).rejects.toThrow(/audit_log is append-only/)
    await expect(t.db.$client.execute("UPDATE audit_log SET action = 'x' WHERE action = 'case.read'")).rejects.toThrow(/append-only/)
    const [{ n }] = await t.db.select({ n: count() }).from(auditLog)
    expect(n).toBe(2) // case.create and case.read
  })
})

describe('case list access', () => {
  it('sends an anonymous visitor to sign in', async () => {
    const t = await createTestApp()
    const res = await t.request('/cases/1')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/login?next=%2Fcases%2F1')
  })

  for (const role of ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin'] as const) {
    it(`opens the case list to a ${role}`, async () => {
      const t = await createTestApp()
      const cookie = await t.cookieFor(await t.addUser(role, { kelurahan: [kelurahanA] }))
      expect((await t.request('/cases', { cookie })).status).toBe(200)
    })
  }
})
