import { checkPhoto } from '../domain/photo'
import { stripPhotoMetadata } from '../domain/photo-metadata'
import type { PhotoStore } from './photo-store'

/**
 * A photo from a public form (/lapor, a guest link), checked by its bytes and stripped of what the
 * camera wrote besides the pixels (GPS, device: issue 16); undefined when none was sent or no photo
 * store is configured. Anonymous bodies are never decoded on the server.
 */
export async function readPublicPhoto(store: PhotoStore | undefined, file: unknown) {
  if (!store || !(file instanceof File) || file.size === 0) return undefined
  const bytes = new Uint8Array(await file.arrayBuffer())
  const check = checkPhoto(bytes, file.type)
  if (!check.ok) return check
  const clean = stripPhotoMetadata(bytes, check.type)
  return clean ? { ...check, bytes: clean } : { ok: false as const, message: 'Foto tidak dapat dibaca. Kirim foto JPEG, PNG atau WebP lain.' }
}
