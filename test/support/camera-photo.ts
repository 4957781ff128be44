import { PhotonImage } from '@cf-wasm/photon'

/**
 * A real JPEG as a phone camera writes it: `width` × `height` of noisy gradients (noise keeps it
 * heavy, ~0.3 byte a pixel at quality 92), red in the top-left corner, blue in the top-right, and
 * an EXIF block with the GPS-bearing APP1 a phone adds and the orientation tag when given.
 */
export function cameraJpeg(width: number, height: number, orientation = 1): Uint8Array {
  const px = new Uint8Array(width * height * 4)
  let seed = 7
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 48
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const n = noise()
      px[i] = 60 + (x / width) * 120 + n
      px[i + 1] = 60 + (y / height) * 120 + n
      px[i + 2] = 90 + n
      px[i + 3] = 255
    }
  }
  // Corner markers (one tenth of each side) show which way is up after a re-encode.
  for (let y = 0; y < height / 10; y++) {
    for (let x = 0; x < width / 10; x++) px.set([255, 0, 0, 255], (y * width + x) * 4)
    for (let x = Math.ceil(width * 0.9); x < width; x++) px.set([0, 0, 255, 255], (y * width + x) * 4)
  }
  const image = new PhotonImage(px, width, height)
  const jpeg = image.get_bytes_jpeg(92)
  image.free()
  return withExif(jpeg, orientation)
}

/** `jpeg` with an APP1 EXIF segment (big-endian TIFF: orientation, and a GPS pointer) after its SOI. */
function withExif(jpeg: Uint8Array, orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 2, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
  const payload = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff)
  const segment = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload]
  const out = new Uint8Array(jpeg.length + segment.length)
  out.set(jpeg.subarray(0, 2))
  out.set(segment, 2)
  out.set(jpeg.subarray(2), 2 + segment.length)
  return out
}

/** The RGBA of pixel (x, y) of an encoded image. */
export function pixelAt(bytes: Uint8Array, x: number, y: number): number[] {
  const image = PhotonImage.new_from_byteslice(bytes)
  const i = (y * image.get_width() + x) * 4
  const rgba = Array.from(image.get_raw_pixels().subarray(i, i + 4))
  image.free()
  return rgba
}
