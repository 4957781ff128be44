import { and, count, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../worker/db/queries/dispatch'
import { openFileDb } from '../../worker/db/open-file'
import { caseServiceDetails, dispatches, vehicleCrew, vehicles } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB } from '../support/app'
import { eventsOf, fileCase } from '../support/handling'

async function setup() {
  const t = await createTestApp()
  const admin = await t.addUser('admin')
  const operator = await t.addUser('operator')
  const crew = await t.addUser('fasilitator', { kelurahan: [kelurahanB] })
  const adminCookie = await t.cookieFor(admin)
  const opCookie = await t.cookieFor(operator)
  const crewCookie = await t.cookieFor(crew)
  const res = await t.request('/admin/vehicles', { cookie: adminCookie, form: { name: 'TRC 1', plate: 'kb 1234 xy', kind: 'trc', base: 'Kantor Dinsos', active: '1', crew: String(crew.id) } })
  expect(res.status).toBe(303)
  const [vehicle] = await t.db.select().from(vehicles).where(eq(vehicles.plate, 'KB 1234 XY'))
  const category = String(await categoryId(t.db, 'laras-antar-jemput'))
  const newCase = () => fileCase(t, opCookie, { category, person_name: 'Ibu ODGJ di pasar' })
  const dispatch = (caseId: number, cookie = opCookie) => t.request(`/cases/${caseId}/dispatch`, { cookie, form: { vehicle: String(vehicle!.id), destination: 'RSJ Sungai Bangkong' } })
  return { t, admin, operator, crew, adminCookie, opCookie, crewCookie, vehicle: vehicle!, newCase, dispatch }
}

const activeCount = async (t: Awaited<ReturnType<typeof setup>>['t'], vehicleId: number) => {
  const [row] = await t.db.select({ n: count() }).from(dispatches).where(and(eq(dispatches.vehicleId, vehicleId), inArray(dispatches.status, ['dikirim', 'berangkat', 'tiba'])))
  return row!.n
}

describe('service categories with their own fields', () => {
  it('renders the extra fields of the category on the case and validates them from the list', async () => {
    const { t, opCookie, newCase } = await setup()
    const kase = await newCase()
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: opCookie })).text()
    expect(page).toContain('Rincian layanan')
    expect(page).toContain('name="x_jemput"')
    const bad = await t.request(`/cases/${kase.id}/service-details`, { cookie: opCookie, form: { x_jemput: 'Pasar Flamboyan', x_antar: '' } })
    expect(bad.status).toBe(422)
    const again = await bad.text()
    expect(again).toContain('Alamat tujuan wajib diisi.')
    expect(again).toContain('value="Pasar Flamboyan"')
    const ok = await t.request(`/cases/${kase.id}/service-details`, { cookie: opCookie, form: { x_jemput: 'Pasar Flamboyan', x_antar: 'RSJ Sungai Bangkong', x_pendamping: '' } })
    expect(ok.status).toBe(303)
    const [row] = await t.db.select().from(caseServiceDetails).where(eq(caseServiceDetails.caseId, kase.id))
    expect(JSON.parse(row!.values)).toEqual({ jemput: 'Pasar Flamboyan', antar: 'RSJ Sungai Bangkong' })
  })

  it('lets an admin change a category’s fields', async () => {
    const { t, adminCookie, opCookie, newCase } = await setup()
    const id = await categoryId(t.db, 'laras-antar-jemput')
    expect((await t.request(`/admin/service-fields/${id}`, { cookie: adminCookie, form: { fields: 'Bad Key | x' } })).status).toBe(422)
    expect((await t.request(`/admin/service-fields/${id}`, { cookie: adminCookie, form: { fields: 'kursi_roda | Perlu kursi roda | pilihan | wajib | Ya, Tidak' } })).status).toBe(303)
    const kase = await newCase()
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: opCookie })).text()
    expect(page).toContain('Perlu kursi roda')
    expect(page).not.toContain('name="x_jemput"')
  })
})

