import type { Fetch } from '../alerts/channel'
import { sendWhatsappTemplate, sendWhatsappText } from '../alerts/whatsapp'
import type { AlertConfig } from '../config'
import type { Db } from '../db/client'
import { claimReporterMessages, recordReporterDeliveries, type ReporterDelivery } from '../db/queries/reporter-messages'
import { sendableAt } from '../domain/escalation'
import { nextAttemptAt } from '../domain/retry'
import { insideServiceWindow, replyAgencyOf, replyMessage, replyTemplateSettings, reporterQuietHours } from '../domain/reporter-messages'
import { reporterKey } from '../domain/whatsapp'
import { surveyPath } from '../security/survey-link'
import { randomToken } from '../security/tokens'

export type ReporterDeliveryReport = { sent: number; retried: number; deferred: number; failed: number }

const leaseMs = 5 * 60_000

/**
 * Sends the reporters' messages that are due over WhatsApp: claim, send, record, as the staff
 * outbox does. Inside the recipient's 24-hour window a free-form text; outside it the approved
 * template named in the settings, not at night. Without WhatsApp nothing is claimed (and nothing was
 * queued). Errors are stored on the row; the phone number and the link are never logged.
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
  const { messages, settings } = await claimReporterMessages(db, { claim, now, leaseMs, limit: opts.limit ?? 50 })
  const agency = replyAgencyOf(settings)
  const templates = replyTemplateSettings(settings, whatsapp)
  const results = await Promise.all(
    messages.map(async (m): Promise<ReporterDelivery> => {
      const closing = m.purpose === 'selesai' || m.purpose === 'survei'
      if (closing && m.answered) return { id: m.id, outcome: 'failed', error: 'survei sudah diisi sebelum tautan terkirim' }
      const inWindow = insideServiceWindow(m.lastInboundAt, now)
      // Inside the window the reporter is talking to us; a message they did not ask for waits for the morning.
      const until = inWindow ? now : sendableAt(now, reporterQuietHours, opts.zone, false)
      if (until > now) return { id: m.id, outcome: 'deferred', until }
      const link =
        closing && m.caseId !== null && m.ticket ? opts.origin + (await surveyPath(opts.surveySecret, { id: m.caseId, ticket: m.ticket }))
        : m.purpose === 'tiket' && m.ticket ? `${opts.origin}/cek?tiket=${encodeURIComponent(m.ticket)}`
        : null
      const message = replyMessage({ ...m, link }, agency, templates, inWindow)
      if ('missing' in message) return { id: m.id, outcome: 'failed', error: `tidak dapat dikirim: ${message.missing} tidak ada` }
      const key = reporterKey(m.id)
      const fetchFn = opts.fetchFn ?? fetch
      const outcome =
        message.kind === 'text'
          ? await sendWhatsappText(whatsapp, fetchFn, { phone: m.phone, body: message.body, key })
          : await sendWhatsappTemplate(whatsapp, fetchFn, { phone: m.phone, template: message.name, language: message.language, params: message.params, key })
      if (outcome.ok) return { id: m.id, outcome: 'sent', as: message.kind === 'text' ? 'teks' : 'template' }
      const at = outcome.retry ? nextAttemptAt(m.attempts, now) : null
      return at === null ? { id: m.id, outcome: 'failed', error: outcome.error } : { id: m.id, outcome: 'retry', at, error: outcome.error }
    }),
  )
  await recordReporterDeliveries(db, { claim, now, results })
  for (const r of results) report[r.outcome === 'retry' ? 'retried' : r.outcome]++
  return report
}
