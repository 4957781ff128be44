import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AuditPage, SubjectAccessPage, type AuditQuery } from '../../../views/pages/admin/AuditPage'
import { AdminNav } from '../../../views/pages/admin/AdminNav'
import { audit, listAudit, type AuditFilter } from '../../db/queries/audit'
import { endUserSessions, findSubjectData, resetSecondFactor } from '../../db/queries/privacy'
import { findUser } from '../../db/queries/admin'
import { parseLocalDate } from '../../domain/import'
import { auditCsv, subjectAccessCsv } from '../../domain/privacy-csv'
import { parseSubjectKey } from '../../domain/admin-forms'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { sha256Hex } from '../../security/tokens'
import { actorOf, idParam } from './shared'

/** The admin's privacy tools: the audit log, subject access, ending a user's sessions, resetting their second factor. */
export const adminAudit = new Hono<AppEnv>()
adminAudit.use('*', requireRole('admin'))

function parseAuditQuery(query: Record<string, string>, zone: string): { query: AuditQuery; filter: AuditFilter; errors: Record<string, string> } {
  const text = (name: string, max = 64) => (query[name] ?? '').trim().slice(0, max)
  const pageNo = Number(query.page)
  const q: AuditQuery = { case: text('case'), user: text('user').toLowerCase(), action: text('action'), from: text('from', 10), to: text('to', 10), page: Number.isSafeInteger(pageNo) && pageNo > 0 && pageNo < 100_000 ? pageNo : 1 }
  const errors: Record<string, string> = {}
  const day = (name: 'from' | 'to') => {
    if (!q[name]) return undefined
    const at = /^\d{4}-\d{2}-\d{2}$/.test(q[name]) ? parseLocalDate(q[name], zone) : null
    if (at === null) errors[name] = 'Tanggal tidak valid.'
    return at ?? undefined
  }
  const from = day('from')
  const to = day('to')
  const filter: AuditFilter = {
    ...(/^\d+$/.test(q.case) ? { caseId: Number(q.case) } : q.case ? { ticket: q.case.toUpperCase() } : {}),
    username: q.user || undefined,
    action: q.action || undefined,
    from,
    // Up to and including the `to` day.
    to: to === undefined ? undefined : to + 24 * 60 * 60_000,
    page: q.page,
  }
  return { query: q, filter, errors }
}

adminAudit.get('/audit', async (c) => {
  const { query, filter, errors } = parseAuditQuery(c.req.query(), c.var.config.zone)
  const { rows, hasNext } = Object.keys(errors).length > 0 ? { rows: [], hasNext: false } : await listAudit(c.var.db, filter)
  return page(
    c,
    'Log audit',
    <>
      <AdminNav current="/admin/audit" />
      <AuditPage query={query} errors={errors} rows={rows} hasNext={hasNext} zone={c.var.config.zone} />
    </>,
    { status: Object.keys(errors).length > 0 ? 422 : 200 },
  )
})

// At most this many rows per download; a longer period is exported in parts by date.
const exportLimit = 50_000

adminAudit.get('/audit.csv', async (c) => {
  const { filter, errors } = parseAuditQuery(c.req.query(), c.var.config.zone)
  if (Object.keys(errors).length > 0) throw new HTTPException(400, { message: 'Saringan tidak valid.' })
  const { rows } = await listAudit(c.var.db, { ...filter, page: 1 }, exportLimit)
  await audit(c.var.db, actorOf(c), 'audit.export', { rows: rows.length })
  return c.body(auditCsv(rows, c.var.config.zone), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="audit-sigap.csv"' })
})

adminAudit.get('/privacy', (c) => page(c, 'Akses data subjek', <SubjectAccessPage values={{}} errors={{}} />))

// POST, not GET: the NIK stays out of URLs, browser history and access logs.
adminAudit.post('/privacy/export', async (c) => {
  const body = await c.req.parseBody()
  const parsed = parseSubjectKey(body)
  if (!parsed.ok) return page(c, 'Akses data subjek', <SubjectAccessPage values={parsed.values} errors={parsed.errors} />, { status: 422 })
  const key = parsed.value
  const data = await findSubjectData(c.var.db, key)
  // The export is itself processing: one row per case (it joins the subject's trail), the key only hashed.
  const keyHash = await sha256Hex(`${key.nik ?? ''}|${key.phone ?? ''}`)
  const actor = actorOf(c)
  if (data.cases.length === 0) await audit(c.var.db, actor, 'privacy.subject_access', { key: keyHash, cases: 0 })
  for (const found of data.cases) await audit(c.var.db, actor, 'privacy.subject_access', { key: keyHash }, found.case.id)
  const now = new Date(actor.now).toISOString()
  const cases = data.cases.map(({ case: k, categoryName, kelurahanName }) => {
    const { idempotencyKey: _idem, ...rest } = k
    return { ...rest, categoryName, kelurahanName, events: data.events.filter((e) => e.caseId === k.id), processingTrail: data.trail.filter((a) => a.caseId === k.id) }
  })
  const peopleOut = data.people.map(({ intakeKey: _key, ...p }) => p)
  const sightingsOut = data.sightings.map(({ idempotencyKey: _key, ...x }) => x)
  c.header('Cache-Control', 'no-store')
  if (body.format === 'csv') {
    return c.body(subjectAccessCsv(cases, c.var.config.zone, { people: peopleOut, sightings: sightingsOut }), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="data-subjek.csv"' })
  }
  return c.body(JSON.stringify({ exportedAt: now, legalBasis: 'UU PDP 27/2022 Pasal 32', cases, people: peopleOut, sightings: sightingsOut }, null, 2), 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': 'attachment; filename="data-subjek.json"',
  })
})

adminAudit.post('/users/:id{[0-9]+}/end-sessions', async (c) => {
  const user = await findUser(c.var.db, idParam(c))
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  await endUserSessions(c.var.db, actorOf(c), user.id)
  return c.redirect(`/admin/users/${user.id}?ok=1`, 303)
})

adminAudit.post('/users/:id{[0-9]+}/reset-2fa', async (c) => {
  const user = await findUser(c.var.db, idParam(c))
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  await resetSecondFactor(c.var.db, actorOf(c), user.id)
  return c.redirect(`/admin/users/${user.id}?ok=1`, 303)
})
