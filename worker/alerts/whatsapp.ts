import type { AlertConfig } from '../config'
import { postJson, type Channel, type Fetch, type SendOutcome } from './channel'

type WhatsappConfig = NonNullable<AlertConfig['whatsapp']>

/**
 * Sends one pre-approved message template (business-initiated messages outside a 24-hour customer
 * window must be templates) with its body variables. `key` is the same on every attempt: the
 * idempotency key, and echoed back in status webhooks (`biz_opaque_callback_data`).
 */
export function sendWhatsappTemplate(config: WhatsappConfig, fetchFn: Fetch, m: { phone: string | null; template: string; params: string[]; key: string }): Promise<SendOutcome> {
  const to = m.phone?.replace(/^\+/, '')
  if (!to) return Promise.resolve({ ok: false, retry: false, error: 'no phone number' })
  return postJson(
    fetchFn,
    `${config.apiUrl}/${encodeURIComponent(config.phoneNumberId)}/messages`,
    {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: {
        name: m.template,
        language: { code: config.language },
        components: [{ type: 'body', parameters: m.params.map((text) => ({ type: 'text', text: text.slice(0, 1000) })) }],
      },
      biz_opaque_callback_data: m.key,
    },
    { Authorization: `Bearer ${config.token}`, 'Idempotency-Key': m.key },
  )
}

/** WhatsApp Business Cloud API for staff alerts: the alert template, body variables title, detail, link. */
export function whatsappChannel(config: WhatsappConfig, fetchFn: Fetch = fetch): Channel {
  return {
    name: 'whatsapp',
    // The outbox id is the key: status webhooks find the outbox row by it.
    send: (out) => sendWhatsappTemplate(config, fetchFn, { phone: out.recipient.phone, template: config.template, params: out.message.templateParams, key: out.key }),
  }
}
