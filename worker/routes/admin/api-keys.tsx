import { Hono, type Context } from 'hono'
import { ApiKeysPage } from '../../../views/pages/ApiKeysPage'
import { issueApiKey, listApiKeys, revokeApiKey } from '../../db/queries/public'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { randomToken, sha256Hex } from '../../security/tokens'
import { readForm } from '../../domain/form'

/** Keys of the Open311 clients (issue 6). */
export const adminApiKeys = new Hono<AppEnv>()
adminApiKeys.use('*', requireRole('admin'))

async function apiKeysPage(c: Context<AppEnv>, extra: { newKey?: string; error?: string; name?: string } = {}, status: 200 | 422 = 200) {
  const keys = await listApiKeys(c.var.db)
  return page(c, 'Kunci API', <ApiKeysPage keys={keys} zone={c.var.config.zone} {...extra} />, { status })
}

adminApiKeys.get('/', (c) => apiKeysPage(c))

adminApiKeys.post('/', async (c) => {
  const form = readForm(await c.req.parseBody())
  const rule = 'Isi nama pemakai kunci (paling banyak 100 karakter).'
  const name = form.text('name', { max: 100, required: rule, tooLong: rule })
  if (!form.ok) return apiKeysPage(c, { error: form.errors.name, name: form.values.name ?? '' }, 422)
  const key = `sgp_${randomToken()}`
  await issueApiKey(c.var.db, { name, keyHash: await sha256Hex(key), keyPrefix: key.slice(0, 10), actorId: c.var.user!.id, now: c.var.clock.now() })
  // Shown once, in this response only; the database keeps the hash.
  return apiKeysPage(c, { newKey: key })
})

adminApiKeys.post('/:id{[0-9]+}/revoke', async (c) => {
  await revokeApiKey(c.var.db, { id: Number(c.req.param('id')), actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect('/admin/api-keys', 303)
})
