/**
 * Guest links (issue 24, seed 004): a kelurahan contact without an account (lurah, Babinsa,
 * Bhabinkamtibmas, RT/RW) sees one case's errand and answers it. Pure: takes `now`.
 */
import type { FieldErrors, Parsed } from './admin-forms'
import { openStatuses } from './case'

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

type Body = Record<string, unknown>
const field = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string).normalize('NFC').trim() : '')
const forbiddenChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/

/** Staff's request for a link: which contact, what is asked of them, the form's key. */
export function parseGuestLinkRequest(body: Body, contactIds: ReadonlySet<number>): Parsed<{ contactId: number; ask: string; idem: string }> {
  const values = { contact: field(body, 'contact'), ask: field(body, 'ask'), idem: field(body, 'idem') }
  const errors: FieldErrors = {}
  const contactId = Number(values.contact)
  if (!contactIds.has(contactId)) errors.contact = 'Pilih kontak kelurahan.'
  if (!values.ask) errors.ask = 'Tulis apa yang diminta dari kontak ini.'
  else if (values.ask.length > 500) errors.ask = 'Permintaan paling banyak 500 karakter.'
  else if (forbiddenChars.test(values.ask)) errors.ask = 'Permintaan berisi karakter yang tidak diizinkan.'
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(values.idem)) errors.ask ??= 'Formulir kedaluwarsa. Muat ulang halaman lalu kirim lagi.'
  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: { contactId, ask: values.ask, idem: values.idem } }
}

/** A guest's answer: a choice, or a note alone; a note goes with either choice. */
export function parseGuestAnswer(body: Body): Parsed<{ answer: GuestAnswer; note: string | null; idem: string }> {
  const values = { answer: field(body, 'answer'), note: field(body, 'note'), idem: field(body, 'idem') }
  const errors: FieldErrors = {}
  const answer = values.answer === '' && values.note ? 'catatan' : values.answer
  if (!Object.hasOwn(guestAnswerLabels, answer)) errors.answer = 'Pilih jawaban, atau tulis catatan.'
  else if (answer === 'catatan' && !values.note) errors.note = 'Tulis catatannya.'
  if (values.note.length > 1000) errors.note = 'Catatan paling banyak 1.000 karakter.'
  else if (forbiddenChars.test(values.note)) errors.note = 'Catatan berisi karakter yang tidak diizinkan.'
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(values.idem)) errors.answer ??= 'Halaman kedaluwarsa. Buka tautan lagi lalu kirim.'
  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: { answer: answer as GuestAnswer, note: values.note || null, idem: values.idem } }
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
