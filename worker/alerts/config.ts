import type { AlertChannelName } from '../db/queries/sweep'

/** Credentials of the outside channels; a channel without them is off (the inbox is always on). */
export type AlertConfig = {
  whatsapp: { apiUrl: string; phoneNumberId: string; token: string; template: string; language: string } | null
  email: { apiUrl: string; apiKey: string; from: string } | null
  /** The agency's own mail server (Node only): `smtp://user:pass@host:587`, STARTTLS when offered. */
  smtp: { url: string; from: string; caFile: string | null } | null
  webhook: { url: string; secret: string } | null
}

type Env = Record<string, string | undefined>

/**
 * Reads the channels' secrets (wrangler secret / environment): WhatsApp Business Cloud API,
 * an HTTP e-mail API with Resend's request shape, and a signed JSON webhook.
 */
export function readAlertConfig(env: Env, production: boolean, runtime: 'node' | 'worker' = 'node'): AlertConfig {
  const url = (name: string, value: string) => {
    const parsed = new URL(value)
    // Secrets travel in these requests: only TLS in production (local receivers in development and tests).
    if (parsed.protocol !== 'https:' && (production || parsed.protocol !== 'http:')) throw new Error(`${name} must be an https:// URL`)
    return parsed.toString().replace(/\/$/, '')
  }
  const whatsapp =
    env.SIGAP_WHATSAPP_TOKEN && env.SIGAP_WHATSAPP_PHONE_ID
      ? {
          apiUrl: url('SIGAP_WHATSAPP_API_URL', env.SIGAP_WHATSAPP_API_URL ?? 'https://graph.facebook.com/v21.0'),
          phoneNumberId: env.SIGAP_WHATSAPP_PHONE_ID,
          token: env.SIGAP_WHATSAPP_TOKEN,
          template: env.SIGAP_WHATSAPP_TEMPLATE ?? 'sigap_peringatan',
          language: env.SIGAP_WHATSAPP_LANGUAGE ?? 'id',
        }
      : null
  const email =
    env.SIGAP_EMAIL_API_KEY && env.SIGAP_EMAIL_FROM
      ? { apiUrl: url('SIGAP_EMAIL_API_URL', env.SIGAP_EMAIL_API_URL ?? 'https://api.resend.com'), apiKey: env.SIGAP_EMAIL_API_KEY, from: env.SIGAP_EMAIL_FROM }
      : null
  let smtp: AlertConfig['smtp'] = null
  if (env.SIGAP_SMTP_URL) {
    // Workers cannot open SMTP connections here: e-mail goes through the HTTP API there.
    if (runtime === 'worker') throw new Error('SIGAP_SMTP_URL works on Node only; on the Worker set SIGAP_EMAIL_API_KEY')
    if (!/^smtps?:\/\//.test(env.SIGAP_SMTP_URL)) throw new Error('SIGAP_SMTP_URL must be smtp://user:password@host:587 or smtps://…:465')
    if (!env.SIGAP_EMAIL_FROM) throw new Error('SIGAP_EMAIL_FROM is required with SIGAP_SMTP_URL')
    smtp = { url: env.SIGAP_SMTP_URL, from: env.SIGAP_EMAIL_FROM, caFile: env.SIGAP_SMTP_CA_FILE || null }
  }
  if (env.SIGAP_WEBHOOK_URL && !env.SIGAP_WEBHOOK_SECRET) throw new Error('SIGAP_WEBHOOK_SECRET is required with SIGAP_WEBHOOK_URL')
  if (env.SIGAP_WEBHOOK_SECRET && env.SIGAP_WEBHOOK_SECRET.length < 32) throw new Error('SIGAP_WEBHOOK_SECRET must be at least 32 characters')
  const webhook = env.SIGAP_WEBHOOK_URL && env.SIGAP_WEBHOOK_SECRET ? { url: url('SIGAP_WEBHOOK_URL', env.SIGAP_WEBHOOK_URL), secret: env.SIGAP_WEBHOOK_SECRET } : null
  return { whatsapp, email, smtp, webhook }
}

/** The outside channels this deployment can send on; Web Push needs no account, so it always can. */
export function enabledChannels(config: AlertConfig): AlertChannelName[] {
  const on = { whatsapp: config.whatsapp !== null, email: config.email !== null || config.smtp !== null, webhook: config.webhook !== null, push: true }
  return (['whatsapp', 'email', 'webhook', 'push'] as const).filter((name) => on[name])
}
