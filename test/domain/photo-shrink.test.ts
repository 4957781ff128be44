import { PhotonImage } from '@cf-wasm/photon'
import { describe, expect, it } from 'vitest'
import { jpegOrientation, sniffImage, targetPhotoBytes } from '../../worker/domain/photo'
import { fitPhoto, orient } from '../../worker/domain/photo-shrink'
import { cameraJpeg, pixelAt } from '../support/camera-photo'

function sizeOf(bytes: Uint8Array) {
  const image = PhotonImage.new_from_byteslice(bytes)
  const size = { width: image.get_width(), height: image.get_height() }
  image.free()
  return size
}
const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80
const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 80 && g! < 80

// Decoding and encoding megapixels takes seconds on a busy machine: bounded by work, not the default 5 s.
describe('server-side photo shrink', { timeout: 60_000 }, () => {
  it('shrinks a 1 MB camera JPEG to a 1280 px JPEG of at most 200 KB without its EXIF', async () => {
    const camera = cameraJpeg(2000, 1500)
    expect(camera.length).toBeGreaterThan(1024 * 1024)
    const fitted = await fitPhoto(camera, { type: 'image/jpeg', ext: 'jpg' })
    if (!fitted.ok) throw new Error(fitted.message)
    expect(fitted.bytes.length).toBeLessThanOrEqual(targetPhotoBytes)
    expect(sniffImage(fitted.bytes)).toBe('image/jpeg')
    expect(sizeOf(fitted.bytes)).toEqual({ width: 1280, height: 960 })
    expect(new TextDecoder('latin1').decode(fitted.bytes)).not.toContain('Exif')
    expect(isRed(pixelAt(fitted.bytes, 5, 5))).toBe(true)
  })

  it('turns a portrait photo upright by its EXIF orientation, as a browser shows it', async () => {
    const camera = cameraJpeg(1600, 1200, 6)
    expect(jpegOrientation(camera)).toBe(6)
    const fitted = await fitPhoto(camera, { type: 'image/jpeg', ext: 'jpg' })
    if (!fitted.ok) throw new Error(fitted.message)
    expect(sizeOf(fitted.bytes)).toEqual({ width: 960, height: 1280 })
    // Rotated 90° clockwise: the stored top-left corner (red) is now top-right.
    expect(isRed(pixelAt(fitted.bytes, 955, 5))).toBe(true)
    expect(isBlue(pixelAt(fitted.bytes, 955, 1275))).toBe(true)
  })

  it('keeps a photo that already weighs little enough unshrunk: only its EXIF block goes (issue 16)', async () => {
    const small = cameraJpeg(320, 240)
    expect(small.length).toBeLessThanOrEqual(targetPhotoBytes)
    const fitted = await fitPhoto(small, { type: 'image/jpeg', ext: 'jpg' })
    // cameraJpeg puts its APP1 (orientation and a GPS pointer) right after the SOI.
    const withoutExif = new Uint8Array([...small.subarray(0, 2), ...small.subarray(4 + ((small[4]! << 8) | small[5]!))])
    expect(fitted).toMatchObject({ ok: true, bytes: withoutExif })
  })

  it('refuses bytes it cannot decode and photos with more pixels than a Worker can hold', async () => {
    const broken = new Uint8Array(300 * 1024)
    broken.set([0xff, 0xd8, 0xff, 0xe0])
    expect(await fitPhoto(broken, { type: 'image/jpeg', ext: 'jpg' })).toMatchObject({ ok: false, message: expect.stringMatching(/tidak dapat dibaca/) })
    const huge = new Uint8Array(300 * 1024)
    // A PNG header declaring 8000 × 6000 (48 megapixels).
    huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x1f, 0x40, 0, 0, 0x17, 0x70])
    expect(await fitPhoto(huge, { type: 'image/png', ext: 'png' })).toMatchObject({ ok: false, message: expect.stringMatching(/13 megapiksel/) })
  })

  it('maps every EXIF orientation to the upright picture', () => {
    // 3 × 2 pixels numbered 1…6 row by row; each orientation's upright result as a browser draws it.
    const px = new Uint8Array(new Uint32Array([1, 2, 3, 4, 5, 6]).buffer)
    const upright = (o: number) => {
      const [out, w, h] = orient(px, 3, 2, o)
      return { w, h, cells: Array.from(new Uint32Array(out.buffer)) }
    }
    expect(upright(2)).toEqual({ w: 3, h: 2, cells: [3, 2, 1, 6, 5, 4] })
    expect(upright(3)).toEqual({ w: 3, h: 2, cells: [6, 5, 4, 3, 2, 1] })
    expect(upright(4)).toEqual({ w: 3, h: 2, cells: [4, 5, 6, 1, 2, 3] })
    expect(upright(5)).toEqual({ w: 2, h: 3, cells: [1, 4, 2, 5, 3, 6] })
    expect(upright(6)).toEqual({ w: 2, h: 3, cells: [4, 1, 5, 2, 6, 3] })
    expect(upright(7)).toEqual({ w: 2, h: 3, cells: [6, 3, 5, 2, 4, 1] })
    expect(upright(8)).toEqual({ w: 2, h: 3, cells: [3, 6, 2, 5, 1, 4] })
  })
})
