import { createChannels } from '../alerts'
import type { Fetch } from '../alerts/channel'
import type { Mailer } from '../alerts/email'
import { enabledChannels, type Config } from '../config'
import type { Db } from '../db/client'
import { loadVapidKeys } from '../db/queries/push'
import { deliver, type DeliveryReport } from './deliver'
import { deliverReporterMessages, type ReporterDeliveryReport } from './deliver-reporter'
import { isPurgeTick } from '../domain/retention'
import { defaultMaxMediaBytes } from '../domain/whatsapp-media'
import type { PhotoStore } from '../storage/photo-store'
import { purgeExpired } from './retention'
import { sweep, type SweepReport } from './sweep'
import { fetchWhatsappMedia, type MediaReport } from './whatsapp-media'

/** What each scheduled tick does on both runtimes: the sweep, then the outbox and the reporters' messages, the WhatsApp media still waiting, then retention. */
export async function runSweep(db: Db, config: Config, now: number, fetchFn: Fetch = fetch, photos?: PhotoStore, mailer?: Mailer): Promise<{ sweep: SweepReport; delivery: DeliveryReport; reporters: ReporterDeliveryReport; media: MediaReport; retention: { purged: number } }> {
  const swept = await sweep(db, now, { zone: config.zone, channels: enabledChannels(config.alerts) })
  const delivery = await deliver(db, now, { channels: createChannels(config.alerts, { vapidKeys: () => loadVapidKeys(db), origin: config.origin, fetchFn, mailer }), origin: config.origin, zone: config.zone })
  const reporters = await deliverReporterMessages(db, now, { whatsapp: config.alerts.whatsapp, origin: config.origin, zone: config.zone, surveySecret: config.surveySecret, fetchFn })
  const media = await fetchWhatsappMedia(db, now, { whatsapp: config.alerts.whatsapp, photos, maxBytes: config.alerts.whatsappWebhook?.mediaMaxBytes ?? defaultMaxMediaBytes, fetchFn })
  // Last, and daily: alerts must not wait for a purge; a failed purge is retried the next night.
  const retention = isPurgeTick(now) ? await purgeExpired(db, now, photos) : { purged: 0 }
  return { sweep: swept, delivery, reporters, media, retention }
}
