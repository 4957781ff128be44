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
  // A few hundred KB can claim 50,000 × 50,000 px: decoding it would exhaust the staff's phone (pixel flood).
  const size = imageSize(bytes, type)
  if (size && (size.width > maxPhotoSide || size.height > maxPhotoSide || size.width * size.height > maxPhotoPixels)) {
    return { ok: false, message: `Ukuran gambar terlalu besar (${size.width} × ${size.height} piksel). Kecilkan dulu fotonya.` }
  }
  return { ok: true, type, ext: extensions[type] }
}

/** Limits on the pixels a photo declares: a 40-megapixel phone photo passes, an image bomb does not. */
export const maxPhotoSide = 16_384
export const maxPhotoPixels = 50_000_000

/** The width and height the image's header declares, or null when the header does not say. */
export function imageSize(bytes: Uint8Array, type: PhotoType): { width: number; height: number } | null {
  const u16 = (i: number) => (bytes[i]! << 8) | bytes[i + 1]!
  const u32 = (i: number) => u16(i) * 65536 + u16(i + 2)
  const le24 = (i: number) => bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16)
  if (type === 'image/png') return bytes.length >= 24 ? { width: u32(16), height: u32(20) } : null
  if (type === 'image/webp') {
    const chunk = String.fromCharCode(...bytes.subarray(12, 16))
    if (chunk === 'VP8X' && bytes.length >= 30) return { width: le24(24) + 1, height: le24(27) + 1 }
    if (chunk === 'VP8L' && bytes.length >= 25) {
      const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
    }
    if (chunk === 'VP8 ' && bytes.length >= 30) return { width: (bytes[26]! | (bytes[27]! << 8)) & 0x3fff, height: (bytes[28]! | (bytes[29]! << 8)) & 0x3fff }
    return null
  }
  // JPEG: walk the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
  let i = 2
  while (i + 9 < bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!
    if (marker === 0xff) {
      i++
      continue
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: u16(i + 7), height: u16(i + 5) }
    if (marker === 0xd9 || marker === 0xda) return null
    i += 2 + u16(i + 2)
  }
  return null
}
