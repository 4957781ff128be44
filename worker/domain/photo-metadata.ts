/**
 * Removes what a photo says besides its pixels (ASVS 5.0 14.2.8; issue 16): EXIF (GPS, device,
 * time), XMP, ICC profiles, comments and anything after the image. Byte-level, no decoding, so it
 * runs the same on Node and in a Worker and costs one copy. Only the JPEG orientation survives, in a
 * minimal EXIF block of its own: browsers turn a photo by it, and without it a phone's portrait
 * photo would show on its side. A photo this cannot read is returned as null (refuse it).
 */
import { jpegOrientation, type PhotoType } from './photo'

export function stripPhotoMetadata(bytes: Uint8Array, type: PhotoType): Uint8Array | null {
  if (type === 'image/jpeg') return stripJpeg(bytes)
  if (type === 'image/png') return stripPng(bytes)
  return stripWebp(bytes)
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** APP1 with a big-endian TIFF header and one IFD entry: Orientation (0x0112, SHORT, 1). */
function orientationSegment(orientation: number): Uint8Array {
  const body = [0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]
  const length = body.length + 2
  return new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...body])
}

// Kept before the scan: APP0 (JFIF), tables, frame headers, restart interval. Dropped: APP1–APP15
// (EXIF, XMP, ICC, Photoshop, maker notes) and COM.
const droppedJpegMarker = (m: number) => (m >= 0xe1 && m <= 0xef) || m === 0xfe

function stripJpeg(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  const orientation = jpegOrientation(bytes)
  const parts: Uint8Array[] = [bytes.subarray(0, 2)]
  let i = 2
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null
    const marker = bytes[i + 1]!
    if (marker === 0xff) {
      i++ // fill byte
      continue
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!
    if (length < 2 || i + 2 + length > bytes.length) return null
    if (marker === 0xda) {
      // The scans run to the end-of-image marker; in entropy-coded data 0xFF is always followed by
      // 0x00 or a restart marker, so the first FF D9 is the end. Whatever follows it is dropped.
      let end = i + 2 + length
      while (end + 1 < bytes.length && !(bytes[end] === 0xff && bytes[end + 1] === 0xd9)) end++
      if (end + 1 >= bytes.length) return null
      if (orientation !== 1) parts.splice(1, 0, orientationSegment(orientation))
      parts.push(bytes.subarray(i, end + 2))
      return concat(parts)
    }
    if (!droppedJpegMarker(marker)) parts.push(bytes.subarray(i, i + 2 + length))
    i += 2 + length
  }
  return null
}

// Chunks that only describe how to draw the pixels; text, time, EXIF, ICC and the rest go.
const keptPngChunks = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT'])

function stripPng(bytes: Uint8Array): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const parts: Uint8Array[] = [bytes.subarray(0, 8)]
  let i = 8
  while (i + 12 <= bytes.length) {
    const length = view.getUint32(i)
    const name = String.fromCharCode(...bytes.subarray(i + 4, i + 8))
    const end = i + 12 + length
    if (end > bytes.length) return null
    if (keptPngChunks.has(name)) parts.push(bytes.subarray(i, end))
    if (name === 'IEND') return concat(parts)
    i = end
  }
  return null
}

// VP8X flags: ICC 0x20, EXIF 0x08, XMP 0x04.
const droppedWebpChunks = new Set(['ICCP', 'EXIF', 'XMP '])

function stripWebp(bytes: Uint8Array): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true))
  const parts: Uint8Array[] = []
  let i = 12
  while (i + 8 <= riffEnd) {
    const name = String.fromCharCode(...bytes.subarray(i, i + 4))
    const size = view.getUint32(i + 4, true)
    const end = i + 8 + size + (size % 2)
    if (i + 8 + size > riffEnd) return null
    if (name === 'VP8X') {
      const chunk = bytes.slice(i, Math.min(end, riffEnd))
      chunk[8] = chunk[8]! & ~(0x20 | 0x08 | 0x04)
      parts.push(chunk)
    } else if (!droppedWebpChunks.has(name)) parts.push(bytes.subarray(i, Math.min(end, riffEnd)))
    i = end
  }
  const body = concat(parts)
  const header = new Uint8Array(12)
  header.set(bytes.subarray(0, 12))
  new DataView(header.buffer).setUint32(4, body.length + 4, true)
  return concat([header, body])
}
