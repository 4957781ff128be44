// Shelter stays, assessments, identity documents and family tracing (issue 8; seeds 000 and 003).
import type { FieldErrors, FormValues, Parsed } from './admin-forms'
import { normalizePhone } from './phone'
import { computeDueAt, timeLeft, type TimeLeft, type WorkCalendar } from './sla'
import { zoneOffset } from './zone'

type Body = Record<string, unknown>

const DAY_MS = 86_400_000

/**
 * Health and mental state are personal data of a special kind (UU PDP Pasal 4): only the roles that
 * handle a person's case (facilitators in their area, supervisors) see or write them; every read
 * is audited. The kepala sees the resident list, which carries no health data.
 */
export const shelterRoles = ['fasilitator', 'supervisor'] as const

export const dischargeReasons = {
  keluarga: 'Dipulangkan ke keluarga (reunifikasi)',
  panti: 'Dirujuk ke panti',
  daerah_asal: 'Dikembalikan ke daerah asal',
  mandiri: 'Mandiri',
  meninggal: 'Meninggal dunia',
  kabur: 'Melarikan diri',
} as const
export type DischargeReason = keyof typeof dischargeReasons

export const documentSteps = { nik: 'Pemeriksaan NIK (Dukcapil)', ktp_kk: 'KTP / KK', bpjs_kis: 'Pendaftaran BPJS / KIS' } as const
export type DocumentStep = keyof typeof documentSteps
export const documentStatuses = { belum: 'Belum dimulai', diproses: 'Sedang diurus', selesai: 'Selesai', gagal: 'Tidak dapat diurus' } as const

export const tracingMethods = {
  telepon: 'Telepon',
  kunjungan: 'Kunjungan',
  dinsos_asal: 'Dinas Sosial daerah asal',
  aparat: 'Kelurahan / desa / polisi',
  media_sosial: 'Media sosial',
  lainnya: 'Lainnya',
} as const
export const tracingResults = { tidak_tersambung: 'Tidak tersambung', tidak_kenal: 'Tidak mengenal', menunggu: 'Menunggu jawaban', ditemukan: 'Keluarga ditemukan' } as const

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
const valuesOf = (body: Body): FormValues => Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'))
const isKey = <T extends object>(record: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(record, key)

function text(body: Body, name: string, label: string, errors: FieldErrors, opts: { required?: boolean; max?: number } = {}): string | null {
  const value = str(body[name])
  if (!value) {
    if (opts.required) errors[name] = `${label} wajib diisi.`
    return null
  }
  if (value.length > (opts.max ?? 2000)) errors[name] = `${label} paling banyak ${opts.max ?? 2000} karakter.`
  return value
}

/** A `datetime-local` value ('YYYY-MM-DDTHH:MM', the agency's wall time) as UTC ms, or null. */
export function parseLocalDateTime(value: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!m) return null
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
  if (Number.isNaN(local) || new Date(local).getUTCDate() !== Number(m[3])) return null
  return local - zoneOffset(local, zone)
}

/** UTC ms as a `datetime-local` value in `zone`: what the forms show by default. */
export function toLocalDateTime(ms: number, zone: string): string {
  return new Date(ms + zoneOffset(ms, zone)).toISOString().slice(0, 16)
}

// A few minutes of slack for a phone whose clock runs ahead; a year back covers late data entry.
function when(body: Body, name: string, label: string, zone: string, now: number, errors: FieldErrors, notBefore?: number): number {
  const at = parseLocalDateTime(str(body[name]), zone)
  if (at === null) errors[name] = `${label} wajib diisi dengan tanggal dan jam.`
  else if (at > now + 5 * 60_000) errors[name] = `${label} tidak boleh di masa depan.`
  else if (at < now - 366 * DAY_MS) errors[name] = `${label} lebih dari setahun yang lalu.`
  else if (notBefore !== undefined && at < notBefore) errors[name] = `${label} tidak boleh sebelum tanggal masuk.`
  return at ?? now
}

export type Admission = { shelterId: number; admittedAt: number; bed: string; belongings: string | null }

export function parseAdmission(body: Body, ctx: { shelterIds: ReadonlySet<number>; zone: string; now: number }): Parsed<Admission> {
  const errors: FieldErrors = {}
  const shelterId = Number(str(body.shelter))
  if (!ctx.shelterIds.has(shelterId)) errors.shelter = 'Pilih rumah singgah.'
  const admittedAt = when(body, 'admitted_at', 'Tanggal masuk', ctx.zone, ctx.now, errors)
  const bed = text(body, 'bed', 'Kamar / tempat tidur', errors, { required: true, max: 60 })
  const belongings = text(body, 'belongings', 'Barang bawaan', errors)
  if (Object.keys(errors).length) return { ok: false, values: valuesOf(body), errors }
  return { ok: true, value: { shelterId, admittedAt, bed: bed!, belongings } }
}

export type Discharge = {
  reason: DischargeReason
  dischargedAt: number
  note: string | null
  receivedBy: { name: string; relation: string; phone: string | null } | null
}

