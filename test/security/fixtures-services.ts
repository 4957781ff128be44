// Requests for the routes of issue 8 (shelter, dispatch, their admin screens): each call builds what
// it acts on (a fresh stay, a free vehicle, a dispatch), so a caller who is let through succeeds.
import { asc, eq } from 'drizzle-orm'
import { assessments, categories, dispatches, kelurahanContacts, shelterStays, shelters, vehicleCrew, vehicles } from '../../worker/db/schema'
import { toLocalDateTime } from '../../worker/domain/shelter'
import { kelurahanA } from '../support/app'
import type { Fixture } from './fixtures'
import type { World } from './world'

let serial = 0
const local = (w: World) => toLocalDateTime(w.t.clock.now(), w.t.config.zone)
const firstShelter = async (w: World) => (await w.t.db.select().from(shelters).orderBy(asc(shelters.id)).limit(1))[0]!

async function freeVehicle(w: World) {
  const [v] = await w.t.db.insert(vehicles).values({ name: `Uji ${++serial}`, plate: `KB ${1000 + serial} UJ`, kind: 'trc' }).returning()
  return v!
}

/** An active dispatch of a fresh vehicle to case A; no one is its crew, so only a supervisor may step it. */
async function activeDispatch(w: World, status: 'dikirim' | 'tiba' = 'dikirim', caseId = w.caseA.id) {
  const v = await freeVehicle(w)
  const [d] = await w.t.db.insert(dispatches).values({ caseId, vehicleId: v.id, status, dispatchedAt: w.t.clock.now() }).returning()
  return d!
}

/** A fresh stay of case A (a new case each time would do too; one open stay per case is the rule). */
async function openStay(w: World) {
  await w.t.db.update(shelterStays).set({ dischargedAt: w.t.clock.now() - 60_000, dischargeReason: 'mandiri' }).where(eq(shelterStays.caseId, w.caseA.id))
  const [stay] = await w.t.db.insert(shelterStays).values({ caseId: w.caseA.id, shelterId: (await firstShelter(w)).id, admittedAt: w.t.clock.now() - 3_600_000, bed: 'Kamar 1' }).returning()
  return stay!
}

export const servicesFixtures: Record<string, Fixture> = {
  'GET /cases/:id{[0-9]+}/shelter': async (w) => ({ params: { id: w.caseA.id } }),
  'POST /cases/:id{[0-9]+}/shelter/admit': async (w) => {
    await w.t.db.update(shelterStays).set({ dischargedAt: w.t.clock.now() - 60_000, dischargeReason: 'mandiri' }).where(eq(shelterStays.caseId, w.caseA.id))
    return { params: { id: w.caseA.id }, form: { shelter: String((await firstShelter(w)).id), admitted_at: local(w), bed: 'Kamar 2', belongings: '' } }
  },
  'POST /cases/:id{[0-9]+}/shelter/discharge': async (w) => ({ params: { id: w.caseA.id }, form: { stay: String((await openStay(w)).id), reason: 'mandiri', discharged_at: local(w), note: '' } }),
  'POST /cases/:id{[0-9]+}/assessments': async (w) => ({ params: { id: w.caseA.id }, form: { masalah: 'Terlantar', potensi: 'Sehat', sumber: 'Keluarga', identity: '', health: '', mental_state: '', family_contacts: '' } }),
  'GET /cases/:id{[0-9]+}/assessments/:version{[0-9]+}': async (w) => {
    const [row] = await w.t.db.select().from(assessments).where(eq(assessments.caseId, w.caseA.id)).limit(1)
    if (!row) await w.t.db.insert(assessments).values({ caseId: w.caseA.id, version: 1, masalah: 'm', potensi: 'p', sumber: 's', assessedAt: w.t.clock.now() })
    return { params: { id: w.caseA.id, version: 1 } }
  },
  'POST /cases/:id{[0-9]+}/documents': async (w) => ({ params: { id: w.caseA.id }, form: { step: 'nik', status: 'diproses', note: '' } }),
  'POST /cases/:id{[0-9]+}/origin': async (w) => ({ params: { id: w.caseA.id }, form: { province: '33', regency: '33.23', detail: '' } }),
  'POST /cases/:id{[0-9]+}/tracing': async (w) => ({ params: { id: w.caseA.id }, form: { method: 'telepon', contact: 'Kepala desa', result: 'menunggu', note: '' } }),
  'POST /cases/:id{[0-9]+}/service-details': async (w) => ({ params: { id: w.caseA.id }, form: {} }),
  'POST /cases/:id{[0-9]+}/dispatch': async (w) => ({ params: { id: w.caseA.id }, form: { vehicle: String((await freeVehicle(w)).id), destination: '' } }),
  'POST /dispatches/:id{[0-9]+}/cancel': async (w) => ({ params: { id: (await activeDispatch(w)).id }, form: {} }),
  'POST /dispatches/:id{[0-9]+}/:step{depart|arrive}': async (w) => ({ params: { id: (await activeDispatch(w)).id, step: 'depart' }, form: {} }),
  // A trip at its end, to the closed case: finishing it leaves the shared open cases as they are.
  'POST /dispatches/:id{[0-9]+}/finish': async (w) => ({ params: { id: (await activeDispatch(w, 'tiba', w.closed.id)).id }, form: { result: 'tidak_ditemukan' } }),
  'POST /admin/vehicles': async () => ({ form: { name: 'TRC baru', plate: `KB ${5000 + ++serial} AB`, kind: 'trc', base: '', active: '1' } }),
  'GET /admin/vehicles/:id{[0-9]+}': async (w) => ({ params: { id: (await freeVehicle(w)).id } }),
  'POST /admin/vehicles/:id{[0-9]+}': async (w) => {
    const v = await freeVehicle(w)
    await w.t.db.insert(vehicleCrew).values({ vehicleId: v.id, userId: w.users.fasilitatorA.id })
    return { params: { id: v.id }, form: { name: v.name, plate: v.plate, kind: 'ambulans', base: '', active: '1', crew: String(w.users.fasilitatorA.id) } }
  },
  'POST /admin/kelurahan-contacts': async () => ({ form: { kelurahan: kelurahanA, role: 'babinsa', name: 'Serda Uji', phone: '081234567890', unit: '' } }),
  'POST /admin/kelurahan-contacts/:id{[0-9]+}/delete': async (w) => {
    const [row] = await w.t.db.insert(kelurahanContacts).values({ kelurahanCode: kelurahanA, role: 'lurah', name: 'Lurah Uji', phone: '+6281234567890' }).returning()
    return { params: { id: row!.id }, form: {} }
  },
  'POST /admin/shelters': async () => ({ form: { name: `Liposos ${++serial}`, stay_limit_days: '30' } }),
  'POST /admin/shelters/:id{[0-9]+}': async (w) => {
    const s = await firstShelter(w)
    return { params: { id: s.id }, form: { name: s.name, stay_limit_days: String(s.stayLimitDays), active: '1' } }
  },
  'GET /admin/service-fields/:id{[0-9]+}': async (w) => ({ params: { id: w.category.id } }),
  'POST /admin/service-fields/:id{[0-9]+}': async (w) => {
    const [cat] = await w.t.db.select().from(categories).where(eq(categories.code, 'ambulans'))
    return { params: { id: cat!.id }, form: { fields: 'pasien | Nama pasien | teks | wajib' } }
  },
}
