/**
 * Checks an uploaded photo by its bytes, not its name or declared type (SECURITY.md, uploads):
 * only JPEG, PNG and WebP, at most `maxPhotoBytes`. The browser shrinks photos to ~200 KB first;
 * the server allows some slack for a phone that cannot.
 */
export const maxPhotoBytes = 300 * 1024
export const maxPhotosPerEvent = 3

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp'
export type PhotoCheck = { ok: true; type: PhotoType; ext: string } | { ok: false; message: string }

/** The image type the bytes really are, or null. */
export function sniffImage(bytes: Uint8Array): PhotoType | null {
  const at = (i: number, ...sig: number[]) => sig.every((b, j) => bytes[i + j] === b)
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

const extensions: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

export function checkPhoto(bytes: Uint8Array, declaredType: string): PhotoCheck {
  if (bytes.length === 0) return { ok: false, message: 'Berkas foto kosong.' }
  if (bytes.length > maxPhotoBytes) return { ok: false, message: `Foto terlalu besar (${Math.ceil(bytes.length / 1024)} KB; paling besar ${maxPhotoBytes / 1024} KB). Kecilkan dulu atau aktifkan JavaScript agar foto dikecilkan otomatis.` }
  const type = sniffImage(bytes)
  if (!type) return { ok: false, message: 'Hanya foto JPEG, PNG atau WebP yang diterima.' }
  // A declared type that disagrees with the bytes is a renamed or forged file.
  if (declaredType && declaredType !== 'application/octet-stream' && declaredType !== type) return { ok: false, message: 'Jenis berkas tidak sesuai isinya.' }
  return { ok: true, type, ext: extensions[type] }
}
