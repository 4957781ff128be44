import type { AlertConfig } from './config'
import { postJson, type Channel, type Fetch } from './channel'

// Header injection: a subject is one line (ASVS 1.3.11).
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim()

/** E-mail through an HTTP API with Resend's shape (`POST /emails`, `Idempotency-Key` honoured for 24 h). */
export function emailChannel(config: NonNullable<AlertConfig['email']>, fetchFn: Fetch = fetch): Channel {
  return {
    name: 'email',
    async send(out) {
      if (!out.recipient.email) return { ok: false, retry: false, error: 'no e-mail address' }
      return postJson(
        fetchFn,
        `${config.apiUrl}/emails`,
        { from: config.from, to: [out.recipient.email], subject: oneLine(`[Sigap] ${out.message.title}`), text: out.message.text },
        { Authorization: `Bearer ${config.apiKey}`, 'Idempotency-Key': out.key },
      )
    },
  }
}
