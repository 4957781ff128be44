/**
 * "Kelurahan belum diketahui" (issue 17): a caller who cannot name the kelurahan still files the
 * report, with a landmark, and a supervisor sets the kelurahan later. It is a kelurahan row of its
 * own (under a kecamatan "00" of the region, a code the official data never uses) rather than an
 * empty column: every case keeps a kelurahan, case lists keep their joins, and the dashboard counts
 * such cases under their own name. Facilitators never cover it, so intake leaves it unassigned.
 */

export const unknownAreaName = 'Belum diketahui'

/** The region's "belum diketahui" kecamatan and kelurahan codes (region `61.71` → `61.71.00`, `61.71.00.0000`). */
export function unknownAreaCodes(region: string): { kecamatan: string; kelurahan: string } {
  return { kecamatan: `${region}.00`, kelurahan: `${region}.00.0000` }
}

export function isUnknownKelurahan(code: string): boolean {
  return /^\d{2}\.\d{2}\.00\.0000$/.test(code)
}

export type KelurahanDecision = { ok: true; code: string } | { ok: false; status: 409 | 422; message: string; errors?: Record<string, string> }

/** Whether a "Tetapkan kelurahan" form may set `body.kelurahan` on the case: only once, only an official kelurahan, only on the version seen. */
export function decideKelurahan(kase: { kelurahanCode: string; version: number }, body: Record<string, unknown>, officialCodes: ReadonlySet<string>): KelurahanDecision {
  if (Number(body.version) !== kase.version) {
    return { ok: false, status: 409, message: 'Kasus ini sudah diubah orang lain sejak halaman dibuka. Periksa keadaannya sekarang, lalu ulangi bila masih perlu.' }
  }
  if (!isUnknownKelurahan(kase.kelurahanCode)) return { ok: false, status: 409, message: 'Kelurahan kasus ini sudah ditetapkan.' }
  const code = typeof body.kelurahan === 'string' ? body.kelurahan : ''
  if (!officialCodes.has(code)) return { ok: false, status: 422, message: 'Periksa isian yang ditandai.', errors: { kelurahan: 'Pilih kelurahan dari daftar.' } }
  return { ok: true, code }
}