describe('dispatch', () => {
  it('sends a free vehicle to a case and refuses to send it to a second one while it is out', async () => {
    const { t, opCookie, vehicle, newCase, dispatch } = await setup()
    const first = await newCase()
    const second = await newCase()
    expect(await (await t.request('/dispatch', { cookie: opCookie })).text()).toContain('Bebas')
    expect((await dispatch(first.id)).status).toBe(303)
    const board = await (await t.request('/dispatch', { cookie: opCookie })).text()
    expect(board).toContain(first.ticket)
    expect(board).toContain('<strong>0</strong> dari 1')

    const refused = await dispatch(second.id)
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('sedang bertugas atau tidak aktif')
    expect(await activeCount(t, vehicle.id)).toBe(1)
    expect((await eventsOf(t, first.id)).map((e) => e.kind)).toContain('dispatch')

    // The database itself refuses a second active dispatch, whatever the app checked before.
    await expect(t.db.insert(dispatches).values({ caseId: second.id, vehicleId: vehicle.id, status: 'dikirim', dispatchedAt: t.clock.now() })).rejects.toThrow()
  })

  it('lets exactly one of two concurrent dispatches of one vehicle through', async () => {
    const { t, vehicle, newCase, dispatch } = await setup()
    const [a, b] = [await newCase(), await newCase()]
    const statuses = (await Promise.all([dispatch(a.id), dispatch(b.id)])).map((r) => r.status).sort()
    expect(statuses[0]).toBe(303)
    expect([409, 422]).toContain(statuses[1])
    expect(await activeCount(t, vehicle.id)).toBe(1)

    // Two connections racing past the app's check: the partial unique index decides.
    const [c, d] = [await newCase(), await newCase()]
    await t.request(`/dispatches/${(await t.db.select().from(dispatches))[0]!.id}/cancel`, { cookie: await t.cookieFor(await t.addUser('supervisor')), form: {} })
    expect(await activeCount(t, vehicle.id)).toBe(0)
    const other = await openFileDb(`file:${t.path}`)
    try {
      const now = t.clock.now()
      const results = await Promise.all([
        createDispatch(t.db, { caseId: c.id, vehicleId: vehicle.id, destination: null, actorId: 1, now, label: 'x' }),
        createDispatch(other, { caseId: d.id, vehicleId: vehicle.id, destination: null, actorId: 1, now, label: 'x' }),
      ])
      expect(results.map((r) => r.ok).sort()).toEqual([false, true])
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'busy' })
    } finally {
      other.$client.close()
    }
    expect(await activeCount(t, vehicle.id)).toBe(1)
  })

  it('lets the crew mark departed, arrived and finished in order, then the vehicle is free again', async () => {
    const { t, crewCookie, operator, vehicle, newCase, dispatch } = await setup()
    const kase = await newCase()
    expect((await dispatch(kase.id)).status).toBe(303)
    const [d] = await t.db.select().from(dispatches)
    const crewPage = await (await t.request('/crew', { cookie: crewCookie })).text()
    expect(crewPage).toContain(kase.ticket)
    expect(crewPage).toContain('RSJ Sungai Bangkong')
    expect((await t.request(`/dispatches/${d!.id}/finish`, { cookie: crewCookie, form: {} })).status).toBe(409)
    const someoneElse = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanA] }))
    expect((await t.request(`/dispatches/${d!.id}/depart`, { cookie: someoneElse, form: {} })).status).toBe(403)
    for (const step of ['depart', 'arrive', 'finish']) {
      t.clock.advance({ minutes: 15 })
      expect((await t.request(`/dispatches/${d!.id}/${step}`, { cookie: crewCookie, form: {} })).status).toBe(303)
    }
    const [done] = await t.db.select().from(dispatches).where(eq(dispatches.id, d!.id))
    expect(done).toMatchObject({ status: 'selesai', departedAt: d!.dispatchedAt + 15 * 60_000, arrivedAt: d!.dispatchedAt + 30 * 60_000, finishedAt: d!.dispatchedAt + 45 * 60_000 })
    expect((await eventsOf(t, kase.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['dispatch', 'dispatch_depart', 'dispatch_arrive', 'dispatch_finish']))
    expect(await (await t.request('/crew', { cookie: crewCookie })).text()).not.toContain(kase.ticket)
    expect(await activeCount(t, vehicle.id)).toBe(0)
    const fresh = await t.cookieFor(operator)
    expect(await (await t.request('/dispatch', { cookie: fresh })).text()).toContain('Bebas')
    expect((await dispatch((await fileCase(t, fresh)).id, fresh)).status).toBe(303)
  })

  it('keeps crews in the database, replaced on every save', async () => {
    const { t, adminCookie, vehicle, crew } = await setup()
    const second = await t.addUser('operator')
    expect((await t.request(`/admin/vehicles/${vehicle.id}`, { cookie: adminCookie, body: new URLSearchParams([['name', 'TRC 1'], ['plate', 'KB 1234 XY'], ['kind', 'trc'], ['active', '1'], ['crew', String(second.id)]]), method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(303)
    const rows = await t.db.select().from(vehicleCrew).where(eq(vehicleCrew.vehicleId, vehicle.id))
    expect(rows.map((r) => r.userId)).toEqual([second.id])
    expect(rows.map((r) => r.userId)).not.toContain(crew.id)
    expect((await t.request('/admin/vehicles', { cookie: adminCookie, form: { name: 'TRC 2', plate: 'KB 1234 XY', kind: 'trc', active: '1' } })).status).toBe(422)
  })
})

describe('kelurahan coordination contacts', () => {
  it('are kept by an admin and shown on the kelurahan’s cases with call and WhatsApp links', async () => {
    const { t, adminCookie, opCookie, newCase } = await setup()
    const add = (form: Record<string, string>) => t.request('/admin/kelurahan-contacts', { cookie: adminCookie, form: { kelurahan: kelurahanA, ...form } })
    expect((await add({ role: 'babinsa', name: 'Serda Agus', phone: '0812-1111-2222' })).status).toBe(303)
    expect((await add({ role: 'ketua_rt', name: 'Pak Harun', phone: '081233334444', unit: 'RT 03 / RW 12' })).status).toBe(303)
    expect((await add({ role: 'lurah', name: 'Bu Lurah', phone: '12' })).status).toBe(422)
    const page = await (await t.request(`/cases/${(await newCase()).id}`, { cookie: opCookie })).text()
    expect(page).toContain('Serda Agus')
    expect(page).toContain('href="tel:+6281211112222"')
    expect(page).toContain('href="https://wa.me/6281211112222"')
    expect(page).toContain('RT 03 / RW 12')
    const elsewhere = await fileCase(t, opCookie, { kelurahan: kelurahanB })
    expect(await (await t.request(`/cases/${elsewhere.id}`, { cookie: opCookie })).text()).not.toContain('Serda Agus')
  })
})

describe('who may use the vehicles', () => {
  it('checks the role on every new route', async () => {
    const { t, vehicle, newCase, dispatch, opCookie } = await setup()
    const kase = await newCase()
    expect((await dispatch(kase.id)).status).toBe(303)
    const [d] = await t.db.select().from(dispatches)
    const cookies = Object.fromEntries(await Promise.all((['operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'] as const).map(async (r) => [r, await t.cookieFor(await t.addUser(r, { kelurahan: r === 'fasilitator' ? [kelurahanA] : [] }))] as const)))
    const expectStatus = async (method: 'GET' | 'POST', path: string, allowed: string[]) => {
      for (const [role, cookie] of Object.entries(cookies)) {
        const res = method === 'GET' ? await t.request(path, { cookie }) : await t.request(path, { cookie, form: {} })
        if (allowed.includes(role)) expect([200, 303, 409, 422], `${role} ${method} ${path}`).toContain(res.status)
        else expect(res.status, `${role} ${method} ${path}`).toBe(403)
      }
      const anon = method === 'GET' ? await t.request(path) : await t.request(path, { form: {} })
      expect(anon.status).toBe(method === 'GET' ? 303 : 401)
    }
    await expectStatus('GET', '/dispatch', ['operator', 'supervisor', 'kepala', 'admin'])
    await expectStatus('GET', '/crew', ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin'])
    await expectStatus('POST', `/cases/${kase.id}/service-details`, ['operator', 'fasilitator', 'supervisor', 'admin'])
    await expectStatus('POST', `/cases/${kase.id}/dispatch`, ['operator', 'supervisor', 'admin'])
    // Crew steps: staff get past the role check, then only the vehicle's crew (and supervisors) on.
    for (const role of ['operator', 'fasilitator', 'kepala', 'admin']) expect((await t.request(`/dispatches/${d!.id}/depart`, { cookie: cookies[role], form: {} })).status).toBe(403)
    for (const role of ['asisten', 'walikota']) expect((await t.request(`/dispatches/${d!.id}/depart`, { cookie: cookies[role], form: {} })).status).toBe(403)
    expect((await t.request(`/dispatches/${d!.id}/depart`, { form: {} })).status).toBe(401)
    for (const path of ['/admin/vehicles', '/admin/vehicles/new', `/admin/vehicles/${vehicle.id}`, '/admin/kelurahan-contacts', '/admin/shelters', '/admin/service-fields']) await expectStatus('GET', path, ['admin'])
    for (const path of ['/admin/vehicles', `/admin/vehicles/${vehicle.id}`, '/admin/kelurahan-contacts', '/admin/kelurahan-contacts/1/delete', '/admin/shelters', '/admin/shelters/1', `/admin/service-fields/${kase.categoryId}`]) await expectStatus('POST', path, ['admin'])
    await expectStatus('POST', `/dispatches/${d!.id}/cancel`, ['operator', 'supervisor', 'admin'])
    // A facilitator of another area cannot reach the case's forms at all.
    const outsider = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanB] }))
    expect((await t.request(`/cases/${kase.id}/service-details`, { cookie: outsider, form: {} })).status).toBe(404)
    expect(opCookie).toBeTruthy()
  })
})
