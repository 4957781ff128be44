import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CaseListPage } from '../../views/pages/CaseListPage'
import { CasePage } from '../../views/pages/CasePage'
import { auditCaseRead, caseTimeline, findCase, listCases, type CaseFilter } from '../db/queries/cases'
import { caseScopeOf } from '../domain/access'
import { caseStatuses } from '../domain/case'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'
import { caseHandlingPanel } from './handling'

export const casesRoutes = new Hono<AppEnv>()
// Asisten and Wali Kota read the cases escalated to them (DOMAIN.md, the ladder); they act through the agency.
casesRoutes.use('*', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'))

function parseFilter(query: Record<string, string>): CaseFilter {
  const page = Number(query.page)
  const category = Number(query.category)
  return {
    q: query.q?.trim().slice(0, 100) || undefined,
    status: (caseStatuses as readonly string[]).includes(query.status ?? '') ? query.status : undefined,
    kelurahan: /^[\d.]{1,20}$/.test(query.kelurahan ?? '') ? query.kelurahan : undefined,
    category: Number.isSafeInteger(category) && category > 0 ? category : undefined,
    overdue: query.overdue === '1',
    page: Number.isSafeInteger(page) && page > 0 && page < 100_000 ? page : 1,
  }
}

casesRoutes.get('/', async (c) => {
  const ref = await c.var.reference.get()
  const user = c.var.user!
  const filter = parseFilter(c.req.query())
  const now = c.var.clock.now()
  const { rows, hasNext } = await listCases(c.var.db, caseScopeOf(user), filter, now)
  const visibleKelurahan = user.role === 'fasilitator' ? ref.kelurahan.filter((k) => user.kelurahan.includes(k.code)) : ref.kelurahan
  const props = {
    rows,
    hasNext,
    filter,
    now,
    zone: c.var.config.zone,
    kelurahan: visibleKelurahan.map((k): [string, string] => [k.code, k.name]),
    categories: ref.categories.map((cat): [string, string] => [String(cat.id), cat.name]),
  }
  return page(c, 'Kasus', <CaseListPage {...props} />)
})

casesRoutes.get('/:id{[0-9]+}', async (c) => {
  const user = c.var.user!
  const id = Number(c.req.param('id'))
  // 404, not 403, outside the user's area: whether a case exists must not leak.
  const detail = await findCase(c.var.db, caseScopeOf(user), id)
  if (!detail) throw new HTTPException(404, { message: 'Kasus tidak ditemukan.' })
  const now = c.var.clock.now()
  const [timeline] = await Promise.all([caseTimeline(c.var.db, id), auditCaseRead(c.var.db, { actorId: user.id, caseId: id, now })])
  const handling = await caseHandlingPanel(c, detail)
  return page(c, `Kasus ${detail.case.ticket}`, <CasePage detail={detail} timeline={timeline} now={now} zone={c.var.config.zone} justCreated={c.req.query('baru') === '1'} handling={handling} />)
})
