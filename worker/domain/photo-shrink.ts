/**
 * Shrinks a camera photo on the server as views/static/app.js does in the browser: longest side
 * 1280 px, JPEG quality 80 down to 50, then smaller sides, until it weighs at most
 * `targetPhotoBytes` (issue 17: with JavaScript off a phone sends the camera's 1–10 MB file).
 * Photon is Rust compiled to WebAssembly, so the same code runs in Node and in a Worker; a
 * re-encode keeps pixels only, so the camera's EXIF (GPS, device) is gone from what is stored.
 */
import { imageSize, jpegOrientation, targetPhotoBytes, type PhotoType } from './photo'
import { stripPhotoMetadata } from './photo-metadata'

const unreadable = 'Foto tidak dapat dibaca. Kirim foto JPEG atau PNG lain.'

/**
 * A decoded photo costs 7 bytes a pixel inside WebAssembly (the decoder's RGB and Photon's RGBA);
 * a Worker has 128 MB in all, so a 12-megapixel phone photo fits and a 50-megapixel one does not.
 */
export const maxShrinkPixels = 13_000_000

export type FittedPhoto = { ok: true; bytes: Uint8Array; type: PhotoType; ext: string } | { ok: false; message: string }

const attempts = [
  { side: 1280, quality: 80 },
  { side: 1280, quality: 70 },
  { side: 1280, quality: 60 },
  { side: 1280, quality: 50 },
  { side: 960, quality: 50 },
  { side: 720, quality: 50 },
  { side: 540, quality: 50 },
  { side: 405, quality: 50 },
]

/** The photo as it is when it already weighs little enough, else a shrunk JPEG; a message when it cannot be. */
export async function fitPhoto(bytes: Uint8Array, checked: { type: PhotoType; ext: string }): Promise<FittedPhoto> {
  if (bytes.length <= targetPhotoBytes) {
    const clean = stripPhotoMetadata(bytes, checked.type)
    return clean ? { ok: true, bytes: clean, ...checked } : { ok: false, message: unreadable }
  }
  const size = imageSize(bytes, checked.type)
  if (size && size.width * size.height > maxShrinkPixels) {
    return { ok: false, message: `Foto ${size.width} × ${size.height} piksel terlalu besar untuk dikecilkan (paling besar ${Math.floor(maxShrinkPixels / 1_000_000)} megapiksel). Pilih ukuran foto kamera yang lebih kecil.` }
  }
  // Loaded on first use: most requests never shrink, and the codec's memory stays unclaimed until then.
  const { PhotonImage, SamplingFilter, resize } = await import('@cf-wasm/photon')
  let source: InstanceType<typeof PhotonImage>
  try {
    source = PhotonImage.new_from_byteslice(bytes)
  } catch {
    return { ok: false, message: unreadable }
  }
  try {
    const width = source.get_width()
    const height = source.get_height()
    if (width * height > maxShrinkPixels) return { ok: false, message: `Foto terlalu besar untuk dikecilkan (paling besar ${Math.floor(maxShrinkPixels / 1_000_000)} megapiksel).` }
    const orientation = checked.type === 'image/jpeg' ? jpegOrientation(bytes) : 1
    let scaledSide = 0
    let scaled: InstanceType<typeof PhotonImage> | null = null
    try {
      for (const { side, quality } of attempts) {
        if (side !== scaledSide) {
          scaled?.free()
          const scale = Math.min(1, side / Math.max(width, height))
          const resized = resize(source, Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), SamplingFilter.Triangle)
          scaled = orientation === 1 ? resized : new PhotonImage(...orient(resized.get_raw_pixels(), resized.get_width(), resized.get_height(), orientation))
          if (scaled !== resized) resized.free()
          scaledSide = side
        }
        const out = scaled!.get_bytes_jpeg(quality)
        if (out.length <= targetPhotoBytes) return { ok: true, bytes: out, type: 'image/jpeg', ext: 'jpg' }
      }
    } finally {
      scaled?.free()
    }
    return { ok: false, message: 'Foto tidak dapat dikecilkan sampai 200 KB. Kirim foto lain.' }
  } finally {
    source.free()
  }
}

/** RGBA pixels turned upright per EXIF orientation 2–8: mirrored, rotated, or both. */
export function orient(rgba: Uint8Array, width: number, height: number, orientation: number): [Uint8Array, number, number] {
  const turned = orientation >= 5
  const w = turned ? height : width
  const from = new Uint32Array(rgba.slice().buffer)
  const to = new Uint32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let dx = x
      let dy = y
      if (orientation === 2) dx = width - 1 - x
      else if (orientation === 3) (dx = width - 1 - x), (dy = height - 1 - y)
      else if (orientation === 4) dy = height - 1 - y
      else if (orientation === 5) (dx = y), (dy = x)
      else if (orientation === 6) (dx = height - 1 - y), (dy = x)
      else if (orientation === 7) (dx = height - 1 - y), (dy = width - 1 - x)
      else if (orientation === 8) (dx = y), (dy = width - 1 - x)
      to[dy * w + dx] = from[y * width + x]!
    }
  }
  return [new Uint8Array(to.buffer), w, turned ? width : height]
}
