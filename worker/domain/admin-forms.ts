/**
 * Admin forms checked at the boundary with the form kit (form.ts): the clean value, or every typed
 * value back with a message per field. Pure.
 */
import { urgencies } from './glossary'
import { rungProblem, type Rung } from './escalation'
import { checkUsername, isEmail } from './import'
import { readNip } from './nip'
import { normalizePhone } from './phone'
import type { IsoWeekday, OfficeDay } from './sla'
import { hasForbiddenChars, readForm, type FormBody, type Parsed } from './form'

// ---- Users ----

export type UserInput = { username: string; displayName: string; role: string; phone: string | null; email: string | null; kelurahan: string[] } & Officer
/** What a surat tugas prints of a person (domain/letter.ts); empty for those who are not civil servants. */
export type Officer = { nip: string | null; position: string | null; rank: string | null }

/** The user form; `kelurahan` may repeat. A facilitator must cover at least one kelurahan. */
export function parseUserForm(body: FormBody, ctx: { roles: readonly string[]; kelurahanCodes: ReadonlySet<string>; usernameFixed?: string }): Parsed<UserInput> & { kelurahan: string[] } {
  const f = readForm(body)
  const username = ctx.usernameFixed ?? f.str('username', (text) => text.toLowerCase())
  f.values.username = username
  const usernameError = checkUsername(username)
  if (usernameError) f.fail('username', usernameError)
  const displayName = f.text('display_name', { max: 100, required: 'Nama wajib diisi.' })
  const role = f.choice('role', ctx.roles, 'Pilih peran.')
  const phone = f.phone('phone')
  const email = f.str('email')
  if (email && !isEmail(email)) f.fail('email', 'Alamat email tidak valid.')
  const kelurahan = [...new Set(f.list('kelurahan'))]
  if (kelurahan.some((code) => !ctx.kelurahanCodes.has(code))) f.fail('kelurahan', 'Pilih kelurahan dari daftar.')
  else if (role === 'fasilitator' && kelurahan.length === 0) f.fail('kelurahan', 'Fasilitator harus punya paling sedikit satu kelurahan.')
  const nip = readNip(f, 'nip')
  const position = f.text('position', { max: 120 })
  const rank = f.text('rank', { max: 60 })
  return { ...f.done({ username, displayName, role, phone, email: email || null, kelurahan, nip, position, rank }), kelurahan }
}

// ---- Subject access (UU PDP) ----

/** Whose data to export: a NIK of any province (16 digits) or a phone number, at least one. */
export function parseSubjectKey(body: FormBody): Parsed<{ nik?: string; phone?: string }> {
  const f = readForm(body)
  const nik = f.str('nik').normalize('NFKC').replace(/[\s.-]/g, '')
  if (nik && !/^\d{16}$/.test(nik)) f.fail('nik', 'NIK terdiri dari 16 angka.')
  const typedPhone = f.str('phone')
  const phone = typedPhone ? normalizePhone(typedPhone) : null
  if (phone && !phone.ok) f.fail('phone', 'Nomor telepon tidak valid.')
  if (!nik && !phone) f.fail('nik', 'Isi NIK atau nomor telepon.')
  return f.done({ nik: nik || undefined, phone: phone?.ok ? phone.phone : undefined })
}

// ---- Categories ----

export type CategoryInput = { code: string; name: string; groupName: string | null; targetHours: number; clock: 'calendar' | 'working'; defaultUrgency: string; sort: number; active: boolean }

export function parseCategoryForm(body: FormBody): Parsed<CategoryInput> {
  const f = readForm(body)
  const code = f.str('code', (text) => text.toLowerCase())
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(code)) f.fail('code', 'Kode 2–40 karakter: huruf kecil, angka atau tanda hubung.')
  const name = f.text('name', { max: 100, required: 'Nama kategori wajib diisi.' })
  const groupName = f.text('group_name', { max: 100 })
  // Up to a year: longer is not a target any more.
  const targetHours = f.int('target_hours', { min: 1, max: 8760 }, 'Target berupa jumlah jam, 1 sampai 8760.')
  const clock = f.choice('clock', ['calendar', 'working'] as const, 'Pilih jam kalender atau jam kerja.')
  const defaultUrgency = f.choice('default_urgency', urgencies, 'Pilih urgensi bawaan.')
  const sort = f.int('sort', { min: -9999, max: 9999, blank: 0 }, 'Urutan berupa angka.')
  const active = f.flag('active')
  return f.done({ code, name, groupName, targetHours, clock, defaultUrgency, sort, active })
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
// Each line's limit keeps the longest kop on the letter's one A4 page (test/browser/handling.test.ts).
export const letterheadLines = {
  government: { key: 'letterhead.government', label: 'Kop baris 1: pemerintah daerah', max: 60 },
  agency: { key: 'letterhead.agency', label: 'Kop baris 2: nama dinas', max: 60 },
  address: { key: 'letterhead.address', label: 'Kop baris 3: alamat', max: 120 },
  contact: { key: 'letterhead.contact', label: 'Kop baris 4: telepon, email, laman', max: 120 },
} as const
export type LetterheadLine = keyof typeof letterheadLines

