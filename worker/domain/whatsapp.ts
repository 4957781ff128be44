import { whatsappStatuses, type WhatsappStatus } from './channels'
import { normalizePhone, phoneForWhatsApp } from './phone'
import { waMessageKindLabels } from './glossary'

// The WhatsApp Cloud API's webhook payloads (object "whatsapp_business_account", entry[].changes[].value),
// read defensively: Meta adds fields over time and a payload we cannot read is not a reason to fail.

/**
 * One status of one of our messages, found by what we sent as `biz_opaque_callback_data`: an outbox
 * row's id (staff alerts), or `r` and a reporter_messages id (replies to reporters).
 */
export type StatusUpdate = { target: 'outbox' | 'pelapor'; id: number; status: WhatsappStatus; at: number; error: string | null }

/** The key of a reply to a reporter: idempotency key of every attempt and the tag its statuses come back with. */
export const reporterKey = (id: number) => `r${id}`

type Json = Record<string, unknown>
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null)
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** Every `value` of a payload's changes, in order (a delivery may batch several entries). */
function changeValues(payload: unknown): Json[] {
  const values: Json[] = []
  for (const entry of arr(obj(payload)?.entry)) for (const change of arr(obj(entry)?.changes)) {
    const value = obj(obj(change)?.value)
    if (value) values.push(value)
  }
  return values
}

/** What a webhook call brings for our number, and how much came for another number of the account. */
export type Delivery = { messages: InboundMessage[]; statuses: StatusUpdate[]; otherNumbers: { messages: number; statuses: number } }

/**
 * A webhook call read for the phone number `phoneNumberId` (SIGAP_WHATSAPP_PHONE_ID). Meta sends
 * the messages of every number of the WhatsApp Business Account to the app's one webhook: those to
 * another number (another office, a test number) are not reports to this agency, only counted.
 */
export function readDelivery(payload: unknown, phoneNumberId: string, now: number): Delivery {
  const values = changeValues(payload)
  const ours = values.filter((v) => obj(v.metadata)?.phone_number_id === phoneNumberId)
  const others = values.filter((v) => !ours.includes(v))
  return {
    messages: inboundMessagesOf(ours, now),
    statuses: statusUpdatesOf(ours, now),
    otherNumbers: { messages: others.reduce((n, v) => n + arr(v.messages).length, 0), statuses: others.reduce((n, v) => n + arr(v.statuses).length, 0) },
  }
}

/**
 * The status updates of our own messages (outbox rows, replies to reporters) in a payload's changes. Statuses of messages we did not tag
 * (sent from another tool on the same number) are left out; `at` is Meta's time, else `now`.
 */
function statusUpdatesOf(values: Json[], now: number): StatusUpdate[] {
  const updates: StatusUpdate[] = []
  for (const value of values) {
    for (const item of arr(value.statuses)) {
      const s = obj(item)
      const status = whatsappStatuses.find((name) => name === s?.status)
      const tag = /^(r?)([1-9][0-9]{0,14})$/.exec(String(s?.biz_opaque_callback_data ?? ''))
      if (!s || !status || !tag) continue
      const seconds = Number(s.timestamp)
      const errors = arr(s.errors)
        .map((e) => [obj(e)?.code, obj(e)?.title].filter((x) => typeof x === 'string' || typeof x === 'number').join(' '))
        .filter(Boolean)
      updates.push({ target: tag[1] ? 'pelapor' : 'outbox', id: Number(tag[2]), status, at: Number.isSafeInteger(seconds) && seconds > 0 ? seconds * 1000 : now, error: errors.length ? errors.join('; ').slice(0, 200) : null })
    }
  }
  return updates
}

/** What a reporter's message is, as `wa_messages.kind` stores it. */
export type InboundKind = 'text' | 'image' | 'location' | 'audio' | 'contacts' | 'unsupported'

/** One inbound message, read from Meta's shape; `sender` is digits only, `62…` for an Indonesian number. */
export type InboundMessage = {
  wamid: string
  sender: string
  profileName: string | null
  kind: InboundKind
  body: string | null
  latitude: number | null
  longitude: number | null
  place: string | null
  mediaId: string | null
  mediaMime: string | null
  sentAt: number
}

