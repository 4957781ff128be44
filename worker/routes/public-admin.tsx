import { monthNames, pad } from '../domain/format'
import { localParts } from '../domain/zone'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiKeysPage } from '../../views/pages/ApiKeysPage'
import { LayananEditPage } from '../../views/pages/LayananPage'
import { SatisfactionPage, type IkmTable } from '../../views/pages/SatisfactionPage'
import { issueApiKey, listApiKeys, markSpam, revokeApiKey, saveSetting, surveyRows } from '../db/queries/public'
import { computeIkm, ikmBy } from '../domain/ikm'
import { defaultLayananMarkdown, layananSettingKey } from '../domain/layanan'
import { renderMarkdown } from '../domain/markdown'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'
import { randomToken, sha256Hex } from '../security/tokens'

// Staff screens of the public side (issue 6). Each is mounted at its own path, so `use('*')`
// here never reaches another area's routes.

export const apiKeysRoutes = new Hono<AppEnv>()
apiKeysRoutes.use('*', requireRole('admin'))

async function apiKeysPage(c: Context<AppEnv>, extra: { newKey?: string; error?: string; name?: string } = {}, status: 200 | 422 = 200) {
  const keys = await listApiKeys(c.var.db)
  return page(c, 'Kunci API', <ApiKeysPage keys={keys} zone={c.var.config.zone} {...extra} />, { status })
}

apiKeysRoutes.get('/', (c) => apiKeysPage(c))

apiKeysRoutes.post('/', async (c) => {
  const body = await c.req.parseBody()
  const name = typeof body.name === 'string' ? body.name.normalize('NFC').trim() : ''
  if (!name || name.length > 100) return apiKeysPage(c, { error: 'Isi nama pemakai kunci (paling banyak 100 karakter).', name: typeof body.name === 'string' ? body.name : '' }, 422)
  const key = `sgp_${randomToken()}`
  await issueApiKey(c.var.db, { name, keyHash: await sha256Hex(key), keyPrefix: key.slice(0, 10), actorId: c.var.user!.id, now: c.var.clock.now() })
  // Shown once, in this response only; the database keeps the hash.
  return apiKeysPage(c, { newKey: key })
})

apiKeysRoutes.post('/:id{[0-9]+}/revoke', async (c) => {
  await revokeApiKey(c.var.db, { id: Number(c.req.param('id')), actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect('/admin/api-keys', 303)
})

export const layananAdmin = new Hono<AppEnv>()
layananAdmin.use('*', requireRole('admin'))

layananAdmin.get('/', async (c) => {
  const ref = await c.var.reference.get()
  const markdown = ref.settings.get(layananSettingKey) ?? defaultLayananMarkdown
  return page(c, 'Ubah Layanan', <LayananEditPage markdown={markdown} preview={renderMarkdown(markdown)} saved={c.req.query('tersimpan') === '1'} />)
})

layananAdmin.post('/', async (c) => {
  const body = await c.req.parseBody()
  const markdown = typeof body.markdown === 'string' ? body.markdown.replace(/\r\n?/g, '\n') : ''
  if (!markdown.trim() || markdown.length > 20_000) {
    return page(c, 'Ubah Layanan', <LayananEditPage markdown={markdown} preview={renderMarkdown(markdown)} saved={false} error="Teks wajib diisi, paling banyak 20.000 karakter." />, { status: 422 })
  }
  await saveSetting(c.var.db, layananSettingKey, markdown, { actorId: c.var.user!.id, now: c.var.clock.now() })
  c.var.reference.invalidate()
  return c.redirect('/admin/layanan?tersimpan=1', 303)
})

/** Operators and supervisors mark an online report as spam: it becomes `ditolak`. Mounted at /cases; the role check is per route. */
export const spamRoutes = new Hono<AppEnv>()

spamRoutes.post('/:id{[0-9]+}/spam', requireRole('operator', 'supervisor', 'admin'), async (c) => {
  const id = Number(c.req.param('id'))
  const done = await markSpam(c.var.db, { caseId: id, actorId: c.var.user!.id, now: c.var.clock.now() })
  if (!done) throw new HTTPException(409, { message: 'Hanya laporan online yang masih terbuka yang dapat ditandai spam.' })
  return c.redirect(`/cases/${id}`, 303)
})

export const satisfactionRoutes = new Hono<AppEnv>()
satisfactionRoutes.use('*', requireRole('supervisor', 'kepala', 'admin'))

satisfactionRoutes.get('/', async (c) => {
  const zone = c.var.config.zone
  const now = c.var.clock.now()
  const thisYear = localParts(now, zone).year
  const asked = Number(c.req.query('tahun'))
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : thisYear
  // A day of slack on both sides covers every zone; rows are then kept by their local year.
  const day = 24 * 3600_000
  const rows = (await surveyRows(c.var.db, { from: Date.UTC(year, 0, 1) - day, to: Date.UTC(year + 1, 0, 1) + day })).filter((r) => localParts(r.answeredAt, zone).year === year)
  const ref = await c.var.reference.get()
  const table = (title: string, groups: Map<string, ReturnType<typeof computeIkm>>, label: (key: string) => string): IkmTable => ({
    title,
    rows: [...groups].map(([key, result]) => ({ label: label(key), result: result! })).sort((a, b) => a.label.localeCompare(b.label)),
  })
  const byMonth = ikmBy(rows, (r) => pad(localParts(r.answeredAt, zone).month))
  const tables = [
    { ...table('Per bulan', byMonth, (m) => m), rows: [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([m, result]) => ({ label: monthNames[Number(m) - 1]!, result })) },
    table('Per kategori', ikmBy(rows, (r) => String(r.categoryId)), (id) => ref.categoryById.get(Number(id))?.name ?? id),
    table('Per kelurahan', ikmBy(rows, (r) => r.kelurahanCode), (code) => ref.kelurahanByCode.get(code)?.name ?? code),
  ]
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i)
  return page(c, 'Indeks Kepuasan Masyarakat', <SatisfactionPage year={year} years={years} overall={computeIkm(rows)} tables={tables} />)
})
