import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { KelurahanContactsPage, ServiceFieldsIndexPage, ServiceFieldsPage, SheltersPage, VehicleFormPage, VehiclesPage } from '../../../views/pages/admin/ServicesAdminPages'
import { addKelurahanContact, categoryFormOf, deleteKelurahanContact, listCrewCandidates, listKelurahanContacts, listVehiclesWithCrew, saveCategoryForm, saveVehicle } from '../../db/queries/dispatch'
import { listShelters, saveShelter } from '../../db/queries/shelter'
import { parseShelterForm } from '../../domain/shelter'
import { readForm, typedValues, withProblems, type Refused } from '../../domain/form'
import { parseKelurahanContact, parseVehicle } from '../../domain/dispatch'
import { defaultServiceFields, formatFieldLines, parseFieldLines, readFields } from '../../domain/service-fields'
import type { AppEnv } from '../../env'
import { formBody, page } from '../../render'
import { requireRole } from '../../security/middleware'

/** Admin screens of issue 8: vehicles and crews, kelurahan contacts, shelters, per-category fields. */
export const adminServices = new Hono<AppEnv>()

adminServices.use('*', requireRole('admin'))

// --- Vehicles ----------------------------------------------------------------------------------

adminServices.get('/vehicles', async (c) => page(c, 'Kendaraan', <VehiclesPage vehicles={await listVehiclesWithCrew(c.var.db)} />))

adminServices.get('/vehicles/new', async (c) => page(c, 'Tambah kendaraan', <VehicleFormPage values={{ kind: 'trc', active: '1' }} crewIds={[]} candidates={await listCrewCandidates(c.var.db)} errors={{}} />))

async function vehicleById(c: { var: AppEnv['Variables'] }, id: number) {
  const vehicle = (await listVehiclesWithCrew(c.var.db)).find((v) => v.id === id)
  if (!vehicle) throw new HTTPException(404, { message: 'Kendaraan tidak ditemukan.' })
  return vehicle
}

adminServices.get('/vehicles/:id{[0-9]+}', async (c) => {
  const v = await vehicleById(c, Number(c.req.param('id')))
  const values = { name: v.name, plate: v.plate, kind: v.kind, base: v.base ?? '', active: v.active ? '1' : '0' }
  return page(c, v.name, <VehicleFormPage vehicle={v} values={values} crewIds={v.crew.map((m) => m.userId)} candidates={await listCrewCandidates(c.var.db)} errors={{}} />)
})

for (const path of ['/vehicles', '/vehicles/:id{[0-9]+}'] as const) {
  adminServices.post(path, async (c) => {
    const id = c.req.param('id') ? Number(c.req.param('id')) : undefined
    const existing = id ? await vehicleById(c, id) : undefined
    const candidates = await listCrewCandidates(c.var.db)
    const body = await formBody(c, true)
    const parsed = parseVehicle(body, { userIds: new Set(candidates.map((u) => u.id)) })
    const crewIds = readForm(body).list('crew').map(Number)
    const again = (refused: Refused) => page(c, 'Kendaraan', <VehicleFormPage vehicle={existing} values={refused.values} crewIds={crewIds} candidates={candidates} errors={refused.errors} />, { status: 422 })
    if (!parsed.ok) return again(parsed)
    if (!(await saveVehicle(c.var.db, { id, ...parsed.value }))) return again({ values: typedValues(body), errors: { plate: 'Nomor polisi ini sudah terdaftar.' } })
    return c.redirect('/admin/vehicles', 303)
  })
}

// --- Kelurahan contacts ------------------------------------------------------------------------

adminServices.get('/kelurahan-contacts', async (c) => {
  const ref = await c.var.reference.get()
  const wanted = c.req.query('kelurahan') ?? ''
  const selected = ref.kelurahanByCode.has(wanted) ? wanted : (ref.kelurahan[0]?.code ?? '')
  const contacts = selected ? await listKelurahanContacts(c.var.db, selected) : []
  return page(c, 'Kontak kelurahan', <KelurahanContactsPage kelurahan={ref.kelurahan} selected={selected} contacts={contacts} values={{}} errors={{}} />)
})

