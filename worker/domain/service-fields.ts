// Extra form fields per service category (SI LARAS MANIS types, ambulance): a list kept as data,
// from which the form is rendered and the values validated. Admins edit it as one line per field.
import { named, readForm, type FormBody, type Parsed } from './form'

export const fieldTypes = ['teks', 'paragraf', 'tanggal', 'telepon', 'pilihan'] as const
export type FieldType = (typeof fieldTypes)[number]

export type ServiceField = { key: string; label: string; type: FieldType; required: boolean; options?: string[] }

const f = (key: string, label: string, type: FieldType, required = false, options?: string[]): ServiceField => ({ key, label, type, required, ...(options ? { options } : {}) })

/** Defaults by category code; a row in category_forms (admin) replaces them. */
export const defaultServiceFields: Record<string, ServiceField[]> = {
  'laras-rawat-inap': [f('rumah_sakit', 'Rumah sakit', 'teks', true), f('ruang', 'Ruang / bangsal', 'teks'), f('mulai', 'Mulai didampingi', 'tanggal', true), f('shift', 'Jadwal jaga', 'pilihan', false, ['Pagi', 'Siang', 'Malam', '24 jam'])],
  'laras-rujukan-rs': [f('rs_asal', 'Dari (RS / puskesmas / lokasi)', 'teks', true), f('rs_tujuan', 'Rumah sakit tujuan (mis. RSJ)', 'teks', true), f('surat_rujukan', 'Surat rujukan', 'pilihan', true, ['Ada', 'Belum ada']), f('jadwal', 'Jadwal', 'tanggal')],
  'laras-perawatan-rumah': [f('jenis', 'Jenis perawatan', 'pilihan', true, ['Kebersihan diri', 'Kebersihan rumah', 'Keduanya']), f('jadwal', 'Jadwal kunjungan', 'teks'), f('kondisi', 'Kondisi penerima', 'paragraf')],
  'laras-rawat-jalan': [f('rumah_sakit', 'Rumah sakit / poli', 'teks', true), f('jadwal', 'Tanggal kontrol', 'tanggal', true), f('bpjs', 'Nomor BPJS/KIS (bila ada)', 'teks')],
  'laras-antar-jemput': [f('jemput', 'Alamat penjemputan', 'teks', true), f('antar', 'Alamat tujuan', 'teks', true), f('jadwal', 'Waktu', 'tanggal'), f('pendamping', 'Pendamping keluarga', 'teks')],
  ambulans: [
    f('pasien', 'Nama pasien', 'teks', true),
    f('jenis', 'Jenis', 'pilihan', true, ['Pasien', 'Jenazah']),
    f('tujuan', 'Tujuan (RS / rumah duka)', 'teks', true),
    f('kontak', 'HP keluarga di lokasi', 'telepon'),
  ],
}

// A service field that repeats what the intake form already asks: taken from there, never typed twice.
const intakeTwins: Record<string, string> = { pasien: 'person_name' }

// While the caller is on the line nothing of these is required: seed 000's ambulance leaves on a name
// and an address. Whatever the caller knows is asked and kept; the case page asks for the rest.
const optional = (fields: readonly ServiceField[]) => fields.map((x) => ({ ...x, required: false }))

/** The fields the intake form shows for a category: its own, less those the form already asks. */
export function fieldsAtIntake(fields: readonly ServiceField[]): ServiceField[] {
  return optional(fields.filter((x) => !Object.hasOwn(intakeTwins, x.key)))
}

/**
 * The category's values from an intake form (issue 17): its twins copied from the intake fields
 * they repeat, the rest checked as on the case page except that none is required.
 */
export function serviceValuesAtIntake(fields: readonly ServiceField[], body: FormBody): Parsed<Record<string, string>> {
  const filled: FormBody = { ...body }
  for (const [key, from] of Object.entries(intakeTwins)) filled[`x_${key}`] = body[from]
  return validateServiceValues(optional(fields), filled)
}

const keyPattern = /^[a-z][a-z0-9_]{0,29}$/
const maxFields = 20

/**
 * The admin's lines (form field `fields`), `key | Label | type | wajib | option, option` (the last
 * two optional), as fields; the message names the line.
 */
export function parseFieldLines(body: FormBody): Parsed<ServiceField[]> {
  const f = readForm(body)
  const fields: ServiceField[] = []
  const problem = readLines(f.text('fields', { max: 20_000 }) ?? '', fields)
  if (problem) f.fail('fields', problem)
  return f.done(fields)
}

function readLines(text: string, fields: ServiceField[]): string | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  if (lines.length > maxFields) return `Paling banyak ${maxFields} isian.`
  for (const [i, line] of lines.entries()) {
    const [key = '', label = '', type = 'teks', required = '', options = ''] = line.split('|').map((p) => p.trim())
    const where = `Baris ${i + 1}`
    if (!keyPattern.test(key)) return `${where}: kunci harus huruf kecil, angka atau garis bawah (mis. rumah_sakit).`
    if (fields.some((x) => x.key === key)) return `${where}: kunci "${key}" dipakai dua kali.`
    if (!label || label.length > 80) return `${where}: label wajib diisi (paling banyak 80 karakter).`
    if (!(fieldTypes as readonly string[]).includes(type)) return `${where}: jenis harus salah satu dari ${fieldTypes.join(', ')}.`
    if (required && required !== 'wajib' && required !== 'opsional') return `${where}: tulis "wajib" atau "opsional".`
    const opts = options.split(',').map((o) => o.trim()).filter(Boolean)
    if (type === 'pilihan' && opts.length < 2) return `${where}: jenis pilihan butuh paling sedikit dua pilihan.`
    fields.push(f(key, label, type as FieldType, required === 'wajib', type === 'pilihan' ? opts : undefined))
  }
  return null
}

export function formatFieldLines(fields: readonly ServiceField[]): string {
  return fields.map((x) => [x.key, x.label, x.type, x.required ? 'wajib' : 'opsional', ...(x.options ? [x.options.join(', ')] : [])].join(' | ')).join('\n')
}

/** Reads stored JSON defensively: a malformed row shows no fields rather than breaking the case page. */
export function readFields(json: string | null | undefined, fallback: readonly ServiceField[] = []): ServiceField[] {
  if (!json) return [...fallback]
  try {
    const parsed = JSON.parse(json) as unknown
    return Array.isArray(parsed) ? (parsed as ServiceField[]).filter((x) => x && typeof x.key === 'string' && typeof x.label === 'string') : [...fallback]
  } catch {
    return [...fallback]
  }
}

/** Validates the values typed for `fields` (form names `x_<key>`); only the listed keys are kept, by key. */
export function validateServiceValues(fields: readonly ServiceField[], body: FormBody): Parsed<Record<string, string>> {
  const f = readForm(body)
  const value: Record<string, string> = {}
  for (const field of fields) {
    const name = `x_${field.key}`
    const typed = f.text(name, named(field.label, field.type === 'paragraf' ? 2000 : 200, field.required))
    if (!typed || f.errors[name]) continue
    if (field.type === 'pilihan' && !field.options?.includes(typed)) f.fail(name, `Pilih salah satu untuk ${field.label}.`)
    else if (field.type === 'tanggal' && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(typed)) f.fail(name, `${field.label}: tanggal tidak valid.`)
    else if (field.type === 'telepon' && !/^[+\d][\d ()-]{6,19}$/.test(typed)) f.fail(name, `${field.label}: nomor telepon tidak valid.`)
    else value[field.key] = typed
  }
  return f.done(value)
}
