import { readForm, type FormBody, type Parsed } from './form'
import { checkNik } from './nik'
import { sexes } from './glossary'
import { birthYearOf, nameKey } from './person-match'

/** Who may change a person record: fix identity, merge two records, split a wrong link (issue 23). */
export const personEditorRoles = ['operator', 'fasilitator', 'supervisor'] as const

export type PersonForm = {
  version: number
  name: string
  identityKnown: boolean
  nameKey: string
  aliases: string | null
  nik: string | null
  birthDate: string | null
  birthYear: number | null
  sex: string
  origin: string | null
  familyContacts: string | null
  features: string | null
}

/**
 * The identity form of a person. A NIK establishes the identity (document steps from Dukcapil end
 * there) and gives the birth date and sex when those were left empty; an estimated age stands in
 * for a birth date nobody knows.
 */
export function parsePersonForm(body: FormBody, ctx: { provinceCodes: ReadonlySet<string>; now: number }): Parsed<PersonForm> {
  const f = readForm(body)
  const version = f.int('version', { min: 1, max: Number.MAX_SAFE_INTEGER }, 'Muat ulang halaman lalu kirim lagi.')
  const name = f.text('name', { max: 200, required: 'Isi nama, atau sebutan sementara bila belum diketahui.' })
  const known = f.flag('identity_known')
  const aliases = f.text('aliases', { max: 300 })
  const nik = f.nik('nik', ctx)
  const fromNik = nik ? checkNik(nik, ctx) : null
  const birthText = f.str('birth_date')
  let birthDate: string | null = null
  if (birthText) {
    birthDate = f.date('birth_date', 'Tulis tanggal lahir sebagai tahun-bulan-tanggal, mis. 1961-08-17.')
    if (Date.parse(`${birthDate}T00:00:00Z`) > ctx.now) f.fail('birth_date', 'Tanggal lahir tidak boleh di masa depan.')
  } else if (fromNik?.ok) birthDate = fromNik.birthDate
  const age = f.str('age') ? f.int('age', { min: 0, max: 120 }, 'Perkiraan umur berupa angka tahun, 0–120.') : null
  let sex = f.choice('sex', sexes, 'Pilih jenis kelamin.') as string
  if (sex === 'tidak_diketahui' && fromNik?.ok) sex = fromNik.sex
  const origin = f.text('origin', { max: 200 })
  const familyContacts = f.text('family_contacts', { max: 500 })
  const features = f.text('features', { max: 1000 })
  return f.done({
    version,
    name,
    identityKnown: known || nik !== null,
    nameKey: nameKey(name),
    aliases,
    nik,
    birthDate,
    birthYear: birthYearOf({ birthDate, age }, ctx.now),
    sex,
    origin,
    familyContacts,
    features,
  })
}

/** A merge: the other person (who stays) and why they are one. */
export function parseMerge(body: FormBody): Parsed<{ into: number; reason: string }> {
  const f = readForm(body)
  const into = f.int('into', { min: 1, max: Number.MAX_SAFE_INTEGER }, 'Pilih orang yang sama.')
  const reason = f.text('reason', { max: 500, required: 'Tulis alasan: apa yang menunjukkan ini orang yang sama.' })
  return f.done({ into, reason })
}
