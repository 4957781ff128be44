import { defaultRetention, type Retention } from './domain/backups'
import { alertChannelNames, type AlertChannelName } from './domain/channels'
import { zoneOfRegion } from './domain/zone'
import { defaultMaxMediaBytes } from './domain/whatsapp-media'
import { parseTrustedProxy, type TrustedProxy } from './security/client-address'
import { deriveSecret } from './security/tokens'

export type Runtime = 'node' | 'worker'

export type Config = {
  production: boolean
  runtime: Runtime
  /** The public origin (scheme://host[:port]) used for CSRF checks and links. */
  origin: string
  /** Official code of the city or regency this deployment serves, e.g. `61.71`. */
  region: string
  zone: string
  /** Secret mixed into every password hash; kept outside the database. */
  pepper: string
  /** Signs survey links, trusted-device cookies and the case snapshot of action forms; each derived from the pepper under its own label. */
  surveySecret: string
  deviceSecret: string
  snapshotSecret: string
  /** Which proxy, if any, may tell us the client address (SIGAP_TRUSTED_PROXY). */
  trustedProxy: TrustedProxy
  passwordIterations: number
  /** Outside alert channels (WhatsApp, e-mail, webhook) and their secrets. */
  alerts: AlertConfig
  backup: BackupConfig
  /** What the Node entry opens and listens on; the Worker takes its database and photos from bindings. */
  server: {
    databaseUrl: string
    photosDir: string
    port: number
    host: string | undefined
    demoPassword: string | undefined
    demoCases: boolean
    /** Requests answered at once and lined up behind them; past both, 503 with Retry-After (worker/bounded-concurrency.ts). */
    concurrency: { running: number; waiting: number }
  }
}

/** Node's scheduled backups (issue 26); the Worker's database is Turso's, with its own point-in-time restore. */
export type BackupConfig = {
  /** Folder of the daily backups; without it nothing is scheduled (the admin home says so). */
  dir: string | null
  /** Local hour (deployment's zone) from which the daily backup runs. */
  hour: number
  keep: Retention
  /** Encrypts every backup file (AES-256-GCM); a long random string, kept apart from the backups. */
  key: string | null
  /** S3-compatible copy off the machine: `https://host/bucket[/prefix]`, path-style. */
  offsite: { url: string; region: string; accessKeyId: string; secretAccessKey: string } | null
}

// PBKDF2-HMAC-SHA256: OWASP asks 600,000; Cloudflare Workers refuse more than 100,000 in production.
export const nodePasswordIterations = 600_000
export const workerPasswordIterations = 100_000

type Env = Record<string, string | undefined>

// Node serves every request of the office in one process (issue 25, bursts within memory). 64 + 512
// holds a burst of 500 reports arriving in the same second; a waiting request costs about 5 KB of
// heap and 10 KB of RSS (sockets, parser), so a full line is about 5 MB, and at 1,500 reports/s it
// clears in a third of a second: past it, a retry after a second loses nothing and waits no longer.
const nodeConcurrency = { running: 64, waiting: 512 }

const minPepperLength = 32
const loopback = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * What hashing a password needs, and no more (`npm run admin:create` has no origin to give): the
 * pepper, required in production, and the runtime's iteration count.
 */
export function readHashSettings(env: Env, runtime: Runtime) {
  const production = env.NODE_ENV === 'production' || runtime === 'worker'
  const pepper = env.SIGAP_PEPPER ?? (production ? undefined : 'sigap-development-pepper')
  if (!pepper) throw new Error('SIGAP_PEPPER is required in production')
  // ASVS 11.2: a secret worth its name. The development default, which is in the source, is shorter.
  if (production && pepper.length < minPepperLength) throw new Error(`SIGAP_PEPPER must be at least ${minPepperLength} characters in production (a long random string)`)
  return { production, runtime, pepper, passwordIterations: runtime === 'worker' ? workerPasswordIterations : nodePasswordIterations }
}

