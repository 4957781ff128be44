/**
 * Admin forms checked at the boundary: each parser returns the clean value, or every typed value
 * back with a message per field (STYLE.md, handlers). Pure.
 */
import { urgencies } from './glossary'
import { rungProblem, type Rung } from './escalation'
import { checkUsername, isEmail } from './import'
import { normalizePhone } from './phone'
import type { IsoWeekday, OfficeDay } from './sla'

export type FormValues = Record<string, string>
export type FieldErrors = Record<string, string>
export type Parsed<T> = { ok: true; value: T } | { ok: false; values: FormValues; errors: FieldErrors }

type Body = Record<string, string | File | (string | File)[]>

const forbiddenChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/

function str(body: Body, name: string): string {
  const raw = body[name]
  const value = Array.isArray(raw) ? raw[0] : raw
  return typeof value === 'string' ? value.normalize('NFC').trim() : ''
}

function list(body: Body, name: string): string[] {
  const raw = body[name]
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  return values.filter((v): v is string => typeof v === 'string' && v !== '')
}

function text(values: FormValues, errors: FieldErrors, name: string, max: number, required?: string): string {
  const value = values[name] ?? ''
  if (!value && required) errors[name] = required
  else if (value.length > max) errors[name] = `Terlalu panjang (paling banyak ${max} karakter).`
  else if (forbiddenChars.test(value)) errors[name] = 'Berisi karakter yang tidak diizinkan.'
  return value
}

// ---- Users ----

export type UserInput = { username: string; displayName: string; role: string; phone: string | null; email: string | null; kelurahan: string[] }

/** The user form; `kelurahan` may repeat. A facilitator must cover at least one kelurahan. */
export function parseUserForm(body: Body, ctx: { roles: readonly string[]; kelurahanCodes: ReadonlySet<string>; usernameFixed?: string }): Parsed<UserInput> & { kelurahan: string[] } {
  const values: FormValues = { username: ctx.usernameFixed ?? str(body, 'username').toLowerCase(), display_name: str(body, 'display_name'), role: str(body, 'role'), phone: str(body, 'phone'), email: str(body, 'email') }
  const kelurahan = [...new Set(list(body, 'kelurahan'))]
  const errors: FieldErrors = {}
  const usernameError = checkUsername(values.username!)
  if (usernameError) errors.username = usernameError
  const displayName = text(values, errors, 'display_name', 100, 'Nama wajib diisi.')
  if (!ctx.roles.includes(values.role!)) errors.role = 'Pilih peran.'
  let phone: string | null = null
  if (values.phone) {
    const checked = normalizePhone(values.phone)
    if (checked.ok) phone = checked.phone
    else errors.phone = checked.message
  }
  if (values.email && !isEmail(values.email)) errors.email = 'Alamat email tidak valid.'
  if (kelurahan.some((code) => !ctx.kelurahanCodes.has(code))) errors.kelurahan = 'Pilih kelurahan dari daftar.'
  else if (values.role === 'fasilitator' && kelurahan.length === 0) errors.kelurahan = 'Fasilitator harus punya paling sedikit satu kelurahan.'
  if (Object.keys(errors).length > 0) return { ok: false, values, errors, kelurahan }
  return { ok: true, value: { username: values.username!, displayName, role: values.role!, phone, email: values.email || null, kelurahan }, kelurahan }
}

// ---- Categories ----

export type CategoryInput = { code: string; name: string; groupName: string | null; targetHours: number; clock: 'calendar' | 'working'; defaultUrgency: string; sort: number; active: boolean }

export function parseCategoryForm(body: Body): Parsed<CategoryInput> {
  const values: FormValues = {
    code: str(body, 'code').toLowerCase(),
    name: str(body, 'name'),
    group_name: str(body, 'group_name'),
    target_hours: str(body, 'target_hours'),
    clock: str(body, 'clock'),
    default_urgency: str(body, 'default_urgency'),
    sort: str(body, 'sort') || '0',
    active: str(body, 'active') === '1' ? '1' : '',
  }
  const errors: FieldErrors = {}
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(values.code!)) errors.code = 'Kode 2–40 karakter: huruf kecil, angka atau tanda hubung.'
  const name = text(values, errors, 'name', 100, 'Nama kategori wajib diisi.')
  const groupName = text(values, errors, 'group_name', 100)
  const hours = Number(values.target_hours)
  // Up to a year: longer is not a target any more.
  if (!/^\d+$/.test(values.target_hours!) || hours < 1 || hours > 8760) errors.target_hours = 'Target berupa jumlah jam, 1 sampai 8760.'
  if (values.clock !== 'calendar' && values.clock !== 'working') errors.clock = 'Pilih jam kalender atau jam kerja.'
  if (!Object.keys(urgencies).includes(values.default_urgency!)) errors.default_urgency = 'Pilih urgensi bawaan.'
  const sort = Number(values.sort)
  if (!/^-?\d{1,4}$/.test(values.sort!)) errors.sort = 'Urutan berupa angka.'
  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: { code: values.code!, name, groupName: groupName || null, targetHours: hours, clock: values.clock as 'calendar' | 'working', defaultUrgency: values.default_urgency!, sort, active: values.active === '1' } }
}

