/**
 * SP4N-LAPOR! (issue 24): a case that came through LAPOR! carries its tracking id, and its
 * resolution is written the way a LAPOR! follow-up is entered. Pure.
 */
import { readForm, type FormBody, type Parsed } from './form'
import { formatDateLong } from './format'
import { labelOf } from './glossary'
import { outcomes } from './transitions'

// Outcomes that tell of a person's health or death stay out of a text the public side of LAPOR! shows.
const withheld: readonly string[] = ['diserahkan_rs', 'meninggal']

/** Who records the LAPOR! id: the staff who take in and coordinate a case. */
export const laporRoles = ['operator', 'fasilitator', 'supervisor'] as const

/** A LAPOR! tracking id as staff copy it (digits, letters, dashes); empty clears it. */
export function parseLaporId(body: FormBody): Parsed<{ laporId: string | null }> {
  const form = readForm(body)
  const laporId = form.text('lapor_id', { max: 30, tooLong: 'Nomor tiket LAPOR! paling banyak 30 karakter.' })
  if (laporId && !/^[A-Za-z0-9-]{4,30}$/.test(laporId)) form.fail('lapor_id', 'Nomor tiket LAPOR! hanya berisi huruf, angka dan tanda hubung (paling sedikit 4).')
  return form.done({ laporId })
}

/**
 * The follow-up text to paste into LAPOR!: its ticket, the date, what was done and the outcome, in
 * plain Indonesian; never a name, NIK or health detail (LAPOR! shows follow-ups to the reporter).
 */
export function laporResolutionText(k: { laporId: string; ticket: string; resolvedAt: number; outcome: string | null; agency: string }, zone: string): string {
  const outcome = k.outcome && !withheld.includes(k.outcome) ? labelOf(outcomes, k.outcome) : 'Laporan selesai ditindaklanjuti; rinciannya disampaikan langsung kepada pihak terkait'
  return [
    `Nomor tiket LAPOR!: ${k.laporId}`,
    `Tanggal penyelesaian: ${formatDateLong(k.resolvedAt, zone)}`,
    `Tindak lanjut: laporan telah ditangani oleh ${k.agency} (nomor laporan ${k.ticket}).`,
    `Hasil: ${outcome}.`,
  ].join('\n')
}
