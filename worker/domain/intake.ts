import { operatorChannels, type Channel } from './case'
import { ageGroups, dtksStatuses, relations, sexes, urgencies } from './glossary'
import { isIdempotencyKey } from './idempotency'
import { checkNik } from './nik'
import { normalizePhone } from './phone'
import { isUnknownKelurahan } from './unknown-area'

/** A validated report, ready to become a case. */
export type Report = {
  idempotencyKey: string
  channel: Channel
  reporterName: string
  reporterPhone: string | null
  reporterRelation: keyof typeof relations
  personName: string
  personNik: string | null
  personAgeGroup: keyof typeof ageGroups
  personSex: keyof typeof sexes
  kelurahanCode: string
  address: string
  rt: string | null
  rw: string | null
  landmark: string | null
  categoryId: number
  urgency: keyof typeof urgencies
  description: string
  dtksStatus: keyof typeof dtksStatuses
  // Issue 23: an unknown person's placeholder name is in personName; the birth date comes from the NIK.
  personUnknown: boolean
  personFeatures: string | null
  personAge: number | null
  personBirthDate: string | null
}

/**
 * The operator's decision after seeing the candidates (issue 23): the known person this report is
 * about, or the open case it is a further sighting of; none of it from the public forms.
 */
export type IntakeLinks = { personId: number | null; sightingOf: number | null; candidatesSeen: boolean }

export type IntakeValues = Record<string, string>
export type FieldErrors = Record<string, string>
export type IntakeResult = { ok: true; report: Report; links: IntakeLinks } | { ok: false; values: IntakeValues; errors: FieldErrors }

export type IntakeContext = {
  categoryIds: ReadonlySet<number>
  kelurahanCodes: ReadonlySet<string>
  provinceCodes: ReadonlySet<string>
  now: number
}

/** Form fields of the intake form, in the order an operator fills them. */
export const intakeFields = [
  'reporter_name', 'reporter_phone', 'reporter_relation', 'channel',
  'person_name', 'person_nik', 'person_age_group', 'person_sex',
  'kelurahan', 'address', 'rt', 'rw', 'landmark',
  'category', 'urgency', 'description', 'dtks_status', 'idem',
  'person_features', 'person_age',
] as const

/** The operator's choices besides typed values: the unknown-identity box and the candidate chosen (issue 23). */
export const intakeChoices = ['person_unknown', 'link', 'candidates_seen'] as const

const limits: Record<string, number> = {
  reporter_name: 100, person_name: 200, address: 300, landmark: 200, description: 4000, person_features: 1000,
}

// Control characters (except tab and newlines in the description) and bidi overrides make stored
// text lie about itself in lists and letters.
const forbiddenChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/

function cleanText(raw: string): string {
  return raw.normalize('NFC').trim()
}

