// Vehicles sent to cases (TRC car of seed 004, free ambulances of seed 000) and the crew's steps.
import { named, readForm, type FormBody, type Parsed } from './form'
import { openStatuses, type CaseStatus } from './case'
import { minutesBetween, outcomes } from './transitions'

export const vehicleKinds = { trc: 'Mobil TRC', ambulans: 'Ambulans', jenazah: 'Mobil jenazah' } as const

export type VehicleKind = keyof typeof vehicleKinds

// Reports that are themselves a request for a vehicle (seed 000's ambulance, seed 004's TRC car):
// the operator sends one with one tap from the page the saved report opens on.
const vehicleKindsByCategory: Record<string, readonly VehicleKind[]> = {
  ambulans: ['ambulans', 'jenazah'],
  'laras-antar-jemput': ['trc'],
  'reaksi-cepat': ['trc'],
}

/** The kinds of vehicle a category's report asks for; empty when it asks for none. */
export function vehicleKindsFor(categoryCode: string | undefined): readonly VehicleKind[] {
  return (categoryCode && vehicleKindsByCategory[categoryCode]) || []
}

export const dispatchStatuses = { dikirim: 'Dikirim', berangkat: 'Berangkat', tiba: 'Tiba di lokasi', selesai: 'Selesai', batal: 'Dibatalkan' } as const
export type DispatchStatus = keyof typeof dispatchStatuses

/** While a dispatch is in one of these the vehicle is busy (the partial unique index uses the same list). */
export const activeDispatchStatuses: readonly DispatchStatus[] = ['dikirim', 'berangkat', 'tiba']

// An operator sends the car (seed 000: the call centre dispatches); supervisors and admins may too.
export const dispatcherRoles = ['operator', 'supervisor', 'admin'] as const
// Anyone on staff may ride a vehicle: crews are listed per vehicle by an admin (vehicle_crew).
export const crewRoles = ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin'] as const

// Who fills in the category's extra details of an open case.
export const detailEditorRoles = ['operator', 'fasilitator', 'supervisor', 'admin'] as const

export const crewSteps = { depart: 'Berangkat', arrive: 'Tiba di lokasi', finish: 'Selesai' } as const
export type CrewStep = keyof typeof crewSteps

const stepFrom: Record<CrewStep, { from: DispatchStatus; to: DispatchStatus; column: 'departedAt' | 'arrivedAt' | 'finishedAt' }> = {
  depart: { from: 'dikirim', to: 'berangkat', column: 'departedAt' },
  arrive: { from: 'berangkat', to: 'tiba', column: 'arrivedAt' },
  finish: { from: 'tiba', to: 'selesai', column: 'finishedAt' },
}

export type StepDecision = { ok: true; from: DispatchStatus; to: DispatchStatus; column: 'departedAt' | 'arrivedAt' | 'finishedAt' } | { ok: false; message: string }

/** The crew's next step from the dispatch's status; steps go in order and are never repeated. */
export function decideCrewStep(status: string, step: CrewStep): StepDecision {
  const rule = stepFrom[step]
  if (status === rule.from) return { ok: true, ...rule }
  if (status === 'batal') return { ok: false, message: 'Penugasan ini sudah dibatalkan.' }
  if (status === 'selesai') return { ok: false, message: 'Penugasan ini sudah selesai.' }
  return { ok: false, message: `Belum bisa "${crewSteps[step]}": status sekarang ${dispatchStatuses[status as DispatchStatus] ?? status}.` }
}

/** The one step a crew member can take next, if any: one big button on a phone. */
export function nextCrewStep(status: string): CrewStep | null {
  return (Object.keys(stepFrom) as CrewStep[]).find((s) => stepFrom[s].from === status) ?? null
}

export function isActiveDispatch(status: string): boolean {
  return (activeDispatchStatuses as readonly string[]).includes(status)
}

// --- What a trip does to its case (issue 17) ---------------------------------------------------

/**
 * A vehicle sent to a case is the case being handled (seed 000: name and address, and the car
 * leaves): a case still waiting (`baru`, `ditugaskan`) moves to `ditangani`, as a facilitator's
 * acceptance would; a case already handled or referred keeps its status. Null: no change.
 */
export function caseAtDispatch(status: string): { from: CaseStatus; to: 'ditangani' } | null {
  return status === 'baru' || status === 'ditugaskan' ? { from: status, to: 'ditangani' } : null
}

/** What the crew found at the end of a trip: the first three settle the case, the last two hand it on. */
export const tripResults = {
  rumah_sakit: 'Diserahkan ke rumah sakit',
  tidak_ditemukan: 'Orang tidak ditemukan di lokasi',
  menolak: 'Menolak dibawa / dibantu',
  rumah_singgah: 'Diantar ke rumah singgah (dilanjutkan petugas rumah singgah)',
  fasilitator: 'Diserahkan ke fasilitator kelurahan untuk ditindaklanjuti',
} as const
export type TripResult = keyof typeof tripResults

const outcomeOf: Partial<Record<TripResult, keyof typeof outcomes>> = { rumah_sakit: 'diserahkan_rs', tidak_ditemukan: 'tidak_ditemukan', menolak: 'menolak' }

export type TripFinish = { result: TripResult; shelterId: number | null; note: string | null }

