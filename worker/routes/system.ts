import { Hono } from 'hono'
import { assetFiles } from '../generated/assets'
import type { AppEnv } from '../env'

export const system = new Hono<AppEnv>()

system.get('/healthz', async (c) => {
  try {
    await c.var.db.$client.execute('SELECT 1')
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
