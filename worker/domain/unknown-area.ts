/**
 * "Kelurahan belum diketahui" (issue 17): a caller who cannot name the kelurahan still files the
 * report, with a landmark, and a supervisor sets the kelurahan later. It is a kelurahan row of its
 * own (under a kecamatan "00" of the region, a code the official data never uses) rather than an
 * empty column: every case keeps a kelurahan, case lists keep their joins, and the dashboard counts
 * such cases under their own name. Facilitators never cover it, so intake leaves it unassigned.
 */
import { readForm, type FormBody, type Parsed } from './form'

export const unknownAreaName = 'Belum diketahui'

/** The region's "belum diketahui" kecamatan and kelurahan codes (region `61.71` → `61.71.00`, `61.71.00.0000`). */
export function unknownAreaCodes(region: string): { kecamatan: string; kelurahan: string } {
  return { kecamatan: `${region}.00`, kelurahan: `${region}.00.0000` }
}

export function isUnknownKelurahan(code: string): boolean {
  return /^\d{2}\.\d{2}\.00\.0000$/.test(code)
}

/** Why a "Tetapkan kelurahan" form may not change the case (409), or null: only on the version seen, only once. */
export function kelurahanRefusal(kase: { kelurahanCode: string; version: number }, version: number): string | null {
  if (version !== kase.version) return 'Kasus ini sudah diubah orang lain sejak halaman dibuka. Periksa keadaannya sekarang, lalu ulangi bila masih perlu.'
  if (!isUnknownKelurahan(kase.kelurahanCode)) return 'Kelurahan kasus ini sudah ditetapkan.'
  return null
}

/** The kelurahan chosen on the form: one of the official ones, never "belum diketahui" again. */
export function parseKelurahanChoice(body: FormBody, officialCodes: ReadonlySet<string>): Parsed<string> {
  const form = readForm(body)
  const code = form.choice('kelurahan', officialCodes, 'Pilih kelurahan dari daftar.')
  return form.done(code)
}
