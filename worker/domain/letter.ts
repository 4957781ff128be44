/**
 * The surat tugas as a naskah dinas (Permendagri 1/2023): what it says, frozen when it is issued,
 * and the checks of what a supervisor or an admin types into it. Pure.
 */
import { readForm, type FormBody, type FormValues, type Parsed } from './form'
import { pad } from './format'
import { readNip } from './nip'

/** A person named on the letter as they were when it was issued. */
export type LetterPerson = { name: string; nip: string | null; rank: string | null; position: string | null }

/** Everything printed between the number and the QR code; stored as JSON with the letter. */
export type LetterContent = {
  /** "Dasar": the legal basis, one item per line of the agency's setting. */
  basis: string[]
  /** "Menugaskan … Kepada": the officers sent. */
  officers: LetterPerson[]
  /** "Untuk": the task, as the supervisor worded it. */
  task: string
  /** The assignment period, local calendar days 'YYYY-MM-DD'. */
  periodStart: string
  periodEnd: string
  /** Where it was signed ("Pontianak"). */
  place: string
  signer: LetterPerson & { position: string }
}

// ---- The agency's letter settings (admin, Profil instansi) ----

// The limits keep the longest letter on one A4 page (test/browser/handling.test.ts).
export const letterSettings = {
  place: { key: 'letter.city', label: 'Tempat penandatanganan (nama kota atau kabupaten)', max: 60 },
  classification: { key: 'letter.classification', label: 'Kode klasifikasi nomor surat', max: 20 },
  unit: { key: 'letter.unit', label: 'Kode unit pada nomor surat (mis. Dinsos)', max: 20 },
  signerTitle: { key: 'letter.signer_title', label: 'Jabatan penanda tangan (mis. Kepala Dinas Sosial)', max: 120 },
  signerName: { key: 'letter.signer_name', label: 'Nama penanda tangan', max: 100 },
  signerRank: { key: 'letter.signer_rank', label: 'Pangkat/golongan penanda tangan', max: 60 },
  signerNip: { key: 'letter.signer_nip', label: 'NIP penanda tangan', max: 30 },
  basis: { key: 'letter.basis', label: 'Dasar (satu dasar hukum per baris)', max: 600 },
} as const
export type LetterSetting = keyof typeof letterSettings

export const maxBasisLines = 5

/** The letter part of the profile form: fields `letter_<setting>`; the Dasar lines stored without their numbering. */
export function parseLetterSettings(body: FormBody): Parsed<Record<LetterSetting, string>> {
  const f = readForm(body)
  const out = {} as Record<LetterSetting, string>
  for (const [name, { max }] of Object.entries(letterSettings) as [LetterSetting, (typeof letterSettings)[LetterSetting]][]) {
    out[name] = name === 'signerNip' ? (readNip(f, 'letter_signerNip') ?? '') : (f.text(`letter_${name}`, { max }) ?? '')
  }
  out.basis = basisLines(out.basis).join('\n')
  if (out.basis.split('\n').length > maxBasisLines) f.fail('letter_basis', `Paling banyak ${maxBasisLines} baris dasar.`)
  if (out.classification && !/^[0-9A-Za-z.]+$/.test(out.classification)) f.fail('letter_classification', 'Hanya angka, huruf dan titik (mis. 400.9.3).')
  if (out.unit && !/^[0-9A-Za-z.-]+$/.test(out.unit)) f.fail('letter_unit', 'Hanya huruf, angka, titik dan tanda hubung (mis. Dinsos).')
  return f.done(out)
}

/** Non-empty trimmed lines, with a leading "1." or "a." numbering dropped: the letter numbers them. */
export const basisLines = (raw: string) =>
  raw
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^(\d{1,2}|[a-z])[.)]\s+/, ''))
    .filter(Boolean)

// ---- Issuing ----

export type LetterRequest = { task: string; periodStart: string; periodEnd: string }