// ---- Agency profile ----

export const weekdayNames: Record<IsoWeekday, string> = { 1: 'Senin', 2: 'Selasa', 3: 'Rabu', 4: 'Kamis', 5: "Jum'at", 6: 'Sabtu', 7: 'Minggu' }
export const weekdays: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7]

/** Indonesia's zones (Permendagri): the profile offers these only. */
export const indonesianZones: [string, string][] = [
  ['Asia/Jakarta', 'WIB (Asia/Jakarta)'],
  ['Asia/Pontianak', 'WIB (Asia/Pontianak)'],
  ['Asia/Makassar', 'WITA (Asia/Makassar)'],
  ['Asia/Jayapura', 'WIT (Asia/Jayapura)'],
]

/** The four letterhead lines the surat tugas prints (keys shared with the letter's view). */
export const letterheadLines = {
  government: { key: 'letterhead.government', label: 'Kop baris 1: pemerintah daerah' },
  agency: { key: 'letterhead.agency', label: 'Kop baris 2: nama dinas' },
  address: { key: 'letterhead.address', label: 'Kop baris 3: alamat' },
  contact: { key: 'letterhead.contact', label: 'Kop baris 4: telepon, email, laman' },
} as const
export type LetterheadLine = keyof typeof letterheadLines

export type AgencyProfile = { name: string; letterhead: Record<LetterheadLine, string>; hotline: string; zone: string; officeHours: Record<IsoWeekday, OfficeDay> }

/** Setting keys of the profile, as stored in `settings`. */
export const profileKeys = { name: 'agency.name', hotline: 'agency.hotline', zone: 'agency.zone', officeHours: 'agency.office_hours' } as const

export function parseProfileForm(body: Body): Parsed<AgencyProfile> {
  const values: FormValues = { name: str(body, 'name'), hotline: str(body, 'hotline'), zone: str(body, 'zone') }
  const errors: FieldErrors = {}
  const name = text(values, errors, 'name', 150, 'Nama instansi wajib diisi.')
  const letterhead = {} as Record<LetterheadLine, string>
  for (const line of Object.keys(letterheadLines) as LetterheadLine[]) {
    values[`letterhead_${line}`] = str(body, `letterhead_${line}`)
    letterhead[line] = text(values, errors, `letterhead_${line}`, 150)
  }
  const hotline = text(values, errors, 'hotline', 40)
  if (hotline && !/^[0-9+ ()./-]{3,40}$/.test(hotline)) errors.hotline = 'Nomor layanan hanya angka, spasi, +, -, ( ).'
  if (!indonesianZones.some(([zone]) => zone === values.zone)) errors.zone = 'Pilih zona waktu.'
  const officeHours = {} as Record<IsoWeekday, OfficeDay>
  for (const day of weekdays) {
    const open = str(body, `open_${day}`) === '1'
    const start = str(body, `start_${day}`)
    const end = str(body, `end_${day}`)
    values[`open_${day}`] = open ? '1' : ''
    values[`start_${day}`] = start
    values[`end_${day}`] = end
    if (!open) {
      officeHours[day] = null
      continue
    }
    const clock = /^([01]\d|2[0-3]):[0-5]\d$/
    if (!clock.test(start) || !(clock.test(end) || end === '24:00') || end <= start) errors[`hours_${day}`] = `Jam ${weekdayNames[day]}: isi jam buka dan tutup (JJ:MM), tutup setelah buka.`
    officeHours[day] = { start, end }
  }
  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: { name, letterhead, hotline, zone: values.zone!, officeHours } }
}

/** Office hours from the stored JSON; `fallback` when absent or unreadable. */
export function readOfficeHours(json: string | undefined, fallback: Record<IsoWeekday, OfficeDay>): Record<IsoWeekday, OfficeDay> {
  if (!json) return fallback
  try {
    const parsed = JSON.parse(json) as Record<string, OfficeDay>
    const out = {} as Record<IsoWeekday, OfficeDay>
    for (const day of weekdays) {
      const d = parsed[day]
      out[day] = d && typeof d.start === 'string' && typeof d.end === 'string' ? { start: d.start, end: d.end } : null
    }
    return out
  } catch {
    return fallback
  }
}

