import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { markSpam } from '../../db/queries/public'
import type { AppEnv } from '../../env'
import { requireRole } from '../../security/middleware'

/** Operators and supervisors mark an online report as spam: it becomes `ditolak`. Mounted at /cases; the role check is per route. */
export const caseSpam = new Hono<AppEnv>()

caseSpam.post('/:id{[0-9]+}/spam', requireRole('operator', 'supervisor', 'admin'), async (c) => {
  const id = Number(c.req.param('id'))
  const done = await markSpam(c.var.db, { caseId: id, actorId: c.var.user!.id, now: c.var.clock.now() })
  if (!done) throw new HTTPException(409, { message: 'Hanya laporan online yang masih terbuka yang dapat ditandai spam.' })
  return c.redirect(`/cases/${id}`, 303)
})
