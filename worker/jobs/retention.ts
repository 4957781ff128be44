import type { Db } from '../db/client'
import { findPurgedPhotos, findPurgedWhatsappMedia, forgetPurgedPhotos, forgetPurgedWhatsappMedia, purgeClosedCases, purgeTurnedAwayConversations, readRetentionYears } from '../db/queries/privacy'
import { parseRetentionYears, retentionCutoff } from '../domain/retention'
import type { PhotoStore } from '../storage/photo-store'

// Small chunks keep each batch well under the 5 s libSQL transaction slot (SECURITY.md B9); the
// next tick continues where this one stopped.
const chunk = 200
const maxChunksPerRun = 10

/**
 * Purges the personal fields of closed cases past the retention period (with their WhatsApp
 * conversations) and of conversations turned away before it, then the files of their photos and
 * media from `photos` (when the runtime has a store); returns how many cases.
 */
export async function purgeExpired(db: Db, now: number, photos?: PhotoStore): Promise<{ purged: number }> {
  const years = parseRetentionYears(await readRetentionYears(db))
  const cutoff = retentionCutoff(now, years)
  let purged = 0
  for (let i = 0; i < maxChunksPerRun; i++) {
    const ids = await purgeClosedCases(db, { cutoff, now, limit: chunk, retentionYears: years })
    purged += ids.length
    if (ids.length < chunk) break
  }
  await purgeTurnedAwayConversations(db, { cutoff, now, retentionYears: years })
  if (photos) {
    await deletePurgedPhotos(db, now, photos)
    await deletePurgedWhatsappMedia(db, photos)
  }
  return { purged }
}

// After the fields, not in their batch: a file store has no transactions. Files go first, then their
// rows, so a failure in between leaves rows the next run finds again (deleting a file twice is harmless).
async function deletePurgedPhotos(db: Db, now: number, photos: PhotoStore): Promise<void> {
  for (let i = 0; i < maxChunksPerRun; i++) {
    const due = await findPurgedPhotos(db, chunk)
    if (due.length === 0) break
    for (const p of due) await photos.delete(p.storageKey)
    await forgetPurgedPhotos(db, { photos: due, now })
    if (due.length < chunk) break
  }
}

async function deletePurgedWhatsappMedia(db: Db, photos: PhotoStore): Promise<void> {
  for (let i = 0; i < maxChunksPerRun; i++) {
    const due = await findPurgedWhatsappMedia(db, chunk)
    if (due.length === 0) break
    for (const m of due) await photos.delete(m.mediaKey)
    await forgetPurgedWhatsappMedia(db, due.map((m) => m.id))
    if (due.length < chunk) break
  }
}
