import { Hono } from 'hono'
import { assetFiles } from '../generated/assets'
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
  return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=31536000, immutable' })
})

// Receives Web Push messages and opens their link on a tap (views/static/sw.js). Revalidated at
// every visit, so a new release's worker takes over at once.
system.get('/sw.js', (c) => {
  const file = assetFiles['/sw.js']!
  return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' })
})
