import { and, count, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../worker/db/queries/dispatch'
import { openFileDb } from '../../worker/db/open-file'
import { alerts, caseServiceDetails, dispatches, escalations, shelterStays, shelters, vehicleCrew, vehicles } from '../../worker/db/schema'
import { sweep } from '../../worker/jobs/sweep'
import { categoryId, createTestApp, kelurahanA, kelurahanB, validReport } from '../support/app'
import { caseRow, eventsOf, fileCase } from '../support/handling'

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
        createDispatch(t.db, { caseId: c.id, vehicleId: vehicle.id, destination: null, actorId: 1, now, label: 'x', start: null }),
        createDispatch(other, { caseId: d.id, vehicleId: vehicle.id, destination: null, actorId: 1, now, label: 'x', start: null }),
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
      const form: Record<string, string> = step === 'finish' ? { result: 'tidak_ditemukan' } : {}
      expect((await t.request(`/dispatches/${d!.id}/${step}`, { cookie: crewCookie, form })).status).toBe(303)
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

describe('a trip moves its case (issue 17)', () => {
  /** An ambulance request filed by the operator and sent the car, then driven to the end of its trip. */
  async function tripToEnd(s: Awaited<ReturnType<typeof setup>>, overrides: Record<string, string> = {}) {
    const { t, crewCookie } = s
    const opCookie = await t.cookieFor(s.operator)
    const kase = await fileCase(t, opCookie, { category: String(await categoryId(t.db, 'ambulans')), urgency: 'darurat', ...overrides })
    expect((await s.dispatch(kase.id, opCookie)).status).toBe(303)
    const [d] = await t.db.select().from(dispatches).where(eq(dispatches.caseId, kase.id))
    for (const step of ['depart', 'arrive']) {
      t.clock.advance({ minutes: 20 })
      expect((await t.request(`/dispatches/${d!.id}/${step}`, { cookie: crewCookie, form: {} })).status).toBe(303)
    }
    t.clock.advance({ minutes: 20 })
    const finish = (form: Record<string, string>) => t.request(`/dispatches/${d!.id}/finish`, { cookie: crewCookie, form })
    return { kase, dispatchId: d!.id, finish }
  }

  it('starts the case’s handling at dispatch, shows the crew’s steps on its timeline, and settles it with the crew’s result: no false alarm', async () => {
    const s = await setup()
    const { t } = s
    const { kase, finish } = await tripToEnd(s, { kelurahan: kelurahanB })
    expect(kase.status).toBe('ditugaskan')
    expect(await caseRow(t, kase.id)).toMatchObject({ status: 'ditangani', version: kase.version + 1 })
    expect((await eventsOf(t, kase.id)).find((e) => e.kind === 'dispatch')).toMatchObject({ fromStatus: 'ditugaskan', toStatus: 'ditangani' })
    expect((await finish({ result: 'rumah_sakit', note: 'Diterima IGD RSUD Soedarso' })).status).toBe(303)
    const done = await caseRow(t, kase.id)
    expect(done).toMatchObject({ status: 'selesai', outcome: 'diserahkan_rs', resolvedAt: t.clock.now(), handleMinutes: 60 })
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(s.operator) })).text()
    for (const text of ['Kendaraan dikirim', 'Kendaraan berangkat', 'Kendaraan tiba di lokasi', 'Tugas kendaraan selesai', 'Diserahkan ke rumah sakit', 'Diterima IGD RSUD Soedarso']) expect(page).toContain(text)

    // Hours past the ambulance's 2-hour target: the settled case alerts nobody.
    t.clock.advance({ hours: 30 })
    await sweep(t.db, t.clock.now(), { zone: t.config.zone })
    expect(await t.db.select().from(escalations).where(eq(escalations.caseId, kase.id))).toEqual([])
    expect(await t.db.select().from(alerts).where(eq(alerts.caseId, kase.id))).toEqual([])
  })

  it('offers the ambulance with one tap on the page a saved ambulance request opens on, and only there', async () => {
    const s = await setup()
    const { t } = s
    const [ambulance] = await t.db.insert(vehicles).values({ name: 'Ambulans Pos Timur', plate: 'KB 1 A', kind: 'ambulans' }).returning()
    const opCookie = await t.cookieFor(s.operator)
    const category = String(await categoryId(t.db, 'ambulans'))
    const form = validReport({ category, service_fields_for: category, person_name: 'Pak Darman', address: 'Jl. Tanjungpura 12' })
    const saved = await t.request('/intake', { cookie: opCookie, form })
    const resultPage = await (await t.request(saved.headers.get('Location')!, { cookie: opCookie })).text()
    expect(resultPage).toContain('Kirim Ambulans Pos Timur (KB 1 A)')
    expect(resultPage).not.toContain('Kirim TRC 1 (KB 1234 XY)')
    const kase = await caseRow(t, Number(/\/cases\/(\d+)/.exec(saved.headers.get('Location')!)![1]))
    // The button's form is the whole step: the vehicle and nothing else.
    expect((await t.request(`/cases/${kase.id}/dispatch`, { cookie: opCookie, form: { vehicle: String(ambulance!.id) } })).status).toBe(303)
    expect((await caseRow(t, kase.id)).status).toBe('ditangani')
    expect(await (await t.request(`/cases/${kase.id}`, { cookie: opCookie })).text()).not.toContain('Kirim kendaraan sekarang')
    const other = await fileCase(t, opCookie)
    expect(await (await t.request(`/cases/${other.id}?baru=1`, { cookie: opCookie })).text()).not.toContain('Kirim kendaraan sekarang')
  })

  it('asks for the result before the trip ends, keeping the typed note', async () => {
    const s = await setup()
    const { kase, dispatchId, finish } = await tripToEnd(s)
    const refused = await finish({ note: 'Pasien sudah dijemput keluarga' })
    expect(refused.status).toBe(422)
    const html = await refused.text()
    expect(html).toContain('Pilih hasil perjalanan.')
    expect(html).toContain('value="Pasien sudah dijemput keluarga"')
    expect((await s.t.db.select().from(dispatches).where(eq(dispatches.id, dispatchId)))[0]!.status).toBe('tiba')
    expect((await finish({ result: 'menolak', note: 'Pasien sudah dijemput keluarga' })).status).toBe(303)
    expect(await caseRow(s.t, kase.id)).toMatchObject({ status: 'selesai', outcome: 'menolak' })
    // A second tap of the same form changes nothing.
    expect((await finish({ result: 'rumah_sakit' })).status).toBe(409)
    expect((await caseRow(s.t, kase.id)).outcome).toBe('menolak')
  })

  it('hands the case to the kelurahan’s facilitator, or to the supervisor’s queue when nobody covers it', async () => {
    const s = await setup()
    const covered = await tripToEnd(s, { kelurahan: kelurahanB })
    expect((await covered.finish({ result: 'fasilitator', note: 'Perlu pendampingan keluarga' })).status).toBe(303)
    expect(await caseRow(s.t, covered.kase.id)).toMatchObject({ status: 'ditugaskan', assignedTo: s.crew.id, resolvedAt: null })
    expect((await eventsOf(s.t, covered.kase.id)).at(-1)).toMatchObject({ kind: 'handover', fromStatus: 'ditangani', toStatus: 'ditugaskan' })

    const uncovered = await tripToEnd(s)
    expect((await uncovered.finish({ result: 'fasilitator' })).status).toBe(303)
    expect(await caseRow(s.t, uncovered.kase.id)).toMatchObject({ status: 'baru', assignedTo: null })
    const queue = await (await s.t.request('/queue', { cookie: await s.t.cookieFor(await s.t.addUser('supervisor')) })).text()
    expect(queue).toContain(uncovered.kase.ticket)
  })

  it('takes the person to a shelter: a stay opens there and the case stays in hand', async () => {
    const s = await setup()
    const [shelter] = await s.t.db.insert(shelters).values({ name: 'Rumah Singgah Dinsos' }).returning()
    const { kase, finish } = await tripToEnd(s)
    const missing = await finish({ result: 'rumah_singgah' })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain('Pilih rumah singgah tujuan.')
    expect((await finish({ result: 'rumah_singgah', shelter: String(shelter!.id) })).status).toBe(303)
    expect((await caseRow(s.t, kase.id)).status).toBe('ditangani')
    const stays = await s.t.db.select().from(shelterStays).where(eq(shelterStays.caseId, kase.id))
    expect(stays).toMatchObject([{ shelterId: shelter!.id, admittedAt: s.t.clock.now(), dischargedAt: null }])
    expect((await eventsOf(s.t, kase.id)).map((e) => e.kind)).toContain('shelter_admit')
  })
})

