import type { Fetch } from '../alerts/channel'
import type { AlertConfig } from '../config'
import type { Db } from '../db/client'
import { claimDueMedia, markMediaFailed, markMediaStored, type MediaClaim } from '../db/queries/whatsapp-inbox'
import { stripPhotoMetadata } from '../domain/photo-metadata'
import type { PhotoType } from '../domain/photo'
import { checkWhatsappMedia } from '../domain/whatsapp-media'
import { nextAttemptAt } from '../domain/retry'
import { randomToken } from '../security/tokens'
import type { PhotoStore } from '../storage/photo-store'

export type MediaDeps = { whatsapp: AlertConfig['whatsapp']; photos: PhotoStore | undefined; maxBytes: number; fetchFn?: Fetch }
export type MediaReport = { stored: number; retried: number; failed: number }

// A claim outlives a slow download; a fetch that died with its isolate is tried again after it.
const leaseMs = 10 * 60_000
const timeoutMs = 30_000

type Outcome = { ok: true; bytes: Uint8Array; type: string; ext: string } | { ok: false; retry: boolean }

/** Graph API: the media's short-lived URL, then its bytes, both with the token (Cloud API media download). */
async function download(deps: MediaDeps & { whatsapp: NonNullable<AlertConfig['whatsapp']> }, claim: MediaClaim): Promise<Outcome> {
  const fetchFn = deps.fetchFn ?? fetch
  const headers = { Authorization: `Bearer ${deps.whatsapp.token}` }
  // Rate limits (429), outages (5xx), a token being replaced (401/403) and the network pass: try later.
  // Any other answer (404: the media id is unknown or expired) will not change.
  const transient = (status: number) => status === 429 || status === 401 || status === 403 || status >= 500
  try {
    const meta = await fetchFn(`${deps.whatsapp.apiUrl}/${encodeURIComponent(claim.mediaId)}`, { headers, signal: AbortSignal.timeout(timeoutMs) })
    if (!meta.ok) {
      await meta.body?.cancel()
      return { ok: false, retry: transient(meta.status) }
    }
    const info = (await meta.json()) as { url?: unknown; file_size?: unknown }
    if (typeof info.url !== 'string' || !/^https?:\/\//.test(info.url)) return { ok: false, retry: false }
    if (typeof info.file_size === 'number' && info.file_size > deps.maxBytes) return { ok: false, retry: false }
    const file = await fetchFn(info.url, { headers, signal: AbortSignal.timeout(timeoutMs) })
    if (!file.ok) {
      await file.body?.cancel()
      return { ok: false, retry: transient(file.status) }
    }
    if (Number(file.headers.get('Content-Length') ?? 0) > deps.maxBytes) {
      await file.body?.cancel()
      return { ok: false, retry: false }
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    const check = checkWhatsappMedia(claim.kind, bytes, deps.maxBytes)
    if (!check.ok) return { ok: false, retry: false }
    // A photo loses what the camera wrote besides the pixels, as every stored photo does (issue 16).
    const clean = claim.kind === 'image' ? stripPhotoMetadata(bytes, check.type as PhotoType) : bytes
    return clean ? { ok: true, bytes: clean, type: check.type, ext: check.ext } : { ok: false, retry: false }
  } catch {
    return { ok: false, retry: true }
  }
}

/**
 * Fetches reporters' photos and voice notes into the photo store: right after the webhook answered
 * (`wamids`: the messages just received), and at every scheduled tick for whatever is still waiting.
 * A failure never touches the message; it is tried again later (nextAttemptAt, the outbox's rule) or marked `gagal`.
 * Without a token or a store nothing is claimed: the media waits (Graph keeps it for 30 days).
 */
export async function fetchWhatsappMedia(db: Db, now: number, deps: MediaDeps, wamids?: string[]): Promise<MediaReport> {
  const report: MediaReport = { stored: 0, retried: 0, failed: 0 }
  const { whatsapp, photos } = deps
  if (!whatsapp || !photos) return report
  for (const claim of await claimDueMedia(db, { now, leaseMs, limit: 20, wamids })) {
    const outcome = await download({ ...deps, whatsapp }, claim)
    if (outcome.ok) {
      const key = `whatsapp/${claim.id}/${randomToken().slice(0, 32)}.${outcome.ext}`
      await photos.put(key, outcome.bytes, outcome.type)
      await markMediaStored(db, claim.id, { key, mime: outcome.type, size: outcome.bytes.length })
      report.stored++
      continue
    }
    const retryAt = outcome.retry ? nextAttemptAt(claim.attempts + 1, now) : null
    await markMediaFailed(db, claim.id, retryAt)
    if (retryAt === null) report.failed++
    else report.retried++
  }
  return report
}
