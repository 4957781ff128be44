import { Hono } from 'hono'
import { CaseListPage } from '../../../views/pages/CaseListPage'
import { audit } from '../../db/queries/audit'
import { casePageOf, listCases } from '../../db/queries/cases'
import { zoneOffsetMinutes } from '../../domain/figures'
import { dashboardRoles } from '../../domain/access'
import type { AppEnv } from '../../env'
import { caseReadPage } from '../../pages/case'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { oneTrip, ownRows, viewerScopes, withSession } from '../../session'
import { sha256Hex } from '../../security/tokens'
import { parseFilter } from './filter'

/** The case list and the case page; acting on a case is in the other files of this folder, all mounted at /cases. */
export const casesRoutes = new Hono<AppEnv>()
// Asisten and Wali Kota read the cases escalated to them (DOMAIN.md, the ladder); they act through the agency.
casesRoutes.use('*', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'))

casesRoutes.get('/', oneTrip(async (c) => {
  const ref = await c.var.reference.get()
  const now = c.var.clock.now()
  const filter = parseFilter(c.req.query(), zoneOffsetMinutes(c.var.config.zone, now))
  const found = await withSession(c, viewerScopes(c).map((scope) => listCases(c.var.db, scope, filter, now)))
  const { rows, hasNext } = casePageOf(ownRows(c, found))
  const user = c.var.user!
  // A search by name, NIK or phone is a look-up of a person (UU PDP Pasal 31): audited with the
  // term's SHA-256 only, so the log does not become one more copy of the NIK it protects.
  if (filter.q) await audit(c.var.db, { actorId: user.id, now }, 'case.search', { term: await sha256Hex(filter.q.toLowerCase()), results: rows.length })
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
}))

casesRoutes.get('/:id{[0-9]+}', oneTrip(caseReadPage))