/** A discharge; a return to the family is a hand-over, so it names who received the person. */
export function parseDischarge(body: Body, ctx: { admittedAt: number; zone: string; now: number }): Parsed<Discharge> {
  const errors: FieldErrors = {}
  const reason = str(body.reason)
  if (!isKey(dischargeReasons, reason)) errors.reason = 'Pilih alasan keluar.'
  const dischargedAt = when(body, 'discharged_at', 'Tanggal keluar', ctx.zone, ctx.now, errors, ctx.admittedAt)
  const note = text(body, 'note', 'Catatan', errors)
  let receivedBy: Discharge['receivedBy'] = null
  if (reason === 'keluarga') {
    const name = text(body, 'received_by', 'Nama penerima', errors, { required: true, max: 120 })
    const relation = text(body, 'received_relation', 'Hubungan dengan penerima', errors, { required: true, max: 60 })
    const rawPhone = str(body.received_phone)
    let phone: string | null = null
    if (rawPhone) {
      const checked = normalizePhone(rawPhone)
      if (checked.ok) phone = checked.phone
      else errors.received_phone = checked.message
    }
    receivedBy = { name: name ?? '', relation: relation ?? '', phone }
  }
  if (Object.keys(errors).length) return { ok: false, values: valuesOf(body), errors }
  return { ok: true, value: { reason: reason as DischargeReason, dischargedAt, note, receivedBy } }
}

export type StayClock = { days: number; dueAt: number; left: TimeLeft }

/**
 * Length of a stay and its limit: the limit is a target like a case's (calendar days, since a
 * shelter never closes), computed with the same sla functions; the clock stops at discharge.
 */
export function stayClock(stay: { admittedAt: number; dischargedAt: number | null }, limitDays: number, now: number, calendar: WorkCalendar): StayClock {
  const dueAt = computeDueAt(stay.admittedAt, { hours: limitDays * 24, clock: 'calendar' }, calendar)
  const end = stay.dischargedAt ?? now
  return { days: Math.max(0, Math.floor((end - stay.admittedAt) / DAY_MS)), dueAt, left: timeLeft(dueAt, now, stay.dischargedAt) }
}

export type AssessmentInput = {
  masalah: string
  potensi: string
  sumber: string
  identity: string | null
  health: string | null
  mentalState: string | null
  familyContacts: string | null
}

/** Masalah, potensi and sumber are the heart of the paper form (seed 003); the rest as far as known. */
export function parseAssessment(body: Body): Parsed<AssessmentInput> {
  const errors: FieldErrors = {}
  const value = {
    masalah: text(body, 'masalah', 'Masalah', errors, { required: true, max: 4000 }) ?? '',
    potensi: text(body, 'potensi', 'Potensi', errors, { required: true, max: 4000 }) ?? '',
    sumber: text(body, 'sumber', 'Sumber', errors, { required: true, max: 4000 }) ?? '',
    identity: text(body, 'identity', 'Identitas', errors),
    health: text(body, 'health', 'Kondisi kesehatan', errors),
    mentalState: text(body, 'mental_state', 'Kondisi kejiwaan', errors),
    familyContacts: text(body, 'family_contacts', 'Kontak keluarga', errors),
  }
  if (Object.keys(errors).length) return { ok: false, values: valuesOf(body), errors }
  return { ok: true, value }
}

export function parseDocumentStep(body: Body): Parsed<{ step: DocumentStep; status: keyof typeof documentStatuses; note: string | null }> {
  const errors: FieldErrors = {}
  const step = str(body.step)
  const status = str(body.status)
  if (!isKey(documentSteps, step)) errors.step = 'Langkah tidak dikenal.'
  if (!isKey(documentStatuses, status)) errors.status = 'Pilih status.'
  const note = text(body, 'note', 'Catatan', errors, { max: 500 })
  if (Object.keys(errors).length) return { ok: false, values: valuesOf(body), errors }
  return { ok: true, value: { step: step as DocumentStep, status: status as keyof typeof documentStatuses, note } }
}

/** Region of origin: an official province code, optionally one of its regencies, plus free text. */
export function parseOrigin(body: Body, ctx: { provinceCodes: ReadonlySet<string>; regencyOf: (code: string) => string | undefined }): Parsed<{ provinceCode: string; regencyCode: string | null; detail: string | null }> {
  const errors: FieldErrors = {}
  const provinceCode = str(body.province)
  const regencyCode = str(body.regency) || null
  if (!ctx.provinceCodes.has(provinceCode)) errors.province = 'Pilih provinsi asal.'
  // The regency must lie in the chosen province: the official code carries the province prefix.
  else if (regencyCode && ctx.regencyOf(regencyCode) !== provinceCode) errors.regency = 'Kabupaten/kota tidak berada di provinsi yang dipilih.'
  const detail = text(body, 'detail', 'Kecamatan / desa', errors, { max: 200 })
  if (Object.keys(errors).length) return { ok: false, values: valuesOf(body), errors }
  return { ok: true, value: { provinceCode, regencyCode, detail } }
}

export function parseTracingContact(body: Body): Parsed<{ method: string; contact: string; result: string; note: string | null }> {
  const errors: FieldErrors = {}
  const method = str(body.method)
  const result = str(body.result)
  if (!isKey(tracingMethods, method)) errors.method = 'Pilih cara menghubungi.'
  if (!isKey(tracingResults, result)) errors.result = 'Pilih hasilnya.'
  const contact = text(body, 'contact', 'Siapa yang dihubungi', errors, { required: true, max: 200 })
  const note = text(body, 'note', 'Catatan', errors, { max: 1000 })
  if (Object.keys(errors).length) return { ok: false, values: valuesOf(body), errors }
  return { ok: true, value: { method, contact: contact!, result, note } }
}