/** Reads the environment once, validates it, and fails fast naming what is missing. */
export function readConfig(env: Env, runtime: Runtime): Config {
  const { production, pepper, passwordIterations } = readHashSettings(env, runtime)
  const region = env.SIGAP_REGION ?? '61.71'
  if (!/^\d{2}\.\d{2}$/.test(region)) throw new Error(`SIGAP_REGION must be a regency code like 61.71, got "${region}"`)
  const origin = env.SIGAP_ORIGIN ?? (production ? undefined : `http://localhost:${env.PORT ?? 8787}`)
  if (!origin) throw new Error('SIGAP_ORIGIN is required in production (e.g. https://sigap.example.go.id)')
  const url = new URL(origin)
  // Over plain http the session cookie loses Secure and __Host-. The loopback is the exception
  // browsers make too (a secure context): wrangler dev and a local production check run there.
  if (production && url.protocol !== 'https:' && !loopback.has(url.hostname)) throw new Error(`SIGAP_ORIGIN must be https:// in production, got "${origin}"`)
  return {
    production,
    runtime,
    origin: url.origin,
    region,
    zone: env.SIGAP_ZONE ?? zoneOfRegion(region),
    pepper,
    surveySecret: deriveSecret(pepper, 'survey-link'),
    deviceSecret: deriveSecret(pepper, 'trusted-device'),
    snapshotSecret: deriveSecret(pepper, 'case-snapshot'),
    trustedProxy: parseTrustedProxy(env.SIGAP_TRUSTED_PROXY, runtime),
    passwordIterations,
    alerts: readAlertConfig(env, production, runtime),
    backup: readBackupConfig(env),
    server: {
      databaseUrl: env.DATABASE_URL ?? 'file:data/sigap.db',
      photosDir: env.SIGAP_PHOTOS_DIR ?? 'data/photos',
      port: Number(env.PORT ?? 8787),
      host: env.HOST,
      demoPassword: env.SIGAP_DEMO_PASSWORD || undefined,
      demoCases: env.SIGAP_DEMO_CASES !== '0',
      concurrency: nodeConcurrency,
    },
  }
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${text}"`)
  return value
}

function readBackupConfig(env: Env): BackupConfig {
  const key = env.SIGAP_BACKUP_KEY || null
  if (key !== null && key.length < 32) throw new Error('SIGAP_BACKUP_KEY must be at least 32 characters (a long random string)')
  const url = env.SIGAP_BACKUP_S3_URL || null
  let offsite: BackupConfig['offsite'] = null
  if (url) {
    const parsed = new URL(url)
    if (!/^https?:$/.test(parsed.protocol) || parsed.pathname.split('/').filter(Boolean).length === 0) throw new Error(`SIGAP_BACKUP_S3_URL must be https://host/bucket[/prefix], got "${url}"`)
    const accessKeyId = env.SIGAP_BACKUP_S3_ACCESS_KEY_ID
    const secretAccessKey = env.SIGAP_BACKUP_S3_SECRET_ACCESS_KEY
    if (!accessKeyId || !secretAccessKey) throw new Error('SIGAP_BACKUP_S3_URL needs SIGAP_BACKUP_S3_ACCESS_KEY_ID and SIGAP_BACKUP_S3_SECRET_ACCESS_KEY')
    offsite = { url: url.replace(/\/+$/, ''), region: env.SIGAP_BACKUP_S3_REGION || 'auto', accessKeyId, secretAccessKey }
  }
  return {
    dir: env.SIGAP_BACKUP_DIR || null,
    hour: wholeNumber(env, 'SIGAP_BACKUP_HOUR', 2, 0, 23),
    keep: { daily: wholeNumber(env, 'SIGAP_BACKUP_KEEP_DAILY', defaultRetention.daily, 1, 366), weekly: wholeNumber(env, 'SIGAP_BACKUP_KEEP_WEEKLY', defaultRetention.weekly, 0, 520) },
    key,
    offsite,
  }
}

/** Credentials of the outside channels; a channel without them is off (the inbox is always on). */
export type AlertConfig = {
  /** `surveyTemplate`: the reporter's survey link when their case is closed (issue 20); the admin's settings may name others. */
  whatsapp: { apiUrl: string; phoneNumberId: string; token: string; template: string; surveyTemplate: string; language: string } | null
  /**
   * Meta's calls to /whatsapp: the app secret that signs them and the token of the GET handshake;
   * `phoneNumberId`: the agency's number, the only one whose messages are reports to it;
   * `mediaMaxBytes`: the largest photo or voice note of a reporter that is stored (issue 21).
   */
  whatsappWebhook: { appSecret: string; verifyToken: string; phoneNumberId: string; mediaMaxBytes: number } | null
  email: { apiUrl: string; apiKey: string; from: string } | null
  /** The agency's own mail server (Node only): `smtp://user:pass@host:587`, STARTTLS when offered. */
  smtp: { url: string; from: string; caFile: string | null } | null
  webhook: { url: string; secret: string } | null
}

/** Template defaults when the environment names none (the settings page shows them as the fallback). */
export const whatsappDefaults = { surveyTemplate: 'sigap_survei', language: 'id' } as const

