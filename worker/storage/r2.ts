import { isSafeKey, type PhotoStore } from './photo-store'

/** The part of an R2 bucket binding used here (structural, so Node type-checks without Workers types). */
export type R2Like = {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; httpMetadata?: { contentType?: string } } | null>
  delete(key: string): Promise<void>
}

/** Photos in an R2 bucket, for the Worker (binding `PHOTOS` in wrangler.toml). */
export function r2PhotoStore(bucket: R2Like): PhotoStore {
  const check = (key: string) => {
    if (!isSafeKey(key)) throw new Error('unsafe photo key')
    return key
  }
  return {
    async put(key, bytes, contentType) {
      await bucket.put(check(key), bytes, { httpMetadata: { contentType } })
    },
    async get(key) {
      const object = await bucket.get(check(key))
      if (!object) return null
      return { bytes: new Uint8Array(await object.arrayBuffer()), contentType: object.httpMetadata?.contentType ?? 'application/octet-stream' }
    },
    async delete(key) {
      await bucket.delete(check(key))
    },
  }
}
