// Node only: the agency's own mail server through nodemailer (STARTTLS when the server offers it,
// authentication from the URL). Not imported by the Worker bundle.
import { readFileSync } from 'node:fs'
import { createTransport } from 'nodemailer'
import type { AlertConfig } from '../config'
import type { Mailer } from './email'

export function smtpMailer(smtp: NonNullable<AlertConfig['smtp']>): Mailer {
  // An office mail server often has a certificate from the agency's own CA: trust that one, never "any".
  const ca = smtp.caFile ? readFileSync(smtp.caFile, 'utf8') : undefined
  const url = new URL(smtp.url)
  return createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    tls: ca ? { ca } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  })
}
