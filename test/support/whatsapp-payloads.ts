import { createHmac } from 'node:crypto'

// Webhook payloads shaped like Meta's published examples (WhatsApp Cloud API, "messages" field):
// entry[].changes[].value with metadata, contacts[] (the sender's profile) and messages[].

export const businessAccountId = '102290129340398'
export const phoneNumberId = '106540352242922'

type Message = Record<string, unknown> & { from: string; id: string }

/** One change of one entry: a sender's profile and their messages. */
export const change = (profile: { name: string; waId: string } | null, messages: Message[], statuses: unknown[] = []) => ({
  field: 'messages',
  value: {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '6281100001111', phone_number_id: phoneNumberId },
    ...(profile ? { contacts: [{ profile: { name: profile.name }, wa_id: profile.waId }] } : {}),
    ...(messages.length ? { messages } : {}),
    ...(statuses.length ? { statuses } : {}),
  },
})

/** A whole delivery: each inner array is one entry's changes. */
export const delivery = (...entries: ReturnType<typeof change>[][]) => JSON.stringify({ object: 'whatsapp_business_account', entry: entries.map((changes) => ({ id: businessAccountId, changes })) })

const base = (from: string, id: string, seconds: number, type: string) => ({ from, id, timestamp: String(seconds), type })
export const textMessage = (from: string, id: string, seconds: number, body: string) => ({ ...base(from, id, seconds, 'text'), text: { body } })
export const imageMessage = (from: string, id: string, seconds: number, mediaId: string, caption?: string) => ({
  ...base(from, id, seconds, 'image'),
  image: { ...(caption ? { caption } : {}), mime_type: 'image/jpeg', sha256: 'IMAGE_HASH', id: mediaId },
})
export const audioMessage = (from: string, id: string, seconds: number, mediaId: string) => ({ ...base(from, id, seconds, 'audio'), audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'AUDIO_HASH', id: mediaId, voice: true } })
export const locationMessage = (from: string, id: string, seconds: number) => ({
  ...base(from, id, seconds, 'location'),
  location: { latitude: -0.0263303, longitude: 109.3425039, name: 'Masjid Raya Mujahidin', address: 'Jl. Jenderal Ahmad Yani, Pontianak' },
})
export const contactsMessage = (from: string, id: string, seconds: number) => ({
  ...base(from, id, seconds, 'contacts'),
  contacts: [{ name: { formatted_name: 'Pak RT Darmo', first_name: 'Darmo' }, phones: [{ phone: '+62 811-5678-901', wa_id: '628115678901', type: 'CELL' }] }],
})
export const stickerMessage = (from: string, id: string, seconds: number) => ({ ...base(from, id, seconds, 'sticker'), sticker: { mime_type: 'image/webp', sha256: 'STICKER_HASH', id: '1234567890', animated: false } })

/** `X-Hub-Signature-256` of a body: HMAC-SHA256 with the app secret. */
export const signMeta = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/** A voice note's first bytes: an Ogg page holding an Opus header. */
export const oggOpus = () => new Uint8Array([...Buffer.from('OggS'), 0, 2, ...new Array(20).fill(0), 1, 19, ...Buffer.from('OpusHead'), 1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0])
