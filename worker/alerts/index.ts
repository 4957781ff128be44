import type { AlertChannelName } from '../db/queries/sweep'
import type { Channel, Fetch } from './channel'
import type { AlertConfig } from './config'
import { emailChannel } from './email'
import { webhookChannel } from './webhook'
import { whatsappChannel } from './whatsapp'

/** The configured outside channels by name. */
export function createChannels(config: AlertConfig, fetchFn: Fetch = fetch): Map<AlertChannelName, Channel> {
  const channels = new Map<AlertChannelName, Channel>()
  if (config.whatsapp) channels.set('whatsapp', whatsappChannel(config.whatsapp, fetchFn))
  if (config.email) channels.set('email', emailChannel(config.email, fetchFn))
  if (config.webhook) channels.set('webhook', webhookChannel(config.webhook, fetchFn))
  return channels
}