export function parseHoliday(body: Body): Parsed<{ date: string; name: string }> {
  const values: FormValues = { date: str(body, 'date'), name: str(body, 'name') }
  const errors: FieldErrors = {}
  const date = values.date!
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)
  if (!valid) errors.date = 'Pilih tanggal.'
  const name = text(values, errors, 'name', 100, 'Nama hari libur wajib diisi.')
  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: { date, name } }
}

// ---- Escalation ladder ----

/**
 * The ladder form: rows `rung_<i>`, `label_<i>`, `after_hours_<i>`, `target_percent_<i>`,
 * `assignee_<i>`, `roles_<i>` (repeated), `users_<i>` (repeated) for i = 0..count-1. What is typed
 * is checked here; how the rungs fit together, by the ladder's rule (`rungProblem`).
 */
export function parseLadderForm(body: Body, ctx: { roles: readonly string[]; userIds: ReadonlySet<number> }): { ok: true; value: Rung[] } | { ok: false; rows: LadderRow[]; errors: FieldErrors } {
  const count = Math.min(20, Math.max(0, Number(str(body, 'count')) || 0))
  const rows: LadderRow[] = []
  const errors: FieldErrors = {}
  for (let i = 0; i < count; i++) {
    if (str(body, `remove_${i}`) === '1') continue
    const row = {
      rung: str(body, `rung_${i}`),
      label: str(body, `label_${i}`),
      afterHours: str(body, `after_hours_${i}`),
      targetPercent: str(body, `target_percent_${i}`),
      notifyAssignee: str(body, `assignee_${i}`) === '1',
      roles: list(body, `roles_${i}`),
      userIds: list(body, `users_${i}`),
    }
    // The form's spare rung at the end stays out when nothing was typed into it.
    const blank = !row.label && !row.afterHours && !row.targetPercent && !row.notifyAssignee && row.roles.length === 0 && row.userIds.length === 0
    if (!blank) rows.push(row)
  }
  if (rows.length === 0) errors.ladder = 'Tangga eskalasi paling sedikit satu anak tangga.'
  const rungs: Rung[] = []
  rows.forEach((row, i) => {
    const fail = (message: string) => (errors[`row_${i}`] ??= message)
    const rung = Number(row.rung)
    if (!/^\d{1,2}$/.test(row.rung)) return fail('Nomor anak tangga berupa angka.')
    if (!row.label || row.label.length > 100 || forbiddenChars.test(row.label)) fail('Nama anak tangga wajib diisi (paling banyak 100 karakter).')
    const hours = Number(row.afterHours || '0')
    let percent: number | null = null
    if (rung === 0) {
      percent = Number(row.targetPercent)
      if (!/^\d{1,2}$/.test(row.targetPercent) || percent < 1 || percent > 99) fail('Pengingat: persen dari target, 1 sampai 99.')
    } else if (!/^\d{1,4}$/.test(row.afterHours || '0')) fail('Jam setelah anak tangga sebelumnya berupa angka, 0 sampai 9999.')
    const roles = row.roles.filter((r) => ctx.roles.includes(r))
    const userIds = row.userIds.map(Number).filter((id) => ctx.userIds.has(id))
    if (roles.length !== row.roles.length || userIds.length !== row.userIds.length) fail('Pilih peran dan pengguna dari daftar.')
    const value: Rung = { rung, label: row.label, afterHours: rung === 0 ? 0 : hours, targetPercent: percent, notifyAssignee: row.notifyAssignee, roles, userIds }
    const problem = rungProblem(value, i === 0 ? null : Number(rows[i - 1]!.rung))
    if (problem) fail(problem)
    rungs.push(value)
  })
  if (Object.keys(errors).length > 0) return { ok: false, rows, errors }
  return { ok: true, value: rungs }
}

/** One row of the ladder form as typed. */
export type LadderRow = { rung: string; label: string; afterHours: string; targetPercent: string; notifyAssignee: boolean; roles: string[]; userIds: string[] }

export function ladderRowsOf(rungs: readonly Rung[]): LadderRow[] {
  return rungs.map((r) => ({ rung: String(r.rung), label: r.label, afterHours: String(r.afterHours), targetPercent: r.targetPercent === null ? '' : String(r.targetPercent), notifyAssignee: r.notifyAssignee, roles: [...r.roles], userIds: r.userIds.map(String) }))
}
