/**
 * Where photo bytes live, behind one small interface both runtimes implement: a folder on Node
 * (storage/folder.ts), an R2 bucket on the Worker (storage/r2.ts). Keys are chosen by the app;
 * access is checked by the routes before `get` is ever called.
 */
export interface PhotoStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>
  delete(key: string): Promise<void>
}

/**
 * Keys are `cases/<id>/<random>.<ext>`, or `whatsapp/<message id>/<random>.<ext>` for what reporters
 * sent by WhatsApp (photos and voice notes): nothing a user typed reaches a path or object name.
 */
export function isSafeKey(key: string): boolean {
  return /^(cases\/\d+\/[A-Za-z0-9_-]{16,64}\.(jpg|png|webp)|whatsapp\/\d+\/[A-Za-z0-9_-]{16,64}\.(jpg|png|webp|ogg|amr|m4a|aac|mp3))$/.test(key)
}
