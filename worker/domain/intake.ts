import { operatorChannels, type Channel } from './case'
import { ageGroups, dtksStatuses, relations, sexes, urgencies } from './glossary'
import { isIdempotencyKey } from './idempotency'
import { readForm, type FormBody, type Parsed } from './form'
import { checkNik } from './nik'
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

/** A report read from the operator's form, with the operator's choice among the candidates. */
export type Intake = { report: Report; links: IntakeLinks }

export type IntakeContext = {
  categoryIds: ReadonlySet<number>
  kelurahanCodes: ReadonlySet<string>
  provinceCodes: ReadonlySet<string>
  now: number
}

/** Validates the intake form at the boundary; on failure every typed value comes back with a message per field. */
export function parseIntake(body: FormBody, ctx: IntakeContext, channel?: Channel): Parsed<Intake> {
  const f = readForm(body)
  const reporterName = f.text('reporter_name', { max: 100, required: 'Nama pelapor wajib diisi.' })
  const reporterPhone = f.phone('reporter_phone')
  const reporterRelation = f.choice('reporter_relation', relations, 'Pilih hubungan pelapor.')
  const chosenChannel = channel ?? f.choice<Channel>('channel', operatorChannels, 'Pilih saluran laporan.')
  if ((chosenChannel === 'telepon' || chosenChannel === 'whatsapp' || chosenChannel === 'online') && !reporterPhone) {
    f.fail('reporter_phone', 'Nomor HP pelapor wajib diisi untuk laporan lewat telepon, WhatsApp atau online.')
  }

  const personName = f.text('person_name', { max: 200, required: 'Isi nama, atau ciri-ciri bila nama tidak diketahui.' })
  const personNik = f.nik('person_nik', ctx)
  const fromNik = personNik ? checkNik(personNik, ctx) : null
  const personFeatures = f.text('person_features', { max: 1000 })
  const personAge = f.str('person_age') ? f.int('person_age', { min: 0, max: 120 }, 'Perkiraan umur berupa angka tahun, 0–120.') : null
  // The candidate chosen: `p:<person id>` (same person, new case) or `s:<case id>` (a sighting of that open case).
  const link = /^([ps]):([1-9]\d{0,15})$/.exec(f.str('link'))
  if (channel === undefined && f.str('link') && !link) f.fail('link', 'Pilihan orang tidak dikenal; pilih lagi.')
  const linked = (kind: string) => (link?.[1] === kind ? Number(link[2]) : null)
  const personAgeGroup = f.choice('person_age_group', ageGroups, 'Pilih kelompok umur.')
  const personSex = f.choice('person_sex', sexes, 'Pilih jenis kelamin.')

  const kelurahanCode = f.choice('kelurahan', ctx.kelurahanCodes, 'Pilih kelurahan dari daftar.')
  const address = f.text('address', { max: 300, required: 'Alamat atau lokasi wajib diisi.' })
  const [rt, rw] = (['rt', 'rw'] as const).map((field) => {
    const value = f.str(field)
    if (value && !/^\d{1,3}$/.test(value)) f.fail(field, `${field.toUpperCase()} berupa angka, paling banyak 3 digit.`)
    return value ? value.padStart(3, '0') : null
  })
  // Without a kelurahan the landmark is what lets the supervisor find the place (unknown-area.ts).
  const landmark = isUnknownKelurahan(kelurahanCode)
    ? f.text('landmark', { max: 200, required: 'Kelurahan belum diketahui: isi patokan atau ciri tempatnya (mis. "depan Masjid Al-Falah, dekat jembatan").' })
    : f.text('landmark', { max: 200 })

  const categoryId = f.id('category', ctx.categoryIds, 'Pilih kategori.')
  const urgency = f.choice('urgency', urgencies, 'Pilih tingkat urgensi.')
  const description = f.text('description', { max: 4000, required: 'Uraikan apa yang terjadi.' })
  const dtksStatus = f.choice('dtks_status', dtksStatuses, 'Pilih status DTKS.')

  const idempotencyKey = f.str('idem')
  if (!isIdempotencyKey(idempotencyKey)) f.fail('idem', 'Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi.')

  return f.done({
    report: {
      idempotencyKey,
      channel: chosenChannel,
      reporterName,
      reporterPhone,
      reporterRelation,
      personName,
      personNik,
      personAgeGroup,
      personSex,
      kelurahanCode,
      address,
      rt: rt ?? null,
      rw: rw ?? null,
      landmark,
      categoryId,
      urgency,
      description,
      dtksStatus,
      personUnknown: f.str('person_unknown') === '1' && !personNik,
      personFeatures,
      personAge,
      personBirthDate: fromNik?.ok ? fromNik.birthDate : null,
    },
    links: channel === undefined ? { personId: linked('p'), sightingOf: linked('s'), candidatesSeen: f.str('candidates_seen') === '1' } : { personId: null, sightingOf: null, candidatesSeen: true },
  })
}