describe('who may use the vehicles', () => {
  it('checks the role on every new route', async () => {
    const { t, vehicle, newCase, dispatch } = await setup()
    const kase = await newCase()
    expect((await dispatch(kase.id)).status).toBe(303)
    const [d] = await t.db.select().from(dispatches)
    const cookies = Object.fromEntries(await Promise.all((['operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'] as const).map(async (r) => [r, await t.cookieFor(await t.addUser(r, { kelurahan: r === 'fasilitator' ? [kelurahanA] : [] }))] as const)))
    // Allowed roles get the page (200), or past the role check to the form's answer to an empty
    // form: 422 with the messages, or 303 where an empty form is a complete request.
    const expectStatus = async (method: 'GET' | 'POST', path: string, allowed: string[], status = method === 'GET' ? 200 : 422) => {
      for (const [role, cookie] of Object.entries(cookies)) {
        const res = method === 'GET' ? await t.request(path, { cookie }) : await t.request(path, { cookie, form: {} })
        if (allowed.includes(role)) expect(res.status, `${role} ${method} ${path}`).toBe(status)
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
    for (const path of ['/admin/vehicles', `/admin/vehicles/${vehicle.id}`, '/admin/kelurahan-contacts', '/admin/shelters', '/admin/shelters/1']) await expectStatus('POST', path, ['admin'])
    // Deleting a contact and saving a category without extra fields need no more than the URL.
    for (const path of ['/admin/kelurahan-contacts/1/delete', `/admin/service-fields/${kase.categoryId}`]) await expectStatus('POST', path, ['admin'], 303)
    await expectStatus('POST', `/dispatches/${d!.id}/cancel`, ['operator', 'supervisor', 'admin'], 303)
    expect((await t.db.select().from(dispatches).where(eq(dispatches.id, d!.id)))[0]!.status).toBe('batal')
    // A facilitator of another area cannot reach the case's forms at all.
    const outsider = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanB] }))
    expect((await t.request(`/cases/${kase.id}/service-details`, { cookie: outsider, form: {} })).status).toBe(404)
  })
})
