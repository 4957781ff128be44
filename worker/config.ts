import { readAlertConfig, type AlertConfig } from './alerts/config'
import { zoneOfRegion } from './domain/zone'

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
  passwordIterations: number
  /** Outside alert channels (WhatsApp, e-mail, webhook) and their secrets. */
  alerts: AlertConfig
}

// PBKDF2-HMAC-SHA256: OWASP asks 600,000; Cloudflare Workers refuse more than 100,000 in production.
export const nodePasswordIterations = 600_000
export const workerPasswordIterations = 100_000

type Env = Record<string, string | undefined>

/** Reads the environment once, validates it, and fails fast naming what is missing. */
export function readConfig(env: Env, runtime: Runtime): Config {
  const production = env.NODE_ENV === 'production' || runtime === 'worker'
  const region = env.SIGAP_REGION ?? '61.71'
  if (!/^\d{2}\.\d{2}$/.test(region)) throw new Error(`SIGAP_REGION must be a regency code like 61.71, got "${region}"`)
  const pepper = env.SIGAP_PEPPER ?? (production ? undefined : 'sigap-development-pepper')
  if (!pepper) throw new Error('SIGAP_PEPPER is required in production')
  const origin = env.SIGAP_ORIGIN ?? (production ? undefined : `http://localhost:${env.PORT ?? 8787}`)
  if (!origin) throw new Error('SIGAP_ORIGIN is required in production (e.g. https://sigap.example.go.id)')
  return {
    production,
    runtime,
    origin: new URL(origin).origin,
    region,
    zone: env.SIGAP_ZONE ?? zoneOfRegion(region),
    pepper,
    passwordIterations: runtime === 'worker' ? workerPasswordIterations : nodePasswordIterations,
    alerts: readAlertConfig(env, production),
  }
}
