// Shelter stays, assessments, identity documents and family tracing (issue 8; seeds 000 and 003).
import { named, readForm, type Form, type FormBody, type Parsed } from './form'
import { computeDueAt, timeLeft, type TimeLeft, type WorkCalendar } from './sla'
import { zoneOffset } from './zone'

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

// Free text without a stated cap: a page of notes.
const noteMax = 2000

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
function when(f: Form, name: string, label: string, ctx: { zone: string; now: number }, notBefore?: number): number {
  const at = parseLocalDateTime(f.str(name), ctx.zone)
  if (at === null) f.fail(name, `${label} wajib diisi dengan tanggal dan jam.`)
  else if (at > ctx.now + 5 * 60_000) f.fail(name, `${label} tidak boleh di masa depan.`)
  else if (at < ctx.now - 366 * DAY_MS) f.fail(name, `${label} lebih dari setahun yang lalu.`)
  else if (notBefore !== undefined && at < notBefore) f.fail(name, `${label} tidak boleh sebelum tanggal masuk.`)
  return at ?? ctx.now
}

export type Admission = { shelterId: number; admittedAt: number; bed: string; belongings: string | null }

export function parseAdmission(body: FormBody, ctx: { shelterIds: ReadonlySet<number>; zone: string; now: number }): Parsed<Admission> {
  const f = readForm(body)
  const shelterId = f.id('shelter', ctx.shelterIds, 'Pilih rumah singgah.')
  const admittedAt = when(f, 'admitted_at', 'Tanggal masuk', ctx)
  const bed = f.text('bed', named('Kamar / tempat tidur', 60, true))
  const belongings = f.text('belongings', named('Barang bawaan', noteMax))
  return f.done({ shelterId, admittedAt, bed, belongings })
}

export type Discharge = {
  reason: DischargeReason
  dischargedAt: number
  note: string | null
  receivedBy: { name: string; relation: string; phone: string | null } | null
}

/** A discharge; a return to the family is a hand-over, so it names who received the person. */
export function parseDischarge(body: FormBody, ctx: { admittedAt: number; zone: string; now: number }): Parsed<Discharge> {
  const f = readForm(body)
  const reason = f.choice('reason', dischargeReasons, 'Pilih alasan keluar.')
  const dischargedAt = when(f, 'discharged_at', 'Tanggal keluar', ctx, ctx.admittedAt)
  const note = f.text('note', named('Catatan', noteMax))
  const receivedBy =
    reason === 'keluarga'
      ? { name: f.text('received_by', named('Nama penerima', 120, true)), relation: f.text('received_relation', named('Hubungan dengan penerima', 60, true)), phone: f.phone('received_phone') }
      : null
  return f.done({ reason, dischargedAt, note, receivedBy })
}

/** A shelter and its stay limit (admin). */
export function parseShelterForm(body: FormBody): Parsed<{ name: string; stayLimitDays: number; active: boolean }> {
  const f = readForm(body)
  const nameRule = 'Nama wajib diisi (paling banyak 80 karakter).'
  const name = f.text('name', { max: 80, required: nameRule, tooLong: nameRule })
  const stayLimitDays = f.int('stay_limit_days', { min: 1, max: 3650 }, 'Batas antara 1 dan 3650 hari.')
  return f.done({ name, stayLimitDays, active: f.str('active') !== '0' })
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
export function parseAssessment(body: FormBody): Parsed<AssessmentInput> {
  const f = readForm(body)
  return f.done({
    masalah: f.text('masalah', named('Masalah', 4000, true)),
    potensi: f.text('potensi', named('Potensi', 4000, true)),
    sumber: f.text('sumber', named('Sumber', 4000, true)),
    identity: f.text('identity', named('Identitas', noteMax)),
    health: f.text('health', named('Kondisi kesehatan', noteMax)),
    mentalState: f.text('mental_state', named('Kondisi kejiwaan', noteMax)),
    familyContacts: f.text('family_contacts', named('Kontak keluarga', noteMax)),
  })
}

export function parseDocumentStep(body: FormBody): Parsed<{ step: DocumentStep; status: keyof typeof documentStatuses; note: string | null }> {
  const f = readForm(body)
  const step = f.choice('step', documentSteps, 'Langkah tidak dikenal.')
  const status = f.choice('status', documentStatuses, 'Pilih status.')
  const note = f.text('note', named('Catatan', 500))
  return f.done({ step, status, note })
}

/** Region of origin: an official province code, optionally one of its regencies, plus free text. */
export function parseOrigin(body: FormBody, ctx: { provinceCodes: ReadonlySet<string>; regencyOf: (code: string) => string | undefined }): Parsed<{ provinceCode: string; regencyCode: string | null; detail: string | null }> {
  const f = readForm(body)
  const provinceCode = f.choice('province', ctx.provinceCodes, 'Pilih provinsi asal.')
  const regencyCode = f.str('regency') || null
  // The regency must lie in the chosen province: the official code carries the province prefix.
  if (!f.errors.province && regencyCode && ctx.regencyOf(regencyCode) !== provinceCode) f.fail('regency', 'Kabupaten/kota tidak berada di provinsi yang dipilih.')
  const detail = f.text('detail', named('Kecamatan / desa', 200))
  return f.done({ provinceCode, regencyCode, detail })
}

export function parseTracingContact(body: FormBody): Parsed<{ method: string; contact: string; result: string; note: string | null }> {
  const f = readForm(body)
  const method = f.choice('method', tracingMethods, 'Pilih cara menghubungi.')
  const result = f.choice('result', tracingResults, 'Pilih hasilnya.')
  const contact = f.text('contact', named('Siapa yang dihubungi', 200, true))
  const note = f.text('note', named('Catatan', 1000))
  return f.done({ method, contact, result, note })
}
