import type { AlertChannelName } from '../db/queries/sweep'

/** Credentials of the outside channels; a channel without them is off (the inbox is always on). */
export type AlertConfig = {
  whatsapp: { apiUrl: string; phoneNumberId: string; token: string; template: string; language: string } | null
  email: { apiUrl: string; apiKey: string; from: string } | null
  webhook: { url: string; secret: string } | null
}

type Env = Record<string, string | undefined>

/**
 * Reads the channels' secrets (wrangler secret / environment): WhatsApp Business Cloud API,
 * an HTTP e-mail API with Resend's request shape, and a signed JSON webhook.
 */
export function readAlertConfig(env: Env, production: boolean): AlertConfig {
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
  if (env.SIGAP_WEBHOOK_URL && !env.SIGAP_WEBHOOK_SECRET) throw new Error('SIGAP_WEBHOOK_SECRET is required with SIGAP_WEBHOOK_URL')
  if (env.SIGAP_WEBHOOK_SECRET && env.SIGAP_WEBHOOK_SECRET.length < 32) throw new Error('SIGAP_WEBHOOK_SECRET must be at least 32 characters')
  const webhook = env.SIGAP_WEBHOOK_URL && env.SIGAP_WEBHOOK_SECRET ? { url: url('SIGAP_WEBHOOK_URL', env.SIGAP_WEBHOOK_URL), secret: env.SIGAP_WEBHOOK_SECRET } : null
  return { whatsapp, email, webhook }
}

/** The outside channels this deployment can send on. */
export function enabledChannels(config: AlertConfig): AlertChannelName[] {
  return (['whatsapp', 'email', 'webhook'] as const).filter((name) => config[name] !== null)
}
