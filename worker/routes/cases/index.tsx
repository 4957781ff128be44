import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CaseListPage } from '../../../views/pages/CaseListPage'
import { CasePage } from '../../../views/pages/CasePage'
import { auditCaseRead, caseTimeline, findCase, listCases } from '../../db/queries/cases'
import { zoneOffsetMinutes } from '../../domain/figures'
import { caseScopeOf, dashboardRoles } from '../../domain/access'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { auditAccess } from '../../db/queries/privacy'
import { sha256Hex } from '../../security/tokens'
import { caseServicesPanel, quickDispatchPanel } from './services'
import { parseFilter } from './filter'
import { caseHandlingPanel } from './handling'

/** The case list and the case page; acting on a case is in the other files of this folder, all mounted at /cases. */
export const casesRoutes = new Hono<AppEnv>()
// Asisten and Wali Kota read the cases escalated to them (DOMAIN.md, the ladder); they act through the agency.
casesRoutes.use('*', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'))

casesRoutes.get('/', async (c) => {
  const ref = await c.var.reference.get()
  const user = c.var.user!
  const now = c.var.clock.now()
  const filter = parseFilter(c.req.query(), zoneOffsetMinutes(c.var.config.zone, now))
  const { rows, hasNext } = await listCases(c.var.db, caseScopeOf(user), filter, now)
  // A search by name, NIK or phone is a look-up of a person (UU PDP Pasal 31): audited with the
  // term's SHA-256 only, so the log does not become one more copy of the NIK it protects.
  if (filter.q) await auditAccess(c.var.db, { actorId: user.id, now }, 'case.search', { term: await sha256Hex(filter.q.toLowerCase()), results: rows.length })
  const visibleKelurahan = user.role === 'fasilitator' ? ref.kelurahan.filter((k) => user.kelurahan.includes(k.code)) : ref.kelurahan
  const props = {
    rows,
    hasNext,
    filter,
    canExport: (dashboardRoles as readonly string[]).includes(user.role),
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
  const [handling, services, quick] = await Promise.all([caseHandlingPanel(c, detail), caseServicesPanel(c, detail), quickDispatchPanel(c, detail)])
  return page(c, `Kasus ${detail.case.ticket}`, <CasePage detail={detail} timeline={timeline} now={now} zone={c.var.config.zone} justCreated={c.req.query('baru') === '1'} lead={quick} handling={<>{handling}{services}</>} />)
})