/**
 * Reads the channels' secrets (wrangler secret / environment): WhatsApp Business Cloud API,
 * an HTTP e-mail API with Resend's request shape, and a signed JSON webhook.
 */
export function readAlertConfig(env: Env, production: boolean, runtime: Runtime = 'node'): AlertConfig {
  const url = (name: string, value: string) => {
    const parsed = new URL(value)
    // Secrets travel in these requests: only TLS in production (local receivers in development and
    // tests), except to this machine's loopback, where nothing crosses a network (as for SIGAP_ORIGIN).
    if (parsed.protocol !== 'https:' && ((production && !loopback.has(parsed.hostname)) || parsed.protocol !== 'http:')) throw new Error(`${name} must be an https:// URL`)
    return parsed.toString().replace(/\/$/, '')
  }
  const whatsapp =
    env.SIGAP_WHATSAPP_TOKEN && env.SIGAP_WHATSAPP_PHONE_ID
      ? {
          apiUrl: url('SIGAP_WHATSAPP_API_URL', env.SIGAP_WHATSAPP_API_URL ?? 'https://graph.facebook.com/v21.0'),
          phoneNumberId: env.SIGAP_WHATSAPP_PHONE_ID,
          token: env.SIGAP_WHATSAPP_TOKEN,
          template: env.SIGAP_WHATSAPP_TEMPLATE ?? 'sigap_peringatan',
          surveyTemplate: env.SIGAP_WHATSAPP_SURVEY_TEMPLATE ?? whatsappDefaults.surveyTemplate,
          language: env.SIGAP_WHATSAPP_LANGUAGE ?? whatsappDefaults.language,
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
  const appSecret = env.SIGAP_WHATSAPP_APP_SECRET || null
  const verifyToken = env.SIGAP_WHATSAPP_VERIFY_TOKEN || null
  if (Boolean(appSecret) !== Boolean(verifyToken)) throw new Error('SIGAP_WHATSAPP_APP_SECRET and SIGAP_WHATSAPP_VERIFY_TOKEN are set together (Meta app settings, WhatsApp > Configuration)')
  // A guessable verify token would let anyone subscribe the app to a URL of theirs: make it long.
  if (verifyToken && verifyToken.length < 20) throw new Error('SIGAP_WHATSAPP_VERIFY_TOKEN must be at least 20 characters (a long random string)')
  // Meta sends every number of the business account to this one webhook: which one is ours must be known.
  if (appSecret && !env.SIGAP_WHATSAPP_PHONE_ID) throw new Error('SIGAP_WHATSAPP_PHONE_ID is required with SIGAP_WHATSAPP_APP_SECRET (the Phone number ID of the agency\'s number, WhatsApp > API Setup)')
  const whatsappWebhook = appSecret && verifyToken && env.SIGAP_WHATSAPP_PHONE_ID ? { appSecret, verifyToken, phoneNumberId: env.SIGAP_WHATSAPP_PHONE_ID, mediaMaxBytes: wholeNumber(env, 'SIGAP_WHATSAPP_MEDIA_MAX_MB', defaultMaxMediaBytes / 1024 / 1024, 1, 100) * 1024 * 1024 } : null
  if (env.SIGAP_WEBHOOK_URL && !env.SIGAP_WEBHOOK_SECRET) throw new Error('SIGAP_WEBHOOK_SECRET is required with SIGAP_WEBHOOK_URL')
  if (env.SIGAP_WEBHOOK_SECRET && env.SIGAP_WEBHOOK_SECRET.length < 32) throw new Error('SIGAP_WEBHOOK_SECRET must be at least 32 characters')
  const webhook = env.SIGAP_WEBHOOK_URL && env.SIGAP_WEBHOOK_SECRET ? { url: url('SIGAP_WEBHOOK_URL', env.SIGAP_WEBHOOK_URL), secret: env.SIGAP_WEBHOOK_SECRET } : null
  return { whatsapp, whatsappWebhook, email, smtp, webhook }
}

/**
 * Whether replies to reporters are queued (issues 20, 21): only when WhatsApp can send them. A reply
 * queued without it would wait unseen, then reach the reporter days late, out of place, once
 * WhatsApp is configured. Every caller of queueReporterReply passes this.
 */
export const repliesToReporters = (config: AlertConfig): boolean => config.whatsapp !== null

/** The outside channels this deployment can send on; Web Push needs no account, so it always can. */
export function enabledChannels(config: AlertConfig): AlertChannelName[] {
  const on = { whatsapp: config.whatsapp !== null, email: config.email !== null || config.smtp !== null, webhook: config.webhook !== null, push: true }
  return alertChannelNames.filter((name) => on[name])
}
