import { Hono } from 'hono'
import { queryFor } from '../../../views/pages/CaseListPage'
import { audit } from '../../db/queries/audit'
import { caseFilterCondition } from '../../db/queries/cases'
import { exportCases } from '../../db/queries/dashboard'
import { caseScopeOf, dashboardRoles } from '../../domain/access'
import { toCsv, type Cell } from '../../domain/csv-export'
import { pad } from '../../domain/format'
import { zoneOffsetMinutes } from '../../domain/figures'
import { channels, labelOf, statusLabel, urgencies } from '../../domain/glossary'
import { localParts } from '../../domain/zone'
import type { AppEnv } from '../../env'
import { csvResponse } from '../../render'
import { requireRole } from '../../security/middleware'
import { parseFilter } from './filter'

/** Any filtered case list as CSV, for the dashboard's readers (mounted at /cases). */
export const caseExport = new Hono<AppEnv>()

const stamp = (ms: number | null, zone: string) => {
  if (ms === null) return null
  const p = localParts(ms, zone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`
}

caseExport.get('/export.csv', requireRole(...dashboardRoles), async (c) => {
  const now = c.var.clock.now()
  const zone = c.var.config.zone
  const filter = parseFilter(c.req.query(), zoneOffsetMinutes(zone, now))
  const rows = await exportCases(c.var.db, caseFilterCondition(caseScopeOf(c.var.user!), filter, now))
  await audit(c.var.db, { actorId: c.var.user!.id, now }, 'case.export', queryFor(filter, 1) || '-')
  // Labels for people; the codes follow in columns of their own for machines (issue 19).
  const header = ['Tiket', 'Diterima', 'Kategori', 'Kelurahan', 'Status', 'Target', 'Selesai', 'Waktu penanganan (menit)', 'Tepat waktu', 'Fasilitator', 'Dieskalasi', 'Saluran', 'Urgensi', 'Kode status', 'Kode saluran', 'Kode urgensi']
  const cells: Cell[][] = rows.map((r) => [
    r.ticket,
    stamp(r.received_at, zone),
    r.category,
    r.kelurahan,
    statusLabel(r.status),
    stamp(r.due_at, zone),
    stamp(r.resolved_at, zone),
    r.handle_minutes === null ? null : Number(r.handle_minutes),
    r.resolved_at === null ? null : Number(r.resolved_at) <= Number(r.due_at) ? 'ya' : 'tidak',
    r.assignee,
    r.escalated_at === null ? 'tidak' : 'ya',
    labelOf(channels, r.channel),
    labelOf(urgencies, r.urgency),
    r.status,
    r.channel,
    r.urgency,
  ])
  return csvResponse(c, `kasus-${stamp(now, zone)!.slice(0, 10)}.csv`, toCsv(header, cells))
})
