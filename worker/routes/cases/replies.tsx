import { Hono } from 'hono'
import { repliesToReporters } from '../../config'
import { resendReporterReply } from '../../db/queries/reporter-messages'
import type { AppEnv } from '../../env'
import { requireRole } from '../../security/middleware'

/**
 * "Kirim ulang" on a case's failed WhatsApp reply to the reporter (issue 21): who works Pesan masuk
 * queues it once more. Mounted at /cases; the role check is per route.
 */
export const caseReplies = new Hono<AppEnv>()

caseReplies.post('/:id{[0-9]+}/replies/:replyId{[0-9]+}/resend', requireRole('operator', 'supervisor', 'admin'), async (c) => {
  const caseId = Number(c.req.param('id'))
  // Without WhatsApp nothing is queued (repliesToReporters); the page shows no button then. A second
  // press finds the reply queued already: the same answer, nothing written. The page then says it
  // is queued (`done=kirim-ulang`), where the failure was.
  if (repliesToReporters(c.var.config.alerts)) await resendReporterReply(c.var.db, { caseId, replyId: Number(c.req.param('replyId')), actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect(`/cases/${caseId}?done=kirim-ulang#pelapor`, 303)
})
