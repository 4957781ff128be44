/**
 * Guest links (issue 24, seed 004): a kelurahan contact without an account (lurah, Babinsa,
 * Bhabinkamtibmas, RT/RW) sees one case's errand and answers it. Pure: takes `now`.
 */
import { openStatuses } from './case'
import { readForm, type FormBody, type Parsed } from './form'

const HOUR_MS = 3_600_000

/** How long a link works: three days, enough for an errand passed on over a weekend. */
export const guestLinkHours = 72

/** Who may send and revoke links: the staff who coordinate a case in the field. */
export const guestLinkRoles = ['operator', 'fasilitator', 'supervisor'] as const

export const guestAnswerLabels = { menuju_lokasi: 'Sudah menuju lokasi', tidak_ada: 'Orangnya tidak ada', catatan: 'Catatan' } as const
export type GuestAnswer = keyof typeof guestAnswerLabels

export type GuestLinkState = 'active' | 'expired' | 'revoked'

/** When a link made at `now` stops working. */
export function guestLinkExpiresAt(now: number): number {
  return now + guestLinkHours * HOUR_MS
}

/** A link works until it is revoked or its time is up (the expiry instant itself is already too late). */
export function guestLinkState(link: { expiresAt: number; revokedAt: number | null }, now: number): GuestLinkState {
  if (link.revokedAt !== null) return 'revoked'
  return now < link.expiresAt ? 'active' : 'expired'
}

/** Links are sent only for a case still being handled: a closed case has nothing left to ask. */
export function canSendGuestLink(status: string): boolean {
  return (openStatuses as readonly string[]).includes(status)
}

// The form's key, as randomToken() makes it: a double submit stores one record.
const formKey = /^[A-Za-z0-9_-]{16,64}$/

/** Staff's request for a link: which contact, what is asked of them, the form's key. */
export function parseGuestLinkRequest(body: FormBody, contactIds: ReadonlySet<number>): Parsed<{ contactId: number; ask: string; idem: string }> {
  const form = readForm(body)
  const contactId = form.id('contact', contactIds, 'Pilih kontak kelurahan.')
  const ask = form.text('ask', { max: 500, required: 'Tulis apa yang diminta dari kontak ini.', tooLong: 'Permintaan paling banyak 500 karakter.' })
  const idem = form.str('idem')
  if (!formKey.test(idem)) form.fail('ask', 'Formulir kedaluwarsa. Muat ulang halaman lalu kirim lagi.')
  return form.done({ contactId, ask, idem })
}

/** A guest's answer: a choice, or a note alone; a note goes with either choice. */
export function parseGuestAnswer(body: FormBody): Parsed<{ answer: GuestAnswer; note: string | null; idem: string }> {
  const form = readForm(body)
  const note = form.text('note', { max: 1000, tooLong: 'Catatan paling banyak 1.000 karakter.' })
  // A note with no choice is a note.
  const answer = form.str('answer') === '' && note ? 'catatan' : form.choice('answer', guestAnswerLabels, 'Pilih jawaban, atau tulis catatan.')
  if (answer === 'catatan' && !note) form.fail('note', 'Tulis catatannya.')
  const idem = form.str('idem')
  if (!formKey.test(idem)) form.fail('answer', 'Halaman kedaluwarsa. Buka tautan lagi lalu kirim.')
  return form.done({ answer, note, idem })
}

/** The timeline's words for a guest answer: who (role and name), what, and the note. */
export function guestAnswerNote(link: { contactName: string; roleLabel: string }, answer: GuestAnswer, note: string | null): string {
  const what = answer === 'catatan' ? note ?? '' : `${guestAnswerLabels[answer]}${note ? `. ${note}` : ''}`
  return `${link.roleLabel} ${link.contactName}: ${what}`
}

/**
 * The WhatsApp text sent with a link: greeting, what is asked, the link and until when it works.
 * No name, NIK or health detail of the person: the message sits on a phone Sigap does not control.
 */
export function guestLinkMessage(m: { agency: string; contactName: string; ticket: string; ask: string; url: string; until: string }): string {
  return [
    `Yth. ${m.contactName},`,
    `${m.agency} meminta bantuan untuk laporan ${m.ticket}: ${m.ask}`,
    `Lihat lokasi dan kirim jawaban di tautan ini (berlaku sampai ${m.until}): ${m.url}`,
    'Mohon tautan ini tidak diteruskan. Terima kasih.',
  ].join('\n')
}
