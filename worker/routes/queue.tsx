import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { queuePage } from '../pages/queue'
import { requireRole } from '../security/middleware'

/** The supervisor's queue of cases waiting for someone; assigning posts to /cases/:id/assign. */
export const queue = new Hono<AppEnv>()

queue.get('/', requireRole('supervisor', 'kepala', 'admin'), async (c) => {
  // `?assigned=<ticket>` after a plain-form 303 from the queue's assign form says it was saved.
  const ticket = c.req.query('assigned') ?? ''
  return queuePage(c, 200, /^\d{4}-\d{4,6}$/.test(ticket) ? { message: { kind: 'ok', text: `Tersimpan: kasus ${ticket} ditugaskan.` } } : {})
})