/** Validates the intake form at the boundary; on failure every typed value comes back with a message per field. */
export function parseIntake(body: Record<string, unknown>, ctx: IntakeContext, channel?: Channel): IntakeResult {
  const values: IntakeValues = {}
  for (const field of [...intakeFields, ...intakeChoices]) {
    const raw = body[field]
    values[field] = typeof raw === 'string' ? raw : ''
  }
  const errors: FieldErrors = {}
  const text = (field: string, required: string | null): string | null => {
    const value = cleanText(values[field]!)
    if (!value) {
      if (required) errors[field] = required
      return null
    }
    const max = limits[field] ?? 20
    if (value.length > max) errors[field] = `Terlalu panjang (paling banyak ${max} karakter).`
    else if (forbiddenChars.test(value)) errors[field] = 'Berisi karakter yang tidak diizinkan.'
    return value
  }
  const choice = <T extends string>(field: string, options: Record<T, string> | readonly T[], message: string): T => {
    const keys: readonly string[] = Array.isArray(options) ? options : Object.keys(options)
    const value = values[field]!
    if (!keys.includes(value)) errors[field] = message
    return value as T
  }

  const reporterName = text('reporter_name', 'Nama pelapor wajib diisi.')
  let reporterPhone: string | null = null
  if (cleanText(values.reporter_phone!)) {
    const phone = normalizePhone(values.reporter_phone!)
    if (phone.ok) reporterPhone = phone.phone
    else errors.reporter_phone = phone.message
  }
  const reporterRelation = choice('reporter_relation', relations, 'Pilih hubungan pelapor.')
  const chosenChannel = channel ?? choice<Channel>('channel', operatorChannels, 'Pilih saluran laporan.')
  if ((chosenChannel === 'telepon' || chosenChannel === 'whatsapp' || chosenChannel === 'online') && !reporterPhone && !errors.reporter_phone) {
    errors.reporter_phone = 'Nomor HP pelapor wajib diisi untuk laporan lewat telepon, WhatsApp atau online.'
  }

  const personName = text('person_name', 'Isi nama, atau ciri-ciri bila nama tidak diketahui.')
  let personNik: string | null = null
  let personBirthDate: string | null = null
  if (cleanText(values.person_nik!)) {
    const nik = checkNik(values.person_nik!, { provinceCodes: ctx.provinceCodes, now: ctx.now })
    if (nik.ok) {
      personNik = nik.nik
      personBirthDate = nik.birthDate
    } else errors.person_nik = nik.message
  }
  const personFeatures = text('person_features', null)
  const ageText = cleanText(values.person_age!)
  const personAge = ageText ? Number(ageText) : null
  if (personAge !== null && !(/^\d{1,3}$/.test(ageText) && personAge <= 120)) errors.person_age = 'Perkiraan umur berupa angka tahun, 0–120.'
  // The candidate chosen: `p:<person id>` (same person, new case) or `s:<case id>` (a sighting of that open case).
  const link = /^([ps]):([1-9]\d{0,15})$/.exec(values.link!)
  if (channel === undefined && values.link && !link) errors.link = 'Pilihan orang tidak dikenal; pilih lagi.'
  const linked = (kind: string) => (link?.[1] === kind ? Number(link[2]) : null)
  const personAgeGroup = choice('person_age_group', ageGroups, 'Pilih kelompok umur.')
  const personSex = choice('person_sex', sexes, 'Pilih jenis kelamin.')

  const kelurahanCode = values.kelurahan!
  if (!ctx.kelurahanCodes.has(kelurahanCode)) errors.kelurahan = 'Pilih kelurahan dari daftar.'
  const address = text('address', 'Alamat atau lokasi wajib diisi.')
  const rt = text('rt', null)
  const rw = text('rw', null)
  for (const field of ['rt', 'rw'] as const) {
    const value = field === 'rt' ? rt : rw
    if (value && !/^\d{1,3}$/.test(value)) errors[field] = `${field.toUpperCase()} berupa angka, paling banyak 3 digit.`
  }
  // Without a kelurahan the landmark is what lets the supervisor find the place (unknown-area.ts).
  const landmark = text('landmark', isUnknownKelurahan(kelurahanCode) ? 'Kelurahan belum diketahui: isi patokan atau ciri tempatnya (mis. "depan Masjid Al-Falah, dekat jembatan").' : null)

  const categoryId = Number(values.category)
  if (!Number.isSafeInteger(categoryId) || !ctx.categoryIds.has(categoryId)) errors.category = 'Pilih kategori.'
  const urgency = choice('urgency', urgencies, 'Pilih tingkat urgensi.')
  const description = text('description', 'Uraikan apa yang terjadi.')
  const dtksStatus = choice('dtks_status', dtksStatuses, 'Pilih status DTKS.')

  const idempotencyKey = values.idem!
  if (!isIdempotencyKey(idempotencyKey)) errors.idem = 'Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi.'

  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return {
    ok: true,
    report: {
      idempotencyKey,
      channel: chosenChannel,
      reporterName: reporterName!,
      reporterPhone,
      reporterRelation,
      personName: personName!,
      personNik,
      personAgeGroup,
      personSex,
      kelurahanCode,
      address: address!,
      rt: rt ? rt.padStart(3, '0') : null,
      rw: rw ? rw.padStart(3, '0') : null,
      landmark,
      categoryId,
      urgency,
      description: description!,
      dtksStatus,
      personUnknown: values.person_unknown === '1' && !personNik,
      personFeatures,
      personAge,
      personBirthDate,
    },
    links: channel === undefined ? { personId: linked('p'), sightingOf: linked('s'), candidatesSeen: values.candidates_seen === '1' } : { personId: null, sightingOf: null, candidatesSeen: true },
  }
}
