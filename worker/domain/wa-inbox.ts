/**
 * The operator's side of reports by WhatsApp (issue 21): what a waiting conversation says in
 * words, the intake form it fills in, and the forms that attach it to a case or turn it away. Pure.
 */
import { readForm, type FormBody, type FormValues, type Parsed } from './form'
import { waRejectReasons } from './glossary'
import { lastFourDigits } from './phone'
import type { InboundKind } from './whatsapp'

/** One stored inbound message as the desk reads it (worker/db/schema-whatsapp.ts). */
export type WaMessage = {
  id: number
  kind: InboundKind
  body: string | null
  latitude: number | null
  longitude: number | null
  place: string | null
  mediaStatus: string | null
  mediaMime: string | null
  sentAt: number
}

/** A conversation as the desk reads it. */
export type WaConversation = {
  id: number
  sender: string
  profileName: string | null
  status: string
  caseId: number | null
  firstMessageAt: number
  closedReason: string | null
}

/** The sender as the lists show it ("…7890"): the whole number only on the audited conversation page. */
export const maskedSender = (sender: string) => `…${lastFourDigits(sender)}`

/** The sender's number as the intake form takes it (`62812…` → `+62812…`, domain/phone.ts). */
export const senderPhone = (sender: string) => `+${sender.replace(/\D/g, '')}`

/**
 * A map of a shared location on OpenStreetMap: a link the operator opens, nothing embedded, so
 * no page of Sigap loads a third party's tiles or scripts.
 */
export function mapLink(lat: number, lng: number): string {
  const [a, b] = [lat.toFixed(5), lng.toFixed(5)]
  return `https://www.openstreetmap.org/?mlat=${a}&mlon=${b}#map=17/${a}/${b}`
}

/** Coordinates as written in a landmark: "-3.44210, 114.83000". */
export const coordinatesText = (lat: number, lng: number) => `${lat.toFixed(5)}, ${lng.toFixed(5)}`

/** A photo the desk can show and a case can keep: an image whose bytes are stored. */
export const isStoredPhoto = (m: WaMessage) => m.kind === 'image' && m.mediaStatus === 'tersimpan'
/** A voice note (or other audio) whose bytes are stored. */
export const isStoredAudio = (m: WaMessage) => m.kind === 'audio' && m.mediaStatus === 'tersimpan'

/** What the sender wrote: a text, a photo's caption, a shared contact; null for anything else. */
export function writtenText(m: WaMessage): string | null {
  return (m.kind === 'text' || m.kind === 'image' || m.kind === 'contacts') && m.body ? m.body : null
}

/** The first thing the sender wrote, for the queue's row. */
export const firstText = (messages: WaMessage[]) => messages.map(writtenText).find((t) => t !== null) ?? null

/** The last location the sender shared (a later pin corrects an earlier one). */
export const sharedLocation = (messages: WaMessage[]) => messages.filter((m) => m.kind === 'location' && m.latitude !== null && m.longitude !== null).at(-1) ?? null

/**
 * The intake form filled in from a conversation: the sender's number and profile name, the texts
 * joined as the description, a shared location as address and landmark with its coordinates, the
 * channel WhatsApp. The operator completes the rest (kelurahan, category, the person) while reading
 * the messages beside it.
 */
export function intakeValuesOf(conversation: WaConversation, messages: WaMessage[], blank: FormValues): FormValues {
  const location = sharedLocation(messages)
  const description = messages.map(writtenText).filter((t): t is string => t !== null).join('\n').slice(0, 4000)
  const where = location ? coordinatesText(location.latitude!, location.longitude!) : null
  return {
    ...blank,
    channel: 'whatsapp',
    reporter_name: (conversation.profileName ?? '').slice(0, 100),
    reporter_phone: senderPhone(conversation.sender),
    description,
    ...(location ? { address: (location.place ?? '').slice(0, 300), landmark: `${location.place ? `${location.place.slice(0, 150)}; ` : ''}titik WhatsApp ${where}`.slice(0, 200) } : {}),
  }
}

/** An attach request: the ticket of the case the conversation belongs to. */
export function parseAttach(body: FormBody): Parsed<{ ticket: string }> {
  const f = readForm(body)
  const ticket = f.str('ticket')
  if (!ticket) f.fail('ticket', 'Isi nomor tiket kasus, mis. 2611-0042.')
  else if (!/^\d{4}-\d{4,6}$/.test(ticket)) f.fail('ticket', 'Nomor tiket berbentuk 4 angka, tanda hubung, lalu 4–6 angka (mis. 2611-0042).')
  return f.done({ ticket })
}

export type WaRejectReason = keyof typeof waRejectReasons

/** Turning a conversation away: a reason from the list, a note if the operator wants one. */
export function parseReject(body: FormBody): Parsed<{ reason: WaRejectReason; note: string | null }> {
  const f = readForm(body)
  const reason = f.choice('reason', waRejectReasons, 'Pilih alasan.')
  const note = f.text('note', { max: 300, tooLong: 'Catatan paling banyak 300 karakter.' })
  return f.done({ reason, note })
}

/**
 * The stored `closed_reason`: the reason in words, then the operator's note. It is what the reporter
 * reads in the `ditolak` reply ("…tidak dapat kami tindak lanjuti…: <reason>."), so it is written
 * for them, and the note is where the operator says where to go instead.
 */
export const closedReasonOf = (reason: WaRejectReason, note: string | null) => (note ? `${waRejectReasons[reason]}; ${note.replace(/[.\s]+$/, '')}` : waRejectReasons[reason])
