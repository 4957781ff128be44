import { Hono } from 'hono'
import { SatisfactionPage, type IkmTable } from '../../views/pages/SatisfactionPage'
import { surveyRows } from '../db/queries/public'
import { monthNames, pad } from '../domain/format'
import { computeIkm, ikmBy } from '../domain/ikm'
import { localParts } from '../domain/zone'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'

/** The Indeks Kepuasan Masyarakat from the public survey (issue 6). */
export const satisfaction = new Hono<AppEnv>()
satisfaction.use('*', requireRole('supervisor', 'kepala', 'admin'))

satisfaction.get('/', async (c) => {
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
    table('Per kelurahan', ikmBy(rows, (r) => r.kelurahanCode), (code) => ref.kelurahanNames.get(code) ?? code),
  ]
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i)
  return page(c, 'Indeks Kepuasan Masyarakat', <SatisfactionPage year={year} years={years} overall={computeIkm(rows)} tables={tables} />)
})
