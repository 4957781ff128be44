/**
 * NIK (Nomor Induk Kependudukan) validation.
 *
 * Structure per Dukcapil: PP KK CC DDMMYY SSSS — province, regency/city, district,
 * birth date (day + 40 for women) and a serial starting at 0001.
 */

export type NikContext = {
  /** Known two-digit province codes, e.g. '61' (from idn-area-data). */
  provinceCodes: ReadonlySet<string>
  /** Current time, UTC epoch ms; decides the century of the two-digit birth year. */
  now: number
}

export type NikResult =
  | { ok: true; nik: string; birthDate: string; sex: 'L' | 'P' }
  | { ok: false; message: string }

// Asia/Jakarta has been a fixed UTC+7 since 1964, so a constant offset gives its calendar date.
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000

/**
 * Normalises and checks a NIK. Returns the 16 ASCII digits with the birth date (YYYY-MM-DD)
 * and sex encoded in it, or an Indonesian message for the form.
 */
export function checkNik(raw: string, ctx: NikContext): NikResult {
  // NFKC turns fullwidth digits and separators into ASCII; any other character
  // (letters, zero-width, Arabic-Indic digits, control) makes the input rejected.
  const compact = raw.normalize('NFKC').trim().replace(/[ .-]/g, '')
  if (compact === '') return fail('NIK harus 16 angka.')
  if (!/^[0-9]+$/.test(compact)) return fail('NIK hanya boleh berisi angka.')
  if (compact.length !== 16) return fail('NIK harus 16 angka.')
  if (/^0+$/.test(compact)) return fail('NIK tidak valid.')

  if (!ctx.provinceCodes.has(compact.slice(0, 2))) return fail('Kode provinsi NIK tidak dikenal.')
  if (compact.slice(2, 4) === '00') return fail('Kode kabupaten/kota pada NIK tidak valid.')
  if (compact.slice(4, 6) === '00') return fail('Kode kecamatan pada NIK tidak valid.')

  const encodedDay = Number(compact.slice(6, 8))
  const month = Number(compact.slice(8, 10))
  const yy = Number(compact.slice(10, 12))
  const sex = encodedDay > 40 ? 'P' : 'L'
  const day = sex === 'P' ? encodedDay - 40 : encodedDay
  const birthDate = resolveBirthDate(day, month, yy, ctx.now)
  if (birthDate === null) return fail('Tanggal lahir pada NIK tidak valid.')

  if (compact.slice(12) === '0000') return fail('Nomor urut pada NIK tidak boleh 0000.')

  return { ok: true, nik: compact, birthDate, sex }
}

/**
 * Picks the century so the birth date is not after today (Jakarta calendar):
 * the 2000s when that date has already happened, otherwise the 1900s.
 */
function resolveBirthDate(day: number, month: number, yy: number, now: number): string | null {
  if (day < 1 || day > 31 || month < 1 || month > 12) return null
  const today = new Date(now + JAKARTA_OFFSET_MS).toISOString().slice(0, 10)
  for (const year of [2000 + yy, 1900 + yy]) {
    const iso = isoDate(year, month, day)
    if (iso !== null && iso <= today) return iso
  }
  return null
}

/** 'YYYY-MM-DD' for a real calendar date, null for e.g. 30 February. */
function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return d.toISOString().slice(0, 10)
}

function fail(message: string): NikResult {
  return { ok: false, message }
}
