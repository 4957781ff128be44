import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { KelurahanContactsPage, ServiceFieldsIndexPage, ServiceFieldsPage, SheltersPage, VehicleFormPage, VehiclesPage } from '../../../views/pages/admin/ServicesAdminPages'
import { addKelurahanContact, categoryFormOf, deleteKelurahanContact, listCrewCandidates, listKelurahanContacts, listVehiclesWithCrew, saveCategoryForm, saveVehicle } from '../../db/queries/dispatch'
import { listShelters, saveShelter } from '../../db/queries/shelter'
import type { FieldErrors } from '../../domain/form'
import { parseKelurahanContact, parseVehicle } from '../../domain/dispatch'
import { defaultServiceFields, formatFieldLines, parseFieldLines, readFields } from '../../domain/service-fields'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'

/** Admin screens of issue 8: vehicles and crews, kelurahan contacts, shelters, per-category fields. */
export const adminServices = new Hono<AppEnv>()

// A malformed body (multipart without boundary) reads as an empty form: a 422, never a 500 (as /intake).
const formBody = (c: Context<AppEnv>, all = false) => c.req.parseBody({ all }).catch(() => ({}) as Record<string, string | File | (string | File)[]>)
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
    const crewIds = (Array.isArray(body.crew) ? body.crew : body.crew ? [body.crew] : []).map(Number)
    const again = (errors: FieldErrors, values: Record<string, string>) => page(c, 'Kendaraan', <VehicleFormPage vehicle={existing} values={values} crewIds={crewIds} candidates={candidates} errors={errors} />, { status: 422 })
    if (!parsed.ok) return again(parsed.errors, parsed.values)
    if (!(await saveVehicle(c.var.db, { id, ...parsed.value }))) return again({ plate: 'Nomor polisi ini sudah terdaftar.' }, Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string')))
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

function parseShelter(body: Record<string, unknown>) {
  const name = typeof body.name === 'string' ? body.name.trim() : ''
  const days = Number(body.stay_limit_days)
  const errors: FieldErrors = {}
  if (!name || name.length > 80) errors.name = 'Nama wajib diisi (paling banyak 80 karakter).'
  if (!Number.isInteger(days) || days < 1 || days > 3650) errors.stay_limit_days = 'Batas antara 1 dan 3650 hari.'
  return { name, days, errors, active: body.active !== '0' }
}

adminServices.get('/shelters', async (c) => page(c, 'Rumah singgah', <SheltersPage shelters={await listShelters(c.var.db)} values={{}} errors={{}} />))

for (const path of ['/shelters', '/shelters/:id{[0-9]+}'] as const) {
  adminServices.post(path, async (c) => {
    const body = await formBody(c)
    const s = parseShelter(body)
    const id = c.req.param('id') ? Number(c.req.param('id')) : undefined
    const values = { name: s.name, stay_limit_days: String(body.stay_limit_days ?? '') }
    if (Object.keys(s.errors).length) return page(c, 'Rumah singgah', <SheltersPage shelters={await listShelters(c.var.db)} values={values} errors={s.errors} />, { status: 422 })
    const clash = (await listShelters(c.var.db)).find((x) => x.name === s.name && x.id !== id)
    if (clash) return page(c, 'Rumah singgah', <SheltersPage shelters={await listShelters(c.var.db)} values={values} errors={{ name: 'Nama ini sudah dipakai.' }} />, { status: 422 })
    await saveShelter(c.var.db, { id, name: s.name, stayLimitDays: s.days, active: s.active })
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
  const body = await formBody(c)
  const text = typeof body.fields === 'string' ? body.fields : ''
  const parsed = parseFieldLines(text)
  if (!parsed.ok) return page(c, 'Isian layanan', <ServiceFieldsPage category={{ id, name: form.name }} text={text} error={parsed.error} />, { status: 422 })
  await saveCategoryForm(c.var.db, id, JSON.stringify(parsed.fields))
  c.var.reference.invalidate()
  return c.redirect('/admin/service-fields', 303)
})