export type AgencyProfile = { name: string; letterhead: Record<LetterheadLine, string>; hotline: string; zone: string; officeHours: Record<IsoWeekday, OfficeDay> }

/** Setting keys of the profile, as stored in `settings`. */
export const profileKeys = { name: 'agency.name', hotline: 'agency.hotline', zone: 'agency.zone', officeHours: 'agency.office_hours' } as const

export function parseProfileForm(body: FormBody): Parsed<AgencyProfile> {
  const f = readForm(body)
  const name = f.text('name', { max: 150, required: 'Nama instansi wajib diisi.' })
  const letterhead = {} as Record<LetterheadLine, string>
  for (const line of Object.keys(letterheadLines) as LetterheadLine[]) letterhead[line] = f.text(`letterhead_${line}`, { max: letterheadLines[line].max }) ?? ''
  const hotline = f.text('hotline', { max: 40 }) ?? ''
  if (hotline && !/^[0-9+ ()./-]{3,40}$/.test(hotline)) f.fail('hotline', 'Nomor layanan hanya angka, spasi, +, -, ( ).')
  const zone = f.choice('zone', new Set(indonesianZones.map(([z]) => z)), 'Pilih zona waktu.')
  const officeHours = {} as Record<IsoWeekday, OfficeDay>
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/
  for (const day of weekdays) {
    const open = f.flag(`open_${day}`)
    const start = f.str(`start_${day}`)
    const end = f.str(`end_${day}`)
    if (!open) {
      officeHours[day] = null
      continue
    }
    if (!clock.test(start) || !(clock.test(end) || end === '24:00') || end <= start) f.fail(`hours_${day}`, `Jam ${weekdayNames[day]}: isi jam buka dan tutup (JJ:MM), tutup setelah buka.`)
    officeHours[day] = { start, end }
  }
  return f.done({ name, letterhead, hotline, zone, officeHours })
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

export function parseHoliday(body: FormBody): Parsed<{ date: string; name: string }> {
  const f = readForm(body)
  const date = f.date('date', 'Pilih tanggal.')
  const name = f.text('name', { max: 100, required: 'Nama hari libur wajib diisi.' })
  return f.done({ date, name })
}

// ---- Escalation ladder ----

/**
 * The ladder form: rows `rung_<i>`, `label_<i>`, `after_hours_<i>`, `target_percent_<i>`,
 * `assignee_<i>`, `roles_<i>` (repeated), `users_<i>` (repeated) for i = 0..count-1. What is typed
 * is checked here; how the rungs fit together, by the ladder's rule (`rungProblem`).
 */
export function parseLadderForm(body: FormBody, ctx: { roles: readonly string[]; userIds: ReadonlySet<number> }): Parsed<Rung[]> & { rows: LadderRow[] } {
  const f = readForm(body)
  const count = Math.min(20, Math.max(0, Number(f.str('count')) || 0))
  const rows: LadderRow[] = []
  for (let i = 0; i < count; i++) {
    if (f.str(`remove_${i}`) === '1') continue
    const row = {
      rung: f.str(`rung_${i}`),
      label: f.str(`label_${i}`),
      afterHours: f.str(`after_hours_${i}`),
      targetPercent: f.str(`target_percent_${i}`),
      notifyAssignee: f.str(`assignee_${i}`) === '1',
      roles: f.list(`roles_${i}`),
      userIds: f.list(`users_${i}`),
    }
    // The form's spare rung at the end stays out when nothing was typed into it.
    const blank = !row.label && !row.afterHours && !row.targetPercent && !row.notifyAssignee && row.roles.length === 0 && row.userIds.length === 0
    if (!blank) rows.push(row)
  }
  if (rows.length === 0) f.fail('ladder', 'Tangga eskalasi paling sedikit satu anak tangga.')
  const rungs: Rung[] = []
  rows.forEach((row, i) => {
    // Rows are renumbered as shown, so a row's message goes by its place on the page.
    const fail = (message: string) => f.fail(`row_${i}`, message)
    const rung = Number(row.rung)
    if (!/^\d{1,2}$/.test(row.rung)) return fail('Nomor anak tangga berupa angka.')
    if (!row.label || row.label.length > 100 || hasForbiddenChars(row.label)) fail('Nama anak tangga wajib diisi (paling banyak 100 karakter).')
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
  return { ...f.done(rungs), rows }
}

/** One row of the ladder form as typed. */
export type LadderRow = { rung: string; label: string; afterHours: string; targetPercent: string; notifyAssignee: boolean; roles: string[]; userIds: string[] }

export function ladderRowsOf(rungs: readonly Rung[]): LadderRow[] {
  return rungs.map((r) => ({ rung: String(r.rung), label: r.label, afterHours: String(r.afterHours), targetPercent: r.targetPercent === null ? '' : String(r.targetPercent), notifyAssignee: r.notifyAssignee, roles: [...r.roles], userIds: r.userIds.map(String) }))
}
