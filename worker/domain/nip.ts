/** NIP, the civil servant's number, as typed into a form and as printed on a letter. Pure. */
import type { Form } from './form'

/**
 * NIP as BKN issues it: 18 digits, birth date (8), appointment month (6), sex (1 or 2), serial (3).
 * Spaces as people write it ("19750328 200604 2 017") are dropped.
 */
export function checkNip(raw: string): { ok: true; nip: string } | { ok: false; message: string } {
  const nip = raw.replace(/[\s.]/g, '')
  if (!/^\d{18}$/.test(nip)) return { ok: false, message: 'NIP terdiri dari 18 angka.' }
  const month = (from: number) => Number(nip.slice(from, from + 2))
  const day = Number(nip.slice(6, 8))
  if (month(4) < 1 || month(4) > 12 || day < 1 || day > 31 || month(12) < 1 || month(12) > 12 || !'12'.includes(nip[14]!)) {
    return { ok: false, message: 'NIP tidak valid: periksa tanggal lahir, bulan pengangkatan dan kode jenis kelamin di dalamnya.' }
  }
  return { ok: true, nip }
}

/** NIP grouped as it is printed: "19750328 200604 2 017". */
export const formatNip = (nip: string) => `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`

/** The NIP field of a form: empty (not a civil servant) or a valid NIP, else a message beside it. */
export function readNip(f: Form, name: string): string | null {
  const raw = f.str(name)
  if (!raw) return null
  const checked = checkNip(raw)
  if (checked.ok) return checked.nip
  f.fail(name, checked.message)
  return null
}
