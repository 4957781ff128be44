import { Hono } from 'hono'
import { LayananEditPage } from '../../../views/pages/LayananPage'
import { saveSetting } from '../../db/queries/public'
import { defaultLayananMarkdown, layananSettingKey } from '../../domain/layanan'
import { renderMarkdown } from '../../domain/markdown'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'

/** The text of the public /layanan page (issue 6). */
export const adminLayanan = new Hono<AppEnv>()
adminLayanan.use('*', requireRole('admin'))

adminLayanan.get('/', async (c) => {
  const ref = await c.var.reference.get()
  const markdown = ref.settings.get(layananSettingKey) ?? defaultLayananMarkdown
  return page(c, 'Ubah Layanan', <LayananEditPage markdown={markdown} preview={renderMarkdown(markdown)} saved={c.req.query('tersimpan') === '1'} />)
})

adminLayanan.post('/', async (c) => {
  const body = await c.req.parseBody()
  const markdown = typeof body.markdown === 'string' ? body.markdown.replace(/\r\n?/g, '\n') : ''
  if (!markdown.trim() || markdown.length > 20_000) {
    return page(c, 'Ubah Layanan', <LayananEditPage markdown={markdown} preview={renderMarkdown(markdown)} saved={false} error="Teks wajib diisi, paling banyak 20.000 karakter." />, { status: 422 })
  }
  await saveSetting(c.var.db, layananSettingKey, markdown, { actorId: c.var.user!.id, now: c.var.clock.now() })
  c.var.reference.invalidate()
  return c.redirect('/admin/layanan?tersimpan=1', 303)
})
