import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { repliesToReporters } from '../config'
import { recordWhatsappDelivery } from '../db/queries/whatsapp'
import { readDelivery } from '../domain/whatsapp'
import type { AppEnv } from '../env'
import { fetchWhatsappMedia } from '../jobs/whatsapp-media'
import { isMetaSignature } from '../security/meta-signature'
import { randomToken, sameText } from '../security/tokens'

/**
 * The WhatsApp Cloud API webhook (Meta app > WhatsApp > Configuration: callback URL
 * `<origin>/whatsapp`, field "messages"). Meta is the only caller: the GET handshake proves the
 * verify token, every POST carries the app secret's signature. Off (404) unless both are set.
 * A POST carries statuses of our messages and reporters' messages (issue 21), stored once each;
 * what came for another number of the same business account is acknowledged and left alone.
 */
export const whatsappWebhook = new Hono<AppEnv>()

whatsappWebhook.use('*', async (c, next) => {
  if (!c.var.config.alerts.whatsappWebhook) throw new HTTPException(404)
  await next()
})

// Subscription check: echo the challenge only to whoever knows the verify token.
whatsappWebhook.get('/', (c) => {
  const { verifyToken } = c.var.config.alerts.whatsappWebhook!
  const challenge = c.req.query('hub.challenge') ?? ''
  if (c.req.query('hub.mode') !== 'subscribe' || !sameText(c.req.query('hub.verify_token') ?? '', verifyToken) || challenge.length > 200) return c.text('Ditolak.', 403)
  return c.text(challenge)
})

whatsappWebhook.post('/', async (c) => {
  const body = new Uint8Array(await c.req.arrayBuffer())
  if (!isMetaSignature(c.var.config.alerts.whatsappWebhook!.appSecret, body, c.req.header('X-Hub-Signature-256'))) return c.text('Tanda tangan tidak sah.', 401)
  let payload: unknown
  try {
    payload = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return c.text('Isi bukan JSON.', 400)
  }
  const now = c.var.clock.now()
  const { messages, statuses, otherNumbers } = readDelivery(payload, c.var.config.alerts.whatsappWebhook!.phoneNumberId, now)
  // Counts only: who wrote to the other number, and what, is no business of this log.
  if (otherNumbers.messages + otherNumbers.statuses > 0) console.info(`whatsapp webhook: ignored ${otherNumbers.messages} message(s) and ${otherNumbers.statuses} status(es) for another phone number of the account`)
  // Recorded before answering: if the database is down Meta gets a 5xx and delivers again later.
  await recordWhatsappDelivery(c.var.db, { statuses, messages, replies: repliesToReporters(c.var.config.alerts) }, now, randomToken())
  // Photos and voice notes are fetched after the answer (Meta wants it within seconds); what this
  // does not finish, the scheduled job does (jobs/whatsapp-media.ts).
  const withMedia = messages.filter((m) => m.mediaId).map((m) => m.wamid)
  if (withMedia.length > 0) {
    const { db, clock, config, photos } = c.var
    c.var.afterResponse(() => fetchWhatsappMedia(db, clock.now(), { whatsapp: config.alerts.whatsapp, photos, maxBytes: config.alerts.whatsappWebhook!.mediaMaxBytes }, withMedia))
  }
  return c.text('OK')
})
