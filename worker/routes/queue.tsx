import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { queuePage } from '../pages/queue'
import { requireRole } from '../security/middleware'

/** The supervisor's queue of cases waiting for someone; assigning posts to /cases/:id/assign. */
export const queue = new Hono<AppEnv>()

queue.get('/', requireRole('supervisor', 'kepala', 'admin'), async (c) => {
  // `?assigned=<ticket>` (`?located=`) after a plain-form 303 from the queue's assign (kelurahan) form says it was saved.
  const ticket = /^\d{4}-\d{4,6}$/
  const assigned = c.req.query('assigned') ?? ''
  const located = c.req.query('located') ?? ''
  if (ticket.test(assigned)) return queuePage(c, 200, { message: { kind: 'ok', text: `Tersimpan: kasus ${assigned} ditugaskan.` } })
  if (ticket.test(located)) return queuePage(c, 200, { message: { kind: 'ok', text: `Tersimpan: kelurahan kasus ${located} ditetapkan.` } })
  return queuePage(c, 200)
})
