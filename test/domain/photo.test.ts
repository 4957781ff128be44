import { describe, expect, it } from 'vitest'
import { checkPhoto, imageSize, maxPhotoBytes, sniffImage } from '../../worker/domain/photo'

const jpeg = (n = 100) => Uint8Array.from({ length: n }, (_, i) => [0xff, 0xd8, 0xff][i] ?? 0)
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
const webp = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50])

describe('photo check', () => {
  it('knows JPEG, PNG and WebP by their bytes', () => {
    expect(sniffImage(jpeg())).toBe('image/jpeg')
    expect(sniffImage(png)).toBe('image/png')
    expect(sniffImage(webp)).toBe('image/webp')
    expect(sniffImage(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull()
  })

  it('refuses empty, oversized, unknown and mislabelled files', () => {
    expect(checkPhoto(new Uint8Array(), 'image/jpeg').ok).toBe(false)
    expect(checkPhoto(jpeg(maxPhotoBytes + 1), 'image/jpeg').ok).toBe(false)
    expect(checkPhoto(jpeg(maxPhotoBytes), 'image/jpeg')).toMatchObject({ ok: true, ext: 'jpg' })
    expect(checkPhoto(new TextEncoder().encode('GIF89a......'), 'image/gif').ok).toBe(false)
    expect(checkPhoto(png, 'image/jpeg').ok).toBe(false)
  })

  it('refuses an image that declares more pixels than a phone photo has (pixel flood)', () => {
    const pngOf = (w: number, h: number) => {
      const bytes = new Uint8Array(64)
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
      new DataView(bytes.buffer).setUint32(16, w)
      new DataView(bytes.buffer).setUint32(20, h)
      return bytes
    }
    const jpegOf = (w: number, h: number) => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc2, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3, ...new Array(40).fill(0)])
    expect(imageSize(pngOf(4000, 3000), 'image/png')).toEqual({ width: 4000, height: 3000 })
    expect(imageSize(jpegOf(4000, 3000), 'image/jpeg')).toEqual({ width: 4000, height: 3000 })
    expect(checkPhoto(pngOf(4000, 3000), 'image/png').ok).toBe(true)
    expect(checkPhoto(jpegOf(8000, 6000), 'image/jpeg').ok).toBe(true)
    expect(checkPhoto(pngOf(50_000, 50_000), 'image/png').ok).toBe(false)
    expect(checkPhoto(jpegOf(60_000, 60_000), 'image/jpeg').ok).toBe(false)
    expect(checkPhoto(pngOf(16_000, 16_000), 'image/png').ok).toBe(false)
  })
})
