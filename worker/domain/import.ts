/**
 * Past records from an agency's spreadsheets, checked row by row before anything is saved:
 * which CSV column feeds which field, what is wrong with each row, and a stable key per row so a
 * re-import creates nothing twice. Pure: takes `now` and reference data, returns data.
 */
import { forbiddenMessage, hasForbiddenChars } from './form'
import { exactMatch, nameIndex, nameKey, suggestions, type NameIndex } from './name-match'
import { checkNik } from './nik'
import { normalizePhone } from './phone'
import { zoneOffset } from './zone'

export const caseImportFields = {
  received_at: { label: 'Tanggal laporan', required: true, hints: ['tanggal', 'tgl', 'date', 'waktu'] },
  kelurahan: { label: 'Kelurahan / desa (nama atau kode)', required: true, hints: ['kelurahan', 'desa', 'kel'] },
  person_name: { label: 'Nama orang yang dilaporkan', required: true, hints: ['nama', 'ppks', 'penerima'] },
  person_nik: { label: 'NIK', required: false, hints: ['nik'] },
  category: { label: 'Kategori (nama atau kode)', required: false, hints: ['kategori', 'jenis', 'layanan', 'program'] },
  description: { label: 'Uraian', required: false, hints: ['uraian', 'keterangan', 'masalah', 'pengaduan', 'keluhan'] },
  address: { label: 'Alamat', required: false, hints: ['alamat'] },
  reporter_name: { label: 'Nama pelapor', required: false, hints: ['pelapor'] },
  reporter_phone: { label: 'Nomor HP pelapor', required: false, hints: ['hp', 'telepon', 'telp', 'wa'] },
  closed_at: { label: 'Tanggal selesai', required: false, hints: ['selesai', 'ditutup', 'tutup'] },
  outcome: { label: 'Hasil penanganan', required: false, hints: ['hasil', 'tindak', 'penanganan', 'solusi'] },
} as const

export type CaseImportField = keyof typeof caseImportFields
export const caseImportFieldKeys = Object.keys(caseImportFields) as CaseImportField[]

/** Column index (0-based) per field; a missing field is not in the file. */
export type CaseMapping = { columns: Partial<Record<CaseImportField, number>>; defaultCategoryId: number | null; values?: ValueMapping }

/**
 * Where the value mapping of a file is remembered: its source is known by its column headings, so
 * next year's sheet from the same office, with the same headings, finds this year's answers.
 */
export function sourceSettingKey(header: string[]): string {
  return `import.values.${hashHex(header.map((h) => normalizeKey(h)).join('|'))}`
}

/** A stored value mapping, or none when absent or not one. */
export function parseValues(json: string | undefined | null): ValueMapping {
  try {
    const parsed = json ? (JSON.parse(json) as unknown) : {}
    return typeof parsed === 'object' && parsed !== null ? (parsed as ValueMapping) : {}
  } catch {
    return {}
  }
}

/** The admin's answers for the values of one file, over what was remembered for its source. */
export function mergeValues(remembered: ValueMapping, chosen: ValueMapping = {}): ValueMapping {
  return Object.fromEntries(valueFields.map((f) => [f, { ...remembered[f], ...chosen[f] }]))
}

/** A first guess at the mapping from the header's words; the admin corrects it. */
export function guessMapping(header: string[]): CaseMapping['columns'] {
  const columns: CaseMapping['columns'] = {}
  const taken = new Set<number>()
  const words = header.map((h) => normalizeKey(h))
  // Specific fields first, so "Nama pelapor" goes to the reporter and not to the person.
  const order: CaseImportField[] = ['reporter_phone', 'reporter_name', 'person_nik', 'closed_at', 'received_at', 'kelurahan', 'category', 'outcome', 'description', 'address', 'person_name']
  for (const field of order) {
    const index = words.findIndex((w, i) => !taken.has(i) && caseImportFields[field].hints.some((hint) => w.includes(hint)))
    if (index >= 0) {
      columns[field] = index
      taken.add(index)
    }
  }
  return columns
}

