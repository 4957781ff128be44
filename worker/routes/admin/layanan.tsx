import { Hono } from 'hono'
import { LayananEditPage } from '../../../views/pages/LayananPage'
import { saveSetting } from '../../db/queries/public'
import { defaultLayananMarkdown, layananSettingKey } from '../../domain/layanan'
import { renderMarkdown } from '../../domain/markdown'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { readForm } from '../../domain/form'

/** The text of the public /layanan page (issue 6). */
export const adminLayanan = new Hono<AppEnv>()
adminLayanan.use('*', requireRole('admin'))

adminLayanan.get('/', async (c) => {
  const ref = await c.var.reference.get()
  const markdown = ref.settings.get(layananSettingKey) ?? defaultLayananMarkdown
  return page(c, 'Ubah Layanan', <LayananEditPage markdown={markdown} preview={renderMarkdown(markdown)} saved={c.req.query('tersimpan') === '1'} />)
})

adminLayanan.post('/', async (c) => {
  const form = readForm(await c.req.parseBody())
  const rule = 'Teks wajib diisi, paling banyak 20.000 karakter.'
  // Counted in the line breaks the page keeps (LF), not the browser's CRLF.
  const markdown = form.text('markdown', { max: 20_000, required: rule, tooLong: rule, map: (text) => text.replace(/\r\n?/g, '\n') })
  if (!form.ok) return page(c, 'Ubah Layanan', <LayananEditPage markdown={markdown} preview={renderMarkdown(markdown)} saved={false} error={form.errors.markdown} />, { status: 422 })
  await saveSetting(c.var.db, layananSettingKey, markdown, { actorId: c.var.user!.id, now: c.var.clock.now() })
  c.var.reference.invalidate()
  return c.redirect('/admin/layanan?tersimpan=1', 303)
})
