// A report whose kelurahan nobody knows yet (issue 17): filed with a landmark, triaged on the queue, routed once set.
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cases, kelurahan, userKelurahan, users } from '../../worker/db/schema'
import { unknownAreaCodes } from '../../worker/domain/unknown-area'
import { categoryId, createTestApp, kelurahanA, kelurahanB, kelurahanName, validReport } from '../support/app'
import { auditCount, caseRow, eventsOf, fileCase } from '../support/handling'
import { controlValue, fieldError } from '../support/html'

const unknown = unknownAreaCodes('61.71').kelurahan
const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }

async function setup() {
  const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
  const operator = await t.addUser('operator')
  const supervisor = await t.addUser('supervisor')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  return { t, operator, supervisor, fac, opCookie: await t.cookieFor(operator), supCookie: await t.cookieFor(supervisor) }
}

describe('kelurahan belum diketahui', () => {
  it('offers "belum diketahui" in the intake form without JavaScript and in every kelurahan search', async () => {
    const { t, opCookie } = await setup()
    const html = await (await t.request('/intake', { cookie: opCookie })).text()
    expect(html).toContain(`<option value="${unknown}">Belum diketahui (isi patokan lokasi)</option>`)
    const searched = await (await t.request('/intake/kelurahan?kelurahan_q=siantan', { cookie: opCookie })).text()
    expect(searched).toContain(`<option value="${unknown}">`)
    expect(searched).toContain('Siantan Hulu')
    expect(searched).not.toContain(await kelurahanName(t.db, kelurahanA))
  })

  it('refuses a report without a landmark, with the typed values back, and files it with one unassigned, due 24 h from receipt', async () => {
    const { t, opCookie } = await setup()
    const category = String(await categoryId(t.db, 'lansia-terlantar'))
    const form = validReport({ category, service_fields_for: category, kelurahan: unknown, landmark: '', address: 'Pinggir jalan arah pelabuhan' })
    const bad = await t.request('/intake', { cookie: opCookie, form })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(fieldError(badHtml, 'landmark')).toMatch(/^Kelurahan belum diketahui: isi patokan/)
    expect(controlValue(badHtml, 'kelurahan')).toBe(unknown)
    expect(controlValue(badHtml, 'address')).toBe('Pinggir jalan arah pelabuhan')
    expect(await t.db.select().from(cases)).toEqual([])

    const kase = await fileCase(t, opCookie, { kelurahan: unknown, landmark: 'depan warung kopi Asiang, dekat jembatan' })
    expect(kase).toMatchObject({ kelurahanCode: unknown, status: 'baru', assignedTo: null, landmark: 'depan warung kopi Asiang, dekat jembatan' })
    expect(kase.dueAt - kase.receivedAt).toBe(24 * 3600_000)
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: opCookie })).text()
    expect(page).toContain('Belum diketahui')
    // The dashboard counts it under its own name, not a code.
    const dashboard = await (await t.request('/dashboard', { cookie: await t.cookieFor(await t.addUser('kepala')) })).text()
    expect(dashboard).toContain('<th scope="row">Belum diketahui</th>')
  })

  it('lists such cases for the supervisor apart from the queue, with address and landmark, until the kelurahan is set', async () => {
    const { t, opCookie, supCookie } = await setup()
    const lost = await fileCase(t, opCookie, { kelurahan: unknown, address: 'Pinggir jalan arah pelabuhan', landmark: 'depan warung kopi Asiang' })
    const waiting = await fileCase(t, opCookie, { kelurahan: kelurahanB })
    const html = await (await t.request('/queue', { cookie: supCookie })).text()
    const triage = html.slice(html.indexOf('Kelurahan belum diketahui (1)'), html.indexOf('Antrean penugasan'))
    expect(triage).toContain(lost.ticket)
    expect(triage).toContain('Pinggir jalan arah pelabuhan')
    expect(triage).toContain('Patokan: depan warung kopi Asiang')
    expect(triage).toContain(`<form method="post" action="/cases/${lost.id}/kelurahan"`)
    expect(triage).not.toContain(waiting.ticket)
    // The queue below has the case with a known kelurahan only.
    const rest = html.slice(html.indexOf('Antrean penugasan'))
    expect(rest).toContain(waiting.ticket)
    expect(rest).not.toContain(lost.ticket)
    // The kepala sees the list but sets nothing.
    const kepala = await (await t.request('/queue', { cookie: await t.cookieFor(await t.addUser('kepala')) })).text()
    expect(kepala).toContain('Kelurahan belum diketahui (1)')
    expect(kepala).not.toContain('/kelurahan"')
  })

  it('routes the case to the kelurahan’s facilitator when the supervisor sets it (no JavaScript), with a timeline event; the due time stays', async () => {
    const { t, opCookie, supervisor, fac } = await setup()
    const lost = await fileCase(t, opCookie, { kelurahan: unknown, landmark: 'depan warung kopi Asiang' })
    t.clock.advance({ hours: 3 })
    const supCookie = await t.cookieFor(supervisor)
    const form = { version: String(lost.version), kelurahan: kelurahanA }
    const res = await t.request(`/cases/${lost.id}/kelurahan`, { cookie: supCookie, form })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/queue?located=${lost.ticket}`)
    expect(await caseRow(t, lost.id)).toMatchObject({ kelurahanCode: kelurahanA, status: 'ditugaskan', assignedTo: fac.id, version: lost.version + 1, dueAt: lost.dueAt, updatedAt: t.clock.now() })
    const events = await eventsOf(t, lost.id)
    expect(events.at(-1)).toMatchObject({ kind: 'kelurahan_ditetapkan', fromStatus: 'baru', toStatus: 'ditugaskan', note: `Kelurahan ditetapkan: ${await kelurahanName(t.db, kelurahanA)}. Diteruskan ke ${fac.displayName}.` })
    expect(await auditCount(t, lost.id, 'case.kelurahan_ditetapkan')).toBe(1)
    const after = await (await t.request(res.headers.get('Location')!, { cookie: supCookie })).text()
    expect(after).toContain(`Tersimpan: kelurahan kasus ${lost.ticket} ditetapkan.`)
    expect(after).not.toContain('Kelurahan belum diketahui (')
    expect(await (await t.request('/my-cases', { cookie: await t.cookieFor(fac) })).text()).toContain(lost.ticket)
    const timeline = await (await t.request(`/cases/${lost.id}`, { cookie: supCookie })).text()
    expect(timeline).toContain('Kelurahan ditetapkan')

    // Once set, it is set: the same form again is stale, a fresh one is refused.
    expect((await t.request(`/cases/${lost.id}/kelurahan`, { cookie: supCookie, form })).status).toBe(409)
    const again = await t.request(`/cases/${lost.id}/kelurahan`, { cookie: supCookie, form: { version: String(lost.version + 1), kelurahan: kelurahanB } })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Kelurahan kasus ini sudah ditetapkan.')
    expect((await caseRow(t, lost.id)).kelurahanCode).toBe(kelurahanA)
  })

  it('answers htmx with the queue list alone; a wrong choice comes back beside the field; with no facilitator the case waits in the queue', async () => {
    const { t, opCookie, supCookie } = await setup()
    const lost = await fileCase(t, opCookie, { kelurahan: unknown, landmark: 'depan warung kopi Asiang' })
    const bad = await t.request(`/cases/${lost.id}/kelurahan`, { cookie: supCookie, headers: partial, form: { version: String(lost.version), kelurahan: unknown } })
    expect(bad.status).toBe(422)
    const fragment = await bad.text()
    expect(fragment.startsWith('<div id="queue">')).toBe(true)
    expect(fieldError(fragment, `kelurahan-set-${lost.id}`)).toBe('Pilih kelurahan dari daftar.')
    expect(await caseRow(t, lost.id)).toEqual(lost)

    const ok = await t.request(`/cases/${lost.id}/kelurahan`, { cookie: supCookie, headers: partial, form: { version: String(lost.version), kelurahan: kelurahanB } })
    expect(ok.status).toBe(200)
    const body = await ok.text()
    expect(body.startsWith('<div id="queue">')).toBe(true)
    expect(body).toContain(`Tersimpan: kelurahan kasus ${lost.ticket} ditetapkan.`)
    // Nobody covers kelurahan B: still `baru`, now in the queue with an assign form.
    expect(await caseRow(t, lost.id)).toMatchObject({ kelurahanCode: kelurahanB, status: 'baru', assignedTo: null })
    expect(body).toContain(`action="/cases/${lost.id}/assign"`)
    expect((await eventsOf(t, lost.id)).at(-1)!.note).toContain('Belum ada fasilitator aktif di kelurahan ini')
  })

  it('lets only the supervisor set it, and only on a case it may see', async () => {
    const { t, opCookie, supCookie } = await setup()
    const lost = await fileCase(t, opCookie, { kelurahan: unknown, landmark: 'depan warung kopi Asiang' })
    const form = { version: String(lost.version), kelurahan: kelurahanA }
    for (const role of ['operator', 'fasilitator', 'kepala', 'admin'] as const) {
      const res = await t.request(`/cases/${lost.id}/kelurahan`, { cookie: await t.cookieFor(await t.addUser(role, { kelurahan: role === 'fasilitator' ? [kelurahanA] : [] })), form })
      expect(res.status, role).toBe(403)
    }
    expect((await t.request('/cases/999999/kelurahan', { cookie: supCookie, form })).status).toBe(404)
    expect(await caseRow(t, lost.id)).toEqual(lost)
  })

  it('keeps it out of the pickers where a real kelurahan is meant: facilitator coverage, demo facilitators, Open311', async () => {
    const t = await createTestApp()
    const admin = await t.cookieFor(await t.addUser('admin'))
    expect(await (await t.request('/admin/users/new', { cookie: admin })).text()).not.toContain(unknown)
    expect(await (await t.request('/admin/kelurahan', { cookie: admin })).text()).not.toContain('Belum diketahui')
    const res = await t.request('/admin/users', { cookie: admin, form: { username: 'fas-x', display_name: 'X', role: 'fasilitator', phone: '', email: '', kelurahan: unknown } })
    expect(res.status).toBe(422)
    expect(await t.db.select().from(users).where(eq(users.username, 'fas-x'))).toEqual([])
    expect(await (await t.request('/open311/v2/services/odgj.json')).text()).not.toContain(unknown)
    // The row itself is there (a database migrated before this change gets it at the next start).
    expect(await t.db.select({ name: kelurahan.name }).from(kelurahan).where(eq(kelurahan.code, unknown))).toEqual([{ name: 'Belum diketahui' }])
    expect(await t.db.select().from(userKelurahan).where(and(eq(userKelurahan.kelurahanCode, unknown)))).toEqual([])
  })
})
