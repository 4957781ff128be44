import type { Fetch } from '../alerts/channel'
import { sendWhatsappTemplate } from '../alerts/whatsapp'
import type { AlertConfig } from '../config'
import type { Db } from '../db/client'
import { claimReporterMessages, recordReporterDeliveries, type ReporterDelivery } from '../db/queries/reporter-messages'
import { nextAttemptAt, sendableAt } from '../domain/escalation'
import { reporterQuietHours, surveyTemplateParams } from '../domain/reporter-messages'
import { surveyPath } from '../security/survey-link'
import { randomToken } from '../security/tokens'

export type ReporterDeliveryReport = { sent: number; retried: number; deferred: number; failed: number }

const leaseMs = 5 * 60_000

/**
 * Sends the reporters' messages that are due (the survey link of a closed case) over WhatsApp:
 * claim, send, record, as the staff outbox does. Without WhatsApp nothing is claimed (and nothing
 * was queued). Errors are stored on the row; the phone number and the link are never logged.
 */
export async function deliverReporterMessages(
  db: Db,
  now: number,
  opts: { whatsapp: AlertConfig['whatsapp']; origin: string; zone: string; surveySecret: string; fetchFn?: Fetch; limit?: number },
): Promise<ReporterDeliveryReport> {
  const report = { sent: 0, retried: 0, deferred: 0, failed: 0 }
  const whatsapp = opts.whatsapp
  if (!whatsapp) return report
  const claim = randomToken()
  const claimed = await claimReporterMessages(db, { claim, now, leaseMs, limit: opts.limit ?? 50 })
  const results = await Promise.all(
    claimed.map(async (m): Promise<ReporterDelivery> => {
      if (m.answered) return { id: m.id, outcome: 'failed', error: 'survei sudah diisi sebelum tautan terkirim' }
      const until = sendableAt(now, reporterQuietHours, opts.zone, false)
      if (until > now) return { id: m.id, outcome: 'deferred', until }
      const url = opts.origin + (await surveyPath(opts.surveySecret, { id: m.caseId, ticket: m.ticket }))
      const outcome = await sendWhatsappTemplate(whatsapp, opts.fetchFn ?? fetch, { phone: m.phone, template: whatsapp.surveyTemplate, params: surveyTemplateParams(m.ticket, url), key: `pelapor-${m.id}` })
      if (outcome.ok) return { id: m.id, outcome: 'sent' }
      const at = outcome.retry ? nextAttemptAt(m.attempts, now) : null
      return at === null ? { id: m.id, outcome: 'failed', error: outcome.error } : { id: m.id, outcome: 'retry', at, error: outcome.error }
    }),
  )
  await recordReporterDeliveries(db, { claim, now, results })
  for (const r of results) report[r.outcome === 'retry' ? 'retried' : r.outcome]++
  return report
}
