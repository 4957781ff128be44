import type { AlertConfig } from '../config'
import { postJson, type Channel, type Fetch } from './channel'

/**
 * WhatsApp Business Cloud API: a pre-approved message template (business-initiated messages
 * outside a 24-hour customer window must be templates), body variables title, detail, link.
 */
export function whatsappChannel(config: NonNullable<AlertConfig['whatsapp']>, fetchFn: Fetch = fetch): Channel {
  return {
    name: 'whatsapp',
    async send(out) {
      const to = out.recipient.phone?.replace(/^\+/, '')
      if (!to) return { ok: false, retry: false, error: 'no phone number' }
      return postJson(
        fetchFn,
        `${config.apiUrl}/${encodeURIComponent(config.phoneNumberId)}/messages`,
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to,
          type: 'template',
          template: {
            name: config.template,
            language: { code: config.language },
            components: [{ type: 'body', parameters: out.message.templateParams.map((text) => ({ type: 'text', text: text.slice(0, 1000) })) }],
          },
          // Echoed back in status webhooks: ties Meta's message to our outbox row.
          biz_opaque_callback_data: out.key,
        },
        { Authorization: `Bearer ${config.token}`, 'Idempotency-Key': out.key },
      )
    },
  }
}