/** Lowercase letters and digits only, for the header's words. */
export function normalizeKey(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** The kelurahan to match a spreadsheet's text against, by name or code (name-match.ts). */
export function kelurahanLookup(rows: { code: string; name: string }[]): NameIndex<string> {
  return nameIndex(rows.map((k) => ({ value: k.code, names: [k.name, k.code] })))
}

export function categoryLookup(rows: { id: number; code: string; name: string }[]): NameIndex<number> {
  return nameIndex(rows.map((c) => ({ value: c.id, names: [c.name, c.code] })))
}

/** The columns whose values name something in the reference data, and may need the admin's mapping. */
export const valueFields = ['category', 'kelurahan'] as const
export type ValueField = (typeof valueFields)[number]

/**
 * The admin's answer for values the matcher did not recognise, per field: the value's key
 * (nameKey) → a category id or kelurahan code. Remembered per source for the next import.
 */
export type ValueMapping = Partial<Record<ValueField, Record<string, string>>>

/** A value of a column that matched nothing exactly, with how often it occurs and the best guesses. */
export type UnmatchedValue = { field: ValueField; text: string; key: string; count: number; lines: number[]; mapped: string | null; guesses: string[] }

export type ImportContext = {
  kelurahan: NameIndex<string>
  categories: NameIndex<number>
  values?: ValueMapping
  provinceCodes: ReadonlySet<string>
  zone: string
  now: number
  fileName: string
}

/** A valid row, ready to become a closed historical case. */
export type ImportedCase = {
  line: number
  key: string
  kelurahanCode: string
  categoryId: number
  receivedAt: number
  closedAt: number
  personName: string
  personNik: string | null
  description: string
  address: string
  reporterName: string
  reporterPhone: string | null
  outcome: string | null
}

export type RowProblem = { line: number; messages: string[] }

const limits = { personName: 200, description: 4000, address: 300, reporterName: 100, outcome: 2000 }

/**
 * Checks every data row (`rows` without the header; line numbers count the header as line 1).
 * Identical rows get keys that differ by their occurrence, so a file that lists the same complaint
 * twice imports it twice, and importing that file again imports nothing.
 */
export function checkCaseRows(rows: string[][], mapping: CaseMapping, ctx: ImportContext): { valid: ImportedCase[]; problems: RowProblem[] } {
  const valid: ImportedCase[] = []
  const problems: RowProblem[] = []
  const seen = new Map<string, number>()
  const prefix = normalizeKey(ctx.fileName)
  rows.forEach((row, index) => {
    const line = index + 2
    const cell = (field: CaseImportField): string => {
      const column = mapping.columns[field]
      return column === undefined ? '' : (row[column] ?? '').normalize('NFC').trim()
    }
    const messages: string[] = []

    const received = parseLocalDate(cell('received_at'), ctx.zone)
    if (received === null) messages.push(cell('received_at') ? `Tanggal laporan "${cell('received_at')}" tidak dikenali (pakai 2021-03-31 atau 31/03/2021).` : 'Tanggal laporan kosong.')
    else if (received > ctx.now) messages.push('Tanggal laporan ada di masa depan.')
    let closedAt = received
    if (cell('closed_at')) {
      closedAt = parseLocalDate(cell('closed_at'), ctx.zone)
      if (closedAt === null) messages.push(`Tanggal selesai "${cell('closed_at')}" tidak dikenali.`)
      else if (received !== null && closedAt < received) messages.push('Tanggal selesai sebelum tanggal laporan.')
    }

    const kelurahanText = cell('kelurahan')
    const kelurahanCode = mappedValue(ctx, 'kelurahan', kelurahanText) ?? exactMatch(kelurahanText, ctx.kelurahan)
    if (!kelurahanText) messages.push('Kelurahan kosong.')
    else if (kelurahanCode === null) messages.push(`Kelurahan "${kelurahanText}" ada di lebih dari satu kecamatan; pakai kodenya.`)
    else if (kelurahanCode === undefined) messages.push(`Kelurahan "${kelurahanText}" tidak dikenal di wilayah ini.`)

    const categoryText = cell('category')
    const mappedCategory = mappedValue(ctx, 'category', categoryText)
    const categoryId = categoryText ? (mappedCategory !== undefined ? Number(mappedCategory) : (exactMatch(categoryText, ctx.categories) ?? undefined)) : (mapping.defaultCategoryId ?? undefined)
    if (categoryId === undefined) messages.push(categoryText ? `Kategori "${categoryText}" tidak dikenal.` : 'Kategori kosong dan tidak ada kategori bawaan.')

    const personName = cell('person_name')
    if (!personName) messages.push('Nama kosong.')
    let personNik: string | null = null
    if (cell('person_nik')) {
      const nik = checkNik(cell('person_nik'), { provinceCodes: ctx.provinceCodes, now: ctx.now })
      if (nik.ok) personNik = nik.nik
      else messages.push(`NIK: ${nik.message}`)
    }
    let reporterPhone: string | null = null
    if (cell('reporter_phone')) {
      const phone = normalizePhone(cell('reporter_phone'))
      if (phone.ok) reporterPhone = phone.phone
      else messages.push(`HP pelapor: ${phone.message}`)
    }
    const texts = { personName, description: cell('description'), address: cell('address'), reporterName: cell('reporter_name'), outcome: cell('outcome') }
    for (const [name, value] of Object.entries(texts) as [keyof typeof limits, string][]) {
      if (value.length > limits[name]) messages.push(`Isian terlalu panjang (paling banyak ${limits[name]} karakter).`)
      else if (hasForbiddenChars(value)) messages.push(forbiddenMessage)
    }

    if (messages.length > 0) {
      problems.push({ line, messages })
      return
    }
    const content = row.map((f) => f.trim()).join('\u001f')
    const occurrence = (seen.get(content) ?? 0) + 1
    seen.set(content, occurrence)
    valid.push({
      line,
      key: `impor:${hashHex(`${prefix}\u001e${content}\u001e${occurrence}`)}`,
      kelurahanCode: kelurahanCode!,
      categoryId: categoryId!,
      receivedAt: received!,
      closedAt: closedAt!,
      personName,
      personNik,
      description: texts.description || '(diimpor dari arsip; tanpa uraian)',
      address: texts.address || '-',
      reporterName: texts.reporterName || '-',
      reporterPhone,
      outcome: texts.outcome || null,
    })
  })
  return { valid, problems }
}

function mappedValue(ctx: ImportContext, field: ValueField, text: string): string | undefined {
  const to = text ? ctx.values?.[field]?.[nameKey(text)] : undefined
  const known = field === 'category' ? ctx.categories.entries.some((c) => String(c.value) === to) : ctx.kelurahan.entries.some((k) => k.value === to)
  return to && known ? to : undefined
}

/**
 * Every distinct value of the category and kelurahan columns the matcher does not recognise, in the
 * order they first appear, with the rows they are on and up to three guesses (issue 17: a past
 * year's sheet in the agency's own words is mapped value by value, not refused row by row).
 */
export function unmatchedValues(rows: string[][], mapping: CaseMapping, ctx: ImportContext): UnmatchedValue[] {
  const found = new Map<string, UnmatchedValue>()
  rows.forEach((row, index) => {
    for (const field of valueFields) {
      const column = mapping.columns[field]
      const text = column === undefined ? '' : (row[column] ?? '').normalize('NFC').trim()
      const names: NameIndex<string | number> = field === 'category' ? ctx.categories : ctx.kelurahan
      if (!text || exactMatch(text, names) !== undefined) continue
      const key = nameKey(text)
      if (!key) continue // punctuation only: nothing to map, the row is refused
      const id = `${field}:${key}`
      const seen = found.get(id)
      if (seen) {
        seen.count++
        if (seen.lines.length < 5) seen.lines.push(index + 2)
        continue
      }
      found.set(id, { field, text, key, count: 1, lines: [index + 2], mapped: mappedValue(ctx, field, text) ?? null, guesses: suggestions(text, names).map((g) => String(g.value)) })
    }
  })
  return [...found.values()]
}

/** The ticket of an imported case: "R-" and 10 characters of its key, unique among real tickets (which have no letters). */
export function importTicket(key: string): string {
  return `R-${key.slice(key.indexOf(':') + 1, key.indexOf(':') + 11).toUpperCase()}`
}

const datePatterns: [RegExp, (m: RegExpExecArray) => [number, number, number]][] = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})/, (m) => [Number(m[1]), Number(m[2]), Number(m[3])]],
  [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/, (m) => [Number(m[3]), Number(m[2]), Number(m[1])]],
]

