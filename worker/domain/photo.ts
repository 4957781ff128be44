/**
 * Checks an uploaded photo by its bytes, not its name or declared type (SECURITY.md, uploads):
 * only JPEG, PNG and WebP, at most a route's limit. The browser shrinks photos to ~200 KB first;
 * the public form allows some slack for a phone that cannot, and the facilitator's visit form takes
 * a camera photo whole and shrinks it on the server (photo-shrink.ts).
 */
export const maxPhotoBytes = 300 * 1024
/** What a stored photo may weigh after shrinking, as the browser aims for (views/static/app.js). */
export const targetPhotoBytes = 200 * 1024
/** A camera photo sent with JavaScript off (issue 17): the visit form's body may carry this much. */
export const maxUploadBytes = 10 * 1024 * 1024
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

/** A byte count as a person reads it: "300 KB", "10 MB". */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB`.replace('.', ',') : `${Math.ceil(n / 1024)} KB`
}

export function checkPhoto(bytes: Uint8Array, declaredType: string, maxBytes = maxPhotoBytes): PhotoCheck {
  if (bytes.length === 0) return { ok: false, message: 'Berkas foto kosong.' }
  if (bytes.length > maxBytes) return { ok: false, message: `Foto terlalu besar (${formatBytes(bytes.length)}; paling besar ${formatBytes(maxBytes)}). Kecilkan dulu atau aktifkan JavaScript agar foto dikecilkan otomatis.` }
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

/**
 * The EXIF orientation (1–8) a camera JPEG declares, 1 when it declares none. Phones store a
 * portrait photo sideways with this tag; a browser's canvas applies it, a re-encode must too.
 */
export function jpegOrientation(bytes: Uint8Array): number {
  const u16 = (i: number) => (bytes[i]! << 8) | bytes[i + 1]!
  let i = 2
  while (i + 4 < bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!
    const length = u16(i + 2)
    if (marker === 0xda || marker === 0xd9) return 1
    // APP1 "Exif\0\0", then a TIFF header whose byte order the values follow.
    if (marker === 0xe1 && String.fromCharCode(...bytes.subarray(i + 4, i + 8)) === 'Exif') {
      const tiff = i + 10
      const little = bytes[tiff] === 0x49
      const read16 = (at: number) => (little ? bytes[at]! | (bytes[at + 1]! << 8) : u16(at))
      const read32 = (at: number) => (little ? read16(at) + read16(at + 2) * 65536 : read16(at) * 65536 + read16(at + 2))
      const ifd = tiff + read32(tiff + 4)
      const end = Math.min(bytes.length, i + 2 + length)
      if (ifd + 2 > end) return 1
      for (let n = read16(ifd), e = ifd + 2; n > 0 && e + 12 <= end; n--, e += 12) {
        if (read16(e) === 0x0112) {
          const value = read16(e + 8)
          return value >= 1 && value <= 8 ? value : 1
        }
      }
      return 1
    }
    i += 2 + length
  }
  return 1
}
