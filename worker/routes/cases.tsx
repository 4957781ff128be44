import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CaseListPage } from '../../views/pages/CaseListPage'
import { CasePage } from '../../views/pages/CasePage'
import { auditCaseRead, caseTimeline, findCase, listCases, type CaseFilter, type RangeFilter } from '../db/queries/cases'
import { parsePeriod, periodMs, periodText, zoneOffsetMinutes } from '../domain/figures'
import { caseScopeOf } from '../domain/access'
import { caseStatuses } from '../domain/case'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'
import { auditAccess } from '../db/queries/privacy'
import { sha256Hex } from '../security/tokens'
import { caseServicesPanel } from './dispatch'
import { caseHandlingPanel } from './handling'

export const casesRoutes = new Hono<AppEnv>()
// Who may download a case list as CSV (the dashboard's readers; worker/routes/dashboard.tsx).
const exportRoles = new Set(['supervisor', 'kepala', 'admin', 'asisten', 'walikota'])
// Asisten and Wali Kota read the cases escalated to them (DOMAIN.md, the ladder); they act through the agency.
casesRoutes.use('*', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'))

/** A period query value (`2026-11-01..2026-11-30`) as the UTC range of those local days. */
function rangeOf(text: string | undefined, offsetMinutes: number): RangeFilter | undefined {
  const p = parsePeriod(text)
  return p ? { text: periodText(p), ...periodMs(p, offsetMinutes) } : undefined
}

export function parseFilter(query: Record<string, string>, offsetMinutes = 0): CaseFilter {
  const page = Number(query.page)
  const category = Number(query.category)
  const assignee = Number(query.assignee)
  return {
    open: query.open === '1',
    assignee: query.assignee !== undefined && query.assignee !== '' && Number.isSafeInteger(assignee) && assignee >= 0 ? assignee : undefined,
    received: rangeOf(query.received, offsetMinutes),
    handled: rangeOf(query.handled, offsetMinutes),
    within: query.within === '1' ? true : query.within === '0' ? false : undefined,
    escalated: query.escalated === '1',
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
    canExport: exportRoles.has(user.role),
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
  const [handling, services] = await Promise.all([caseHandlingPanel(c, detail), caseServicesPanel(c, detail)])
  return page(c, `Kasus ${detail.case.ticket}`, <CasePage detail={detail} timeline={timeline} now={now} zone={c.var.config.zone} justCreated={c.req.query('baru') === '1'} handling={<>{handling}{services}</>} />)
})
