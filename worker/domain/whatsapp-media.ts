import { checkPhoto } from './photo'

/**
 * A reporter's photo or voice note from WhatsApp, checked by its bytes (SECURITY.md, uploads) before
 * it is stored: what Graph or the file claims to be is not trusted. Voice notes stay audio.
 */
export type AudioType = 'audio/ogg' | 'audio/amr' | 'audio/mp4' | 'audio/aac' | 'audio/mpeg'
export type MediaCheck = { ok: true; type: string; ext: string } | { ok: false; message: string }

const audioExtensions: Record<AudioType, string> = { 'audio/ogg': 'ogg', 'audio/amr': 'amr', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/mpeg': 'mp3' }

/** The audio type the bytes really are (the formats WhatsApp sends), or null. */
export function sniffAudio(bytes: Uint8Array): AudioType | null {
  const at = (i: number, text: string) => [...text].every((ch, j) => bytes[i + j] === ch.charCodeAt(0))
  // Voice notes: Opus in an Ogg container.
  if (at(0, 'OggS')) return 'audio/ogg'
  if (at(0, '#!AMR')) return 'audio/amr'
  if (at(4, 'ftyp')) return 'audio/mp4'
  if (at(0, 'ID3')) return 'audio/mpeg'
  // Frame sync: ADTS (AAC) has layer bits 00, MPEG audio layers 1–3 do not.
  if (bytes[0] === 0xff && bytes.length > 1 && (bytes[1]! & 0xe0) === 0xe0) return (bytes[1]! & 0x06) === 0 ? 'audio/aac' : 'audio/mpeg'
  return null
}

/** Default cap on one stored media file: WhatsApp's own limit on audio (16 MB; images are 5 MB). */
export const defaultMaxMediaBytes = 16 * 1024 * 1024

export function checkWhatsappMedia(kind: 'image' | 'audio', bytes: Uint8Array, maxBytes: number): MediaCheck {
  if (bytes.length > maxBytes) return { ok: false, message: 'too large' }
  if (kind === 'image') {
    const photo = checkPhoto(bytes, '', maxBytes)
    return photo.ok ? photo : { ok: false, message: 'not a JPEG, PNG or WebP image' }
  }
  if (bytes.length === 0) return { ok: false, message: 'empty' }
  const type = sniffAudio(bytes)
  return type ? { ok: true, type, ext: audioExtensions[type] } : { ok: false, message: 'not audio WhatsApp sends' }
}
