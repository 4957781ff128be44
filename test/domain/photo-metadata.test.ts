import { describe, expect, it } from 'vitest'
import { jpegOrientation, sniffImage } from '../../worker/domain/photo'
import { fitPhoto } from '../../worker/domain/photo-shrink'
import { stripPhotoMetadata } from '../../worker/domain/photo-metadata'
import { cameraJpeg, pixelAt } from '../support/camera-photo'

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))
const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text))

/** `jpeg` with, after its SOI, an XMP APP1 with a place name, an ICC APP2, a comment; and a trailer after EOI. */
function phoneJpeg(orientation: number): Uint8Array {
  const base = cameraJpeg(64, 48, orientation)
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]
  const extra = [
    ...segment(0xe1, ascii('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 0,2.0 Pontianak</x:xmpmeta>')),
    ...segment(0xe2, ascii('ICC_PROFILE\0\u0001\u0001profil-warna')),
    ...segment(0xfe, ascii('Rumah Bu Siti, Gg. Damai')),
  ]
  const trailer = ascii('SEFT trailer: lokasi')
  return new Uint8Array([...base.subarray(0, 2), ...extra, ...base.subarray(2), ...trailer])
}

describe('photo metadata stripping (issue 16)', () => {
  it('drops EXIF (GPS), XMP, ICC, comments and trailers from a JPEG, keeping its pixels and orientation', () => {
    for (const orientation of [1, 6]) {
      const photo = phoneJpeg(orientation)
      for (const text of ['Exif', 'GPSLatitude', 'ICC_PROFILE', 'Gg. Damai', 'SEFT']) expect(has(photo, text), text).toBe(true)
      const clean = stripPhotoMetadata(photo, 'image/jpeg')!
      for (const text of ['GPSLatitude', 'xmpmeta', 'ICC_PROFILE', 'Gg. Damai', 'SEFT']) expect(has(clean, text), text).toBe(false)
      // No GPS pointer (tag 0x8825) survives: the only EXIF left, if any, is the orientation.
      expect(Buffer.from(clean).includes(Buffer.from([0x88, 0x25]))).toBe(false)
      expect(jpegOrientation(clean)).toBe(orientation)
      expect(has(clean, 'Exif')).toBe(orientation !== 1)
      expect(sniffImage(clean)).toBe('image/jpeg')
      expect(pixelAt(clean, 1, 1)).toEqual(pixelAt(photo, 1, 1))
      expect(pixelAt(clean, 63, 1)).toEqual(pixelAt(photo, 63, 1))
    }
  })

  it('keeps only drawing chunks of a PNG', () => {
    const chunk = (name: string, data: number[]) => {
      const len = [0, 0, data.length >> 8, data.length & 0xff]
      return [...len, ...ascii(name), ...data, 0, 0, 0, 0]
    }
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
      ...chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
      ...chunk('iCCP', ascii('profil\0\0xx')),
      ...chunk('tEXt', ascii('Comment\0Rumah Bu Siti')),
      ...chunk('eXIf', ascii('MM\0*GPS')),
      ...chunk('IDAT', [1, 2, 3]),
      ...chunk('IEND', []),
      ...ascii('trailer'),
    ])
    const clean = stripPhotoMetadata(png, 'image/png')!
    for (const text of ['iCCP', 'tEXt', 'Rumah', 'eXIf', 'GPS', 'trailer']) expect(has(clean, text), text).toBe(false)
    for (const text of ['IHDR', 'IDAT', 'IEND']) expect(has(clean, text), text).toBe(true)
  })

  it('drops EXIF, XMP and ICC chunks of a WebP and clears their flags', () => {
    const chunk = (name: string, data: number[]) => [...ascii(name), data.length & 0xff, data.length >> 8, 0, 0, ...data, ...(data.length % 2 ? [0] : [])]
    const body = [
      ...ascii('WEBP'),
      ...chunk('VP8X', [0x20 | 0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      ...chunk('ICCP', ascii('profil')),
      ...chunk('VP8L', [0x2f, 0, 0, 0, 0]),
      ...chunk('EXIF', ascii('MM\0*GPS')),
      ...chunk('XMP ', ascii('<x:xmpmeta/>')),
    ]
    const webp = new Uint8Array([...ascii('RIFF'), body.length & 0xff, body.length >> 8, 0, 0, ...body])
    const clean = stripPhotoMetadata(webp, 'image/webp')!
    for (const text of ['ICCP', 'EXIF', 'GPS', 'XMP ', 'xmpmeta']) expect(has(clean, text), text).toBe(false)
    expect(has(clean, 'VP8L')).toBe(true)
    expect(new DataView(clean.buffer, clean.byteOffset).getUint32(4, true)).toBe(clean.length - 8)
    expect(clean[20]! & (0x20 | 0x08 | 0x04)).toBe(0)
  })

  it('refuses a JPEG whose segments cannot be followed rather than store it unread', () => {
    expect(stripPhotoMetadata(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x7f, 0xff, 1, 2]), 'image/jpeg')).toBeNull()
  })

  it('strips a small photo the server stores as sent (the staff path), on both runtimes the same code', async () => {
    const photo = phoneJpeg(6)
    const fitted = await fitPhoto(photo, { type: 'image/jpeg', ext: 'jpg' })
    expect(fitted.ok).toBe(true)
    if (fitted.ok) {
      expect(has(fitted.bytes, 'GPSLatitude')).toBe(false)
      expect(jpegOrientation(fitted.bytes)).toBe(6)
    }
  })
})