// Meta caps a text at 4,096 characters; anything longer is not from WhatsApp and is cut.
const maxText = 4096
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, maxText) : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null)

/**
 * A sender's number as one person: `62812…`, `+62 812-…` and `0812…` are the same (domain/phone.ts).
 * A number that is not Indonesian keeps its digits: the message is kept all the same.
 */
export function senderKey(raw: string): string {
  const phone = normalizePhone(raw)
  return phone.ok ? phoneForWhatsApp(phone.phone) : raw.replace(/\D/g, '')
}

/** Contacts shared in a message, one "Nama: 62…" line each (the numbers as WhatsApp gave them). */
function contactsText(cards: unknown[]): string | null {
  const lines = cards.map((card) => {
    const c = obj(card)
    const name = str(obj(c?.name)?.formatted_name) ?? str(obj(c?.name)?.first_name) ?? 'Tanpa nama'
    const phones = arr(c?.phones).map((p) => str(obj(p)?.wa_id) ?? str(obj(p)?.phone)).filter((p): p is string => p !== null)
    return `${name}: ${phones.length ? phones.join(', ') : '-'}`
  })
  return lines.length ? lines.join('\n').slice(0, maxText) : null
}

/**
 * Every message a reporter sent in a payload's changes, in order, whatever its type: one we cannot read is
 * `unsupported` with its type name, never dropped. Meta's `timestamp` is in seconds; `now` stands in
 * for a missing one. A message without an id or a sender cannot be stored once, so it is skipped.
 */
function inboundMessagesOf(values: Json[], now: number): InboundMessage[] {
  const messages: InboundMessage[] = []
  for (const value of values) {
    const names = new Map<string, string>()
    for (const contact of arr(value.contacts)) {
      const c = obj(contact)
      const waId = str(c?.wa_id)
      const name = str(obj(c?.profile)?.name)
      if (waId && name) names.set(waId, name.slice(0, 200))
    }
    for (const item of arr(value.messages)) {
      const m = obj(item)
      const wamid = str(m?.id)
      const from = str(m?.from)
      if (!m || !wamid || !from || wamid.length > 200) continue
      const seconds = num(m.timestamp)
      const base = { wamid, sender: senderKey(from), profileName: names.get(from) ?? null, body: null, latitude: null, longitude: null, place: null, mediaId: null, mediaMime: null, sentAt: seconds !== null && seconds > 0 ? Math.round(seconds * 1000) : now }
      const type = str(m.type) ?? 'unknown'
      const part = obj(m[type])
      if (type === 'text') messages.push({ ...base, kind: 'text', body: str(part?.body) })
      else if ((type === 'image' || type === 'audio') && str(part?.id)) messages.push({ ...base, kind: type, body: type === 'image' ? str(part?.caption) : null, mediaId: str(part?.id), mediaMime: str(part?.mime_type)?.slice(0, 100) ?? null })
      else if (type === 'location' && num(part?.latitude) !== null && num(part?.longitude) !== null) {
        const place = [str(part?.name), str(part?.address)].filter(Boolean).join(', ')
        messages.push({ ...base, kind: 'location', latitude: num(part?.latitude), longitude: num(part?.longitude), place: place || null })
      } else if (type === 'contacts') messages.push({ ...base, kind: 'contacts', body: contactsText(arr(m.contacts)) })
      else messages.push({ ...base, kind: 'unsupported', body: type.slice(0, 50) })
    }
  }
  return messages
}

/**
 * The timeline note of a message on a case: its text or caption, the place, the shared contacts,
 * and what kind it was when that is all there is ("Pesan suara", "Jenis pesan tidak didukung (sticker)").
 */
export function waNoteOf(m: Pick<InboundMessage, 'kind' | 'body' | 'latitude' | 'longitude' | 'place'>): string {
  const label = waMessageKindLabels[m.kind]
  if (m.kind === 'text') return m.body ?? label
  if (m.kind === 'unsupported') return `${label} (${m.body ?? 'tanpa jenis'})`
  if (m.kind === 'location') return `${label}: ${[m.place, `${m.latitude}, ${m.longitude}`].filter(Boolean).join(' — ')}`
  return m.body ? `${label}: ${m.body}` : label
}
