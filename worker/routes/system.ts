import { Hono } from 'hono'
import { decodeBase64 } from '@oslojs/encoding'
import { assetFiles, assetUrls } from '../generated/assets'
import type { AppEnv } from '../env'

export const system = new Hono<AppEnv>()

system.get('/healthz', async (c) => {
  try {
    // A write transaction, not a bare read: a file locked by another writer still answers reads
    // (WAL) while every report would fail after busy_timeout. Nothing is written.
    await c.var.db.$client.batch(['SELECT 1'], 'write')
    return c.json({ status: 'ok', database: 'reachable' })
  } catch {
    return c.json({ status: 'degraded', database: 'unreachable' }, 503)
  }
})

system.get('/static/:file', (c) => {
  const file = assetFiles[c.req.path]
  if (!file) return c.notFound()
  // Names carry a content hash, so a year of caching is safe.
  return c.body(file.base64 ? (decodeBase64(file.body) as Uint8Array<ArrayBuffer>) : file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=31536000, immutable' })
})

// The installable app (issue 22): a facilitator's phone opens it on Kasus saya. Only their pages link it.
system.get('/manifest.webmanifest', (c) => {
  const manifest = {
    id: '/my-cases',
    name: 'Sigap Dinas Sosial',
    short_name: 'Sigap',
    description: 'Kasus saya: menangani kasus di lapangan, juga saat sinyal hilang.',
    lang: 'id',
    start_url: '/my-cases',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b3d6e',
    icons: [
      { src: assetUrls.icon192, sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
      { src: assetUrls.icon512, sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
    ],
  }
  return c.body(JSON.stringify(manifest), 200, { 'Content-Type': 'application/manifest+json', 'Cache-Control': 'no-cache' })
})

// Web Push, the offline copies of a facilitator's pages and their queue of actions (views/static/sw.js).
// Revalidated at every visit, so a new release's worker takes over at once.
system.get('/sw.js', (c) => {
  const file = assetFiles['/sw.js']!
  return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' })
})
