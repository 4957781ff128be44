import { createChannels } from '../alerts'
import type { Fetch } from '../alerts/channel'
import { enabledChannels } from '../alerts/config'
import type { Config } from '../config'
import type { Db } from '../db/client'
import { deliver, type DeliveryReport } from './deliver'
import { sweep, type SweepReport } from './sweep'

/** What each scheduled tick does on both runtimes: the sweep, then the outbox. */
export async function runSweep(db: Db, config: Config, now: number, fetchFn: Fetch = fetch): Promise<{ sweep: SweepReport; delivery: DeliveryReport }> {
  const swept = await sweep(db, now, { zone: config.zone, channels: enabledChannels(config.alerts) })
  const delivery = await deliver(db, now, { channels: createChannels(config.alerts, fetchFn), origin: config.origin, zone: config.zone })
  return { sweep: swept, delivery }
}