/** The crew's "Selesai" form: a result, the shelter when the person was taken to one, an optional note. */
export function parseTripFinish(body: FormBody, shelterIds: ReadonlySet<number>): Parsed<TripFinish> {
  const f = readForm(body)
  const result = f.choice('result', tripResults, 'Pilih hasil perjalanan.')
  const shelterId = result === 'rumah_singgah' ? f.id('shelter', shelterIds, 'Pilih rumah singgah tujuan.') : null
  const note = f.text('note', { max: 1000 })
  return f.done({ result, shelterId, note })
}

/**
 * What the end of a trip does to its case, if it is still open: a settling result resolves it
 * (`selesai`, the clock stops, the outcome and the time to handle are kept, as a facilitator's
 * "Selesaikan"); the person taken to a shelter gets a stay there and the case stays handled; a
 * case handed to the facilitator goes to them to accept (`ditugaskan`), or to the supervisor's
 * queue (`baru`) when nobody covers the kelurahan. Null: a case no longer open stays as it is.
 */
export type TripCaseMove =
  | { kind: 'resolve'; from: CaseStatus; to: 'selesai'; note: string; outcome: keyof typeof outcomes; resolvedAt: number; handleMinutes: number }
  /** `assignTo`: the facilitator who takes the case over, or null for the supervisor's queue. */
  | { kind: 'handover'; from: CaseStatus; to: 'ditugaskan' | 'baru'; note: string; assignTo: number | null }
  | { kind: 'shelter'; note: string; shelterId: number }

export function caseAfterTrip(kase: { status: string; receivedAt: number }, finish: TripFinish, ctx: { vehicle: string; facilitatorId: number | null }, now: number): TripCaseMove | null {
  if (!openStatuses.includes(kase.status as CaseStatus)) return null
  const from = kase.status as CaseStatus
  const note = `${ctx.vehicle}: ${tripResults[finish.result]}${finish.note ? `. ${finish.note}` : ''}`
  const outcome = outcomeOf[finish.result]
  if (outcome) return { kind: 'resolve', from, to: 'selesai', note, outcome, resolvedAt: now, handleMinutes: minutesBetween(kase.receivedAt, now) }
  if (finish.result === 'rumah_singgah') return { kind: 'shelter', note, shelterId: finish.shelterId! }
  return { kind: 'handover', from, to: ctx.facilitatorId === null ? 'baru' : 'ditugaskan', note, assignTo: ctx.facilitatorId }
}

export function parseDispatch(body: FormBody, freeVehicleIds: ReadonlySet<number>): Parsed<{ vehicleId: number; destination: string | null }> {
  const f = readForm(body)
  const vehicleId = Number(f.str('vehicle'))
  if (!Number.isSafeInteger(vehicleId) || vehicleId <= 0) f.fail('vehicle', 'Pilih kendaraan.')
  else if (!freeVehicleIds.has(vehicleId)) f.fail('vehicle', 'Kendaraan ini sedang bertugas atau tidak aktif. Pilih yang bebas.')
  const destination = f.text('destination', named('Tujuan', 300))
  return f.done({ vehicleId, destination })
}

export type VehicleInput = { name: string; plate: string; kind: string; base: string | null; active: boolean; crewIds: number[] }

export function parseVehicle(body: FormBody, ctx: { userIds: ReadonlySet<number> }): Parsed<VehicleInput> {
  const f = readForm(body)
  const nameRule = 'Nama kendaraan wajib diisi (paling banyak 80 karakter).'
  const name = f.text('name', { max: 80, required: nameRule, tooLong: nameRule })
  const plate = f.str('plate').toUpperCase().replace(/\s+/g, ' ')
  if (!/^[A-Z]{1,2} ?\d{1,4} ?[A-Z]{0,3}$/.test(plate)) f.fail('plate', 'Nomor polisi seperti "KB 1234 XY".')
  const kind = f.choice('kind', vehicleKinds, 'Pilih jenis kendaraan.')
  const base = f.text('base', { max: 80 })
  const crew = f.list('crew')
  const crewIds = crew.map(Number).filter((id) => ctx.userIds.has(id))
  if (crewIds.length !== crew.length) f.fail('crew', 'Awak harus pengguna aktif.')
  return f.done({ name, plate, kind, base, active: f.str('active') !== '0', crewIds: [...new Set(crewIds)] })
}

export const contactRoles = { lurah: 'Lurah / Kepala Desa', babinsa: 'Babinsa', bhabinkamtibmas: 'Bhabinkamtibmas', ketua_rt: 'Ketua RT', ketua_rw: 'Ketua RW', lainnya: 'Lainnya' } as const

export function parseKelurahanContact(body: FormBody, ctx: { kelurahanCodes: ReadonlySet<string> }): Parsed<{ kelurahanCode: string; role: string; name: string; phone: string; unit: string | null }> {
  const f = readForm(body)
  const kelurahanCode = f.choice('kelurahan', ctx.kelurahanCodes, 'Pilih kelurahan.')
  const role = f.choice('role', contactRoles, 'Pilih jabatan.')
  const nameRule = 'Nama wajib diisi (paling banyak 120 karakter).'
  const name = f.text('name', { max: 120, required: nameRule, tooLong: nameRule })
  const phone = f.phone('phone', 'Nomor telepon wajib diisi.') ?? ''
  const unit = f.text('unit', { max: 40, tooLong: 'Paling banyak 40 karakter.' })
  return f.done({ kelurahanCode, role, name, phone, unit })
}