export const maxTaskLength = 400
export const maxPeriodDays = 31

const isoDay = (d: { year: number; month: number; day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000
const addDays = (iso: string, days: number) => new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10)

/** The issue form as it opens: the task in words that name no one, and three days from today. */
export function letterFormDefaults(k: { ticket: string; kelurahanName: string; kecamatanName: string }, today: { year: number; month: number; day: number }): FormValues {
  const start = isoDay(today)
  return {
    task: `Menindaklanjuti laporan nomor ${k.ticket} di Kelurahan ${k.kelurahanName}, Kecamatan ${k.kecamatanName}: menemui warga yang dilaporkan, menilai kebutuhannya, dan memberikan pelayanan atau rujukan sesuai ketentuan.`,
    period_start: start,
    period_end: addDays(start, 2),
  }
}

/**
 * The supervisor's issue form. The letter is carried and shown at the door, so the task must not
 * carry a NIK (a 16-digit number, however spaced); the period starts at most a week back.
 */
export function parseLetterForm(body: FormBody, today: { year: number; month: number; day: number }): Parsed<LetterRequest> {
  const f = readForm(body)
  // One paragraph on the letter, whatever lines it was typed in.
  const task = f.text('task', { max: maxTaskLength, required: 'Tuliskan tugas yang diberikan.' }).replace(/\s*\r?\n\s*/g, ' ')
  if (/\d{16}/.test(task.replace(/(?<=\d)[\s.-](?=\d)/g, ''))) f.fail('task', 'Jangan tulis NIK di surat tugas: surat ini diperlihatkan kepada warga.')
  const start = f.date('period_start', 'Pilih tanggal mulai.')
  const end = f.date('period_end', 'Pilih tanggal selesai.')
  if (!f.errors.period_start && dayNumber(start) < dayNumber(isoDay(today)) - 7) f.fail('period_start', 'Tanggal mulai paling lama 7 hari yang lalu.')
  if (!f.errors.period_start && !f.errors.period_end) {
    if (dayNumber(end) < dayNumber(start)) f.fail('period_end', 'Tanggal selesai tidak boleh sebelum tanggal mulai.')
    else if (dayNumber(end) - dayNumber(start) + 1 > maxPeriodDays) f.fail('period_end', `Masa tugas paling lama ${maxPeriodDays} hari.`)
  }
  return f.done({ task, periodStart: start, periodEnd: end })
}

/**
 * Who signs: the agency's configured signer (normally the Kepala Dinas), or, when the profile names
 * none, the supervisor issuing the letter under the configured position.
 */
export function signerOf(settings: ReadonlyMap<string, string>, issuer: LetterPerson): LetterContent['signer'] {
  const get = (s: LetterSetting) => settings.get(letterSettings[s].key) || null
  const title = get('signerTitle') ?? 'Kepala Dinas Sosial'
  const name = get('signerName')
  if (name) return { name, nip: get('signerNip'), rank: get('signerRank'), position: title }
  return { ...issuer, position: issuer.position ?? title }
}

/** The "Dasar" items from the agency's setting. */
export const basisOf = (settings: ReadonlyMap<string, string>) => basisLines(settings.get(letterSettings.basis.key) ?? '')

/**
 * A letter issued before its content was kept with it: rebuilt from its case, its officer as the
 * account says now and today's settings, for one day (the day it was issued).
 */
export function legacyContent(
  l: { ticket: string; kelurahanName: string; kecamatanName: string; officer: LetterPerson },
  issued: { year: number; month: number; day: number },
  place: string,
  settings: ReadonlyMap<string, string>,
): LetterContent {
  const day = isoDay(issued)
  return {
    basis: basisOf(settings),
    officers: [l.officer],
    task: letterFormDefaults(l, issued).task!,
    periodStart: day,
    periodEnd: day,
    place,
    signer: signerOf(settings, { name: '', nip: null, rank: null, position: null }),
  }
}
