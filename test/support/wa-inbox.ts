// Waiting WhatsApp conversations for the desk's tests (issue 21), stored as ingestion leaves them:
// rows in wa_conversations / wa_messages and the media bytes in the photo store. The webhook's own
// tests (and the Chromium test of the desk) go through the signed webhook instead.
import { eq } from 'drizzle-orm'
import type { Db } from '../../worker/db/client'
import { waConversations, waMessages } from '../../worker/db/schema'
import type { PhotoStore } from '../../worker/storage/photo-store'
import { randomToken } from '../../worker/security/tokens'
import { categoryId, kelurahanA } from './app'
import { fakeJpeg } from './handling'
import { controlValue } from './html'

export type SeedMessage =
  | { kind: 'text'; body: string }
  // `sizeUnknown`: stored before sizes were recorded (media_size NULL).
  | { kind: 'image'; caption?: string; bytes?: Uint8Array; status?: 'tersimpan' | 'menunggu' | 'gagal'; sizeUnknown?: boolean }
  | { kind: 'location'; latitude: number; longitude: number; place?: string }
  | { kind: 'audio'; bytes?: Uint8Array }
  | { kind: 'contacts'; body: string }
  | { kind: 'unsupported'; body: string }

/** A waiting conversation of `sender` (digits, 62…) whose messages came a minute apart from `firstAt`. */
export async function seedConversation(db: Db, photos: PhotoStore, opts: { sender?: string; profileName?: string | null; firstAt: number; messages: SeedMessage[] }) {
  const sender = opts.sender ?? '6281234567890'
  const lastAt = opts.firstAt + (opts.messages.length - 1) * 60_000
  const [conversation] = await db
    .insert(waConversations)
    .values({ sender, profileName: opts.profileName === undefined ? 'Ibu Sari' : opts.profileName, firstMessageAt: opts.firstAt, lastInboundAt: lastAt, createdAt: opts.firstAt })
    .returning()
  const ids: number[] = []
  for (const [i, m] of opts.messages.entries()) {
    const sentAt = opts.firstAt + i * 60_000
    const base = { wamid: `wamid.${randomToken()}`, conversationId: conversation!.id, sender, kind: m.kind, sentAt, receivedAt: sentAt }
    const [row] = await db
      .insert(waMessages)
      .values({
        ...base,
        body: m.kind === 'text' || m.kind === 'contacts' || m.kind === 'unsupported' ? m.body : m.kind === 'image' ? (m.caption ?? null) : null,
        ...(m.kind === 'location' ? { latitude: m.latitude, longitude: m.longitude, place: m.place ?? null } : {}),
        ...(m.kind === 'image' || m.kind === 'audio' ? { mediaId: `media-${i}`, mediaStatus: m.kind === 'image' ? (m.status ?? 'tersimpan') : 'tersimpan' } : {}),
      })
      .returning()
    ids.push(row!.id)
    const stored = m.kind === 'audio' || (m.kind === 'image' && (m.status ?? 'tersimpan') === 'tersimpan')
    if (stored) {
      const [ext, mime, bytes] = m.kind === 'image' ? ['jpg', 'image/jpeg', m.bytes ?? fakeJpeg()] : ['ogg', 'audio/ogg', m.bytes ?? new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0])]
      const key = `whatsapp/${row!.id}/${randomToken().slice(0, 32)}.${ext}`
      await photos.put(key, bytes, mime)
      const mediaSize = m.kind === 'image' && m.sizeUnknown ? null : bytes.length
      await db.update(waMessages).set({ mediaKey: key, mediaMime: mime, mediaSize }).where(eq(waMessages.id, row!.id))
    }
  }
  return { conversation: conversation!, messageIds: ids }
}

/** The desk's "Buat kasus" form of a conversation (its HTML as served), completed as an operator would. */
export async function completedCaseForm(db: Db, html: string): Promise<Record<string, string>> {
  const fields = ['idem', 'reporter_name', 'reporter_phone', 'channel', 'description', 'address', 'landmark', 'person_age_group', 'person_sex', 'urgency', 'dtks_status']
  const form: Record<string, string> = Object.fromEntries(fields.map((f) => [f, controlValue(html, f) ?? '']))
  return { ...form, reporter_relation: 'tetangga', person_name: 'Nenek di emperan', kelurahan: kelurahanA, category: String(await categoryId(db, 'lansia-terlantar')), candidates_seen: '1' }
}
