import type { AlertConfig } from '../config'
import { postText, type Channel, type Fetch } from './channel'

/**
 * Signs `timestamp.body` with HMAC-SHA256, hex: the receiver recomputes it with the shared secret and
 * rejects old timestamps, so a captured request cannot be replayed later.
 */
export async function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`))
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** A generic signed JSON webhook, so an agency can plug in the WhatsApp gateway it already uses. */
export function webhookChannel(config: NonNullable<AlertConfig['webhook']>, fetchFn: Fetch = fetch, clock: () => number = Date.now): Channel {
  return {
    name: 'webhook',
    async send(out) {
      const body = JSON.stringify({
        id: out.key,
        event: `alert.${out.alert.kind}`,
        urgent: out.alert.urgent,
        caseId: out.alert.caseId,
        rung: out.alert.rung,
        recipient: out.recipient,
        title: out.message.title,
        text: out.message.text,
        link: out.message.link,
      })
      const timestamp = String(Math.floor(clock() / 1000))
      const signature = await signWebhook(config.secret, timestamp, body)
      return postText(fetchFn, config.url, body, { 'Idempotency-Key': out.key, 'X-Sigap-Timestamp': timestamp, 'X-Sigap-Signature': `sha256=${signature}` })
    },
  }
}