adminServices.post('/kelurahan-contacts', async (c) => {
  const ref = await c.var.reference.get()
  const parsed = parseKelurahanContact(await formBody(c), { kelurahanCodes: new Set(ref.kelurahan.map((k) => k.code)) })
  if (!parsed.ok) {
    const selected = ref.kelurahanByCode.has(parsed.values.kelurahan ?? '') ? parsed.values.kelurahan! : (ref.kelurahan[0]?.code ?? '')
    const contacts = selected ? await listKelurahanContacts(c.var.db, selected) : []
    return page(c, 'Kontak kelurahan', <KelurahanContactsPage kelurahan={ref.kelurahan} selected={selected} contacts={contacts} values={parsed.values} errors={parsed.errors} />, { status: 422 })
  }
  await addKelurahanContact(c.var.db, parsed.value)
  return c.redirect(`/admin/kelurahan-contacts?kelurahan=${encodeURIComponent(parsed.value.kelurahanCode)}`, 303)
})

adminServices.post('/kelurahan-contacts/:id{[0-9]+}/delete', async (c) => {
  const code = await deleteKelurahanContact(c.var.db, Number(c.req.param('id')))
  return c.redirect(`/admin/kelurahan-contacts${code ? `?kelurahan=${encodeURIComponent(code)}` : ''}`, 303)
})

// --- Shelters and their stay limits ------------------------------------------------------------

adminServices.get('/shelters', async (c) => page(c, 'Rumah singgah', <SheltersPage shelters={await listShelters(c.var.db)} values={{}} errors={{}} />))

for (const path of ['/shelters', '/shelters/:id{[0-9]+}'] as const) {
  adminServices.post(path, async (c) => {
    const body = await formBody(c)
    const id = c.req.param('id') ? Number(c.req.param('id')) : undefined
    const shelters = await listShelters(c.var.db)
    const parsed = parseShelterForm(body)
    const clash = parsed.ok && shelters.some((x) => x.name === parsed.value.name && x.id !== id)
    const checked = withProblems(parsed, body, clash ? { name: 'Nama ini sudah dipakai.' } : {})
    if (!checked.ok) return page(c, 'Rumah singgah', <SheltersPage shelters={shelters} values={checked.values} errors={checked.errors} />, { status: 422 })
    await saveShelter(c.var.db, { id, ...checked.value })
    return c.redirect('/admin/shelters', 303)
  })
}

// --- Extra fields per category -----------------------------------------------------------------

adminServices.get('/service-fields', async (c) => {
  const ref = await c.var.reference.get()
  const rows = ref.activeCategories.map((cat) => ({ id: cat.id, name: cat.name, count: ref.serviceFields.get(cat.id)?.length ?? 0 }))
  return page(c, 'Isian layanan', <ServiceFieldsIndexPage categories={rows} />)
})

adminServices.get('/service-fields/:id{[0-9]+}', async (c) => {
  const form = await categoryFormOf(c.var.db, Number(c.req.param('id')))
  if (!form) throw new HTTPException(404, { message: 'Kategori tidak ditemukan.' })
  const text = formatFieldLines(readFields(form.fields, defaultServiceFields[form.code] ?? []))
  return page(c, 'Isian layanan', <ServiceFieldsPage category={{ id: Number(c.req.param('id')), name: form.name }} text={text} />)
})

adminServices.post('/service-fields/:id{[0-9]+}', async (c) => {
  const id = Number(c.req.param('id'))
  const form = await categoryFormOf(c.var.db, id)
  if (!form) throw new HTTPException(404, { message: 'Kategori tidak ditemukan.' })
  const parsed = parseFieldLines(await formBody(c))
  if (!parsed.ok) return page(c, 'Isian layanan', <ServiceFieldsPage category={{ id, name: form.name }} text={parsed.values.fields ?? ''} error={parsed.errors.fields} />, { status: 422 })
  await saveCategoryForm(c.var.db, id, JSON.stringify(parsed.value))
  c.var.reference.invalidate()
  return c.redirect('/admin/service-fields', 303)
})
