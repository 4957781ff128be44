import { describe, expect, it } from 'vitest'
import { checkPhoto, maxPhotoBytes, sniffImage } from '../../worker/domain/photo'

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
})
