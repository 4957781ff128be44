import { whatsappStatuses, type WhatsappStatus } from './channels'

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
export function changeValues(payload: unknown): Json[] {
  const values: Json[] = []
  for (const entry of arr(obj(payload)?.entry)) for (const change of arr(obj(entry)?.changes)) {
    const value = obj(obj(change)?.value)
    if (value) values.push(value)
  }
  return values
}

/**
 * The status updates of our own messages (outbox rows, replies to reporters) in a payload. Statuses of messages we did not tag
 * (sent from another tool on the same number) are left out; `at` is Meta's time, else `now`.
 */
export function statusUpdatesOf(payload: unknown, now: number): StatusUpdate[] {
  const updates: StatusUpdate[] = []
  for (const value of changeValues(payload)) {
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
