import type { AlertConfig } from '../config'
import { postJson, type Channel, type Fetch } from './channel'

// Header injection: a subject is one line (ASVS 1.3.11).
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim()

/** The part of a mail transport (nodemailer's, on Node) the e-mail channel uses. */
export type Mailer = { sendMail(mail: { from: string; to: string; subject: string; text: string; messageId: string }): Promise<unknown> }

/**
 * E-mail through the agency's own mail server when Node has one (`mailer`), otherwise through an
 * HTTP API with Resend's shape (`POST /emails`, `Idempotency-Key` honoured for 24 h).
 */
export function emailChannel(config: AlertConfig, mailer: Mailer | undefined, fetchFn: Fetch = fetch): Channel | null {
  const api = config.email
  const smtp = mailer && config.smtp
  if (!api && !smtp) return null
  return {
    name: 'email',
    async send(out) {
      if (!out.recipient.email) return { ok: false, retry: false, error: 'no e-mail address' }
      const subject = oneLine(`[Sigap] ${out.message.title}`)
      if (smtp) {
        try {
          // The outbox id in the Message-ID: a retry after a lost answer is the same message to mail clients.
          await mailer.sendMail({ from: smtp.from, to: out.recipient.email, subject, text: out.message.text, messageId: `<sigap-${out.key}@${new URL(out.message.link).hostname}>` })
          return { ok: true }
        } catch (err) {
          // SMTP 5xx replies are permanent (a refused address); everything else may pass later.
          const code = (err as { responseCode?: number }).responseCode
          return { ok: false, retry: !(code && code >= 500), error: err instanceof Error ? err.message.slice(0, 200) : 'SMTP error' }
        }
      }
      const config = api!
      return postJson(
        fetchFn,
        `${config.apiUrl}/emails`,
        { from: config.from, to: [out.recipient.email], subject, text: out.message.text },
        { Authorization: `Bearer ${config.apiKey}`, 'Idempotency-Key': out.key },
      )
    },
  }
}
