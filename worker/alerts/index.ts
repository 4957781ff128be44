import type { AlertChannelName, VapidKeys } from '../domain/channels'
import type { Channel, Fetch } from './channel'
import type { AlertConfig } from '../config'
import { emailChannel, type Mailer } from './email'
import { pushChannel } from './push'
import { webhookChannel } from './webhook'
import { whatsappChannel } from './whatsapp'

/**
 * The outside channels this deployment can send on, by name. Web Push is always one; its keys are
 * read (`vapidKeys`) only when a push message is actually sent (a sweep tick with nothing to
 * push costs the Worker no extra round trip).
 */
export function createChannels(config: AlertConfig, ctx: { vapidKeys: () => Promise<VapidKeys>; origin: string; fetchFn?: Fetch; mailer?: Mailer }): Map<AlertChannelName, Channel> {
  const fetchFn = ctx.fetchFn ?? fetch
  const channels = new Map<AlertChannelName, Channel>()
  if (config.whatsapp) channels.set('whatsapp', whatsappChannel(config.whatsapp, fetchFn))
  const email = emailChannel(config, ctx.mailer, fetchFn)
  if (email) channels.set('email', email)
  if (config.webhook) channels.set('webhook', webhookChannel(config.webhook, fetchFn))
  let push: Promise<Channel> | undefined
  channels.set('push', {
    name: 'push',
    async send(out) {
      push ??= ctx.vapidKeys().then((keys) => pushChannel(keys, ctx.origin, fetchFn))
      return (await push).send(out)
    },
  })
  return channels
}