/**
 * A local date, optionally with 'HH:MM[:SS]', in the deployment's zone, as UTC ms; null when not a
 * real date. Day first (Indonesian style): 03/04/2021 is 3 April.
 */
export function parseLocalDate(text: string, zone: string): number | null {
  for (const [pattern, parts] of datePatterns) {
    const m = pattern.exec(text)
    if (!m) continue
    const [year, month, day] = parts(m)
    const rest = text.slice(m[0].length).trim().replace(/^T/, '')
    const time = rest === '' ? ['0', '0', '0'] : /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/.exec(rest)?.slice(1)
    if (!time) return null
    const [hour, minute, second] = time.map((t) => Number(t ?? 0)) as [number, number, number]
    if (year < 1900 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null
    const local = Date.UTC(year, month - 1, day, hour, minute, second)
    if (new Date(local).getUTCDate() !== day) return null
    // Indonesia's zones have no DST, so the offset at the local wall time is the offset at the instant.
    return local - zoneOffset(local, zone)
  }
  return null
}

/** 106 bits of two seeded cyrb53 hashes, as hex: a stable, fast row key (not a secret). */
export function hashHex(text: string): string {
  return cyrb53(text, 1).toString(16).padStart(14, '0') + cyrb53(text, 2).toString(16).padStart(14, '0')
}

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

// ---- Users from a CSV file ----

export type ImportedUser = { line: number; username: string; displayName: string; role: string; kelurahan: string[]; phone: string | null; email: string | null }

/**
 * Checks a users file whose header names the columns (`username, nama, peran, kelurahan, hp, email`;
 * several kelurahan separated by `|`). Usernames must be new, also within the file.
 */
export function checkUserRows(
  table: string[][],
  ctx: { roles: readonly string[]; kelurahan: NameIndex<string>; existingUsernames: ReadonlySet<string> },
): { valid: ImportedUser[]; problems: RowProblem[]; missingColumns: string[] } {
  const header = (table[0] ?? []).map((h) => normalizeKey(h))
  const column = (name: string) => header.indexOf(name)
  const missingColumns = ['username', 'nama', 'peran'].filter((name) => column(name) < 0)
  const valid: ImportedUser[] = []
  const problems: RowProblem[] = []
  if (missingColumns.length > 0) return { valid, problems, missingColumns }
  const inFile = new Set<string>()
  table.slice(1).forEach((row, index) => {
    const line = index + 2
    const cell = (name: string) => (column(name) >= 0 ? (row[column(name)] ?? '').normalize('NFC').trim() : '')
    const messages: string[] = []
    const username = cell('username').toLowerCase()
    const userCheck = checkUsername(username)
    if (userCheck) messages.push(userCheck)
    else if (ctx.existingUsernames.has(username) || inFile.has(username)) messages.push(`Nama pengguna "${username}" sudah dipakai.`)
    inFile.add(username)
    const displayName = cell('nama')
    if (!displayName) messages.push('Nama kosong.')
    else if (displayName.length > 100) messages.push('Nama terlalu panjang (paling banyak 100 karakter).')
    else if (hasForbiddenChars(displayName)) messages.push(forbiddenMessage)
    const role = cell('peran').toLowerCase()
    if (!ctx.roles.includes(role)) messages.push(`Peran "${cell('peran')}" tidak dikenal (${ctx.roles.join(', ')}).`)
    const kelurahan: string[] = []
    for (const part of cell('kelurahan').split('|').map((p) => p.trim()).filter(Boolean)) {
      const code = exactMatch(part, ctx.kelurahan)
      if (code) {
        if (!kelurahan.includes(code)) kelurahan.push(code)
      } else messages.push(`Kelurahan "${part}" tidak dikenal${code === null ? ' (ada di lebih dari satu kecamatan; pakai kodenya)' : ''}.`)
    }
    if (role === 'fasilitator' && kelurahan.length === 0 && !messages.some((m) => m.startsWith('Kelurahan'))) messages.push('Fasilitator harus punya paling sedikit satu kelurahan.')
    let phone: string | null = null
    if (cell('hp')) {
      const checked = normalizePhone(cell('hp'))
      if (checked.ok) phone = checked.phone
      else messages.push(`HP: ${checked.message}`)
    }
    const email = cell('email') || null
    if (email && !isEmail(email)) messages.push(`Email "${email}" tidak valid.`)
    if (messages.length > 0) problems.push({ line, messages })
    else valid.push({ line, username, displayName, role, kelurahan, phone, email })
  })
  return { valid, problems, missingColumns }
}

/** A message when `username` is not 3–32 of a–z, 0–9, dot, dash or underscore; null when fine. */
export function checkUsername(username: string): string | null {
  if (!username) return 'Nama pengguna wajib diisi.'
  if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username)) return 'Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.'
  return null
}

export function isEmail(text: string): boolean {
  return text.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(text)
}
