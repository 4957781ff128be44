import type { AlertConfig } from '../config'
import { postJson, type Channel, type Fetch, type ReasonOf, type SendOutcome } from './channel'

type WhatsappConfig = NonNullable<AlertConfig['whatsapp']>

/**
 * Sends one pre-approved message template (business-initiated messages outside a 24-hour customer
 * window must be templates) with its body variables. `key` is the same on every attempt: the
 * idempotency key, and echoed back in status webhooks (`biz_opaque_callback_data`).
 */
export function sendWhatsappTemplate(config: WhatsappConfig, fetchFn: Fetch, m: { phone: string | null; template: string; language?: string; params: string[]; key: string }): Promise<SendOutcome> {
  return sendWhatsapp(config, fetchFn, m.phone, m.key, {
    type: 'template',
    template: {
      name: m.template,
      language: { code: m.language ?? config.language },
      components: [{ type: 'body', parameters: m.params.map((text) => ({ type: 'text', text: text.slice(0, 1000) })) }],
    },
  })
}

/** A free-form text message: allowed only inside the 24-hour customer-service window the recipient opened. */
export function sendWhatsappText(config: WhatsappConfig, fetchFn: Fetch, m: { phone: string | null; body: string; key: string }): Promise<SendOutcome> {
  return sendWhatsapp(config, fetchFn, m.phone, m.key, { type: 'text', text: { body: m.body.slice(0, 4096), preview_url: true } })
}

function sendWhatsapp(config: WhatsappConfig, fetchFn: Fetch, phone: string | null, key: string, message: Record<string, unknown>): Promise<SendOutcome> {
  const to = phone?.replace(/^\+/, '')
  if (!to) return Promise.resolve({ ok: false, retry: false, error: 'no phone number' })
  return postJson(
    fetchFn,
    `${config.apiUrl}/${encodeURIComponent(config.phoneNumberId)}/messages`,
    { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message, biz_opaque_callback_data: key },
    { Authorization: `Bearer ${config.token}`, 'Idempotency-Key': key },
    graphReason,
  )
}

/**
 * Graph's own error code and message ({"error": {"code": 131047, "message": "(#131047) Re-engagement
 * message"}}) in the form status webhooks give it ("WhatsApp: 131047 …"), so a message refused when
 * sent is named as precisely as one that failed later (domain/reporter-messages.ts replyFailureOf).
 */
const graphReason: ReasonOf = (body) => {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error
    if (typeof error?.code !== 'number') return null
    const message = typeof error.message === 'string' ? error.message.replace(/^\(#\d+\)\s*/, '') : ''
    return `WhatsApp: ${error.code} ${message}`.trim().slice(0, 200)
  } catch {
    return null
  }
}

/** WhatsApp Business Cloud API for staff alerts: the alert template, body variables title, detail, link. */
export function whatsappChannel(config: WhatsappConfig, fetchFn: Fetch = fetch): Channel {
  return {
    name: 'whatsapp',
    // The outbox id is the key: status webhooks find the outbox row by it.
    send: (out) => sendWhatsappTemplate(config, fetchFn, { phone: out.recipient.phone, template: config.template, params: out.message.templateParams, key: out.key }),
  }
}
