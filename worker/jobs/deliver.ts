import type { Channel } from '../alerts/channel'
import { renderAlert } from '../alerts/message'
import { claimOutbox, recordDeliveries, type DeliveryResult } from '../db/queries/alerts'
import type { AlertChannelName } from '../domain/channels'
import type { Db } from '../db/client'
import { sendableAt } from '../domain/escalation'
import { nextAttemptAt } from '../domain/retry'
import { randomToken } from '../security/tokens'

export type DeliverOptions = {
  channels: ReadonlyMap<AlertChannelName, Channel>
  origin: string
  zone: string
  /** Messages per run: bounded so a Worker invocation ends well inside its time. */
  limit?: number
}

export type DeliveryReport = { sent: number; retried: number; deferred: number; dead: number }

// A send that never reported back (a killed process) is taken again after this long, with the same key.
const leaseMs = 5 * 60_000

/**
 * Sends what the outbox holds and is due: claim (one batch), send, record (one batch). At least
 * once: every attempt of a message carries its outbox id as the idempotency key, so a receiver
 * drops the repeat of a send whose answer was lost.
 */
export async function deliver(db: Db, now: number, opts: DeliverOptions): Promise<DeliveryReport> {
  const claim = randomToken()
  const claimed = await claimOutbox(db, { claim, now, leaseMs, limit: opts.limit ?? 50 })
  const results = await Promise.all(
    claimed.map(async (m): Promise<DeliveryResult> => {
      const until = sendableAt(now, m.quiet, opts.zone, m.urgent)
      if (until > now) return { id: m.id, outcome: 'deferred', until }
      const channel = opts.channels.get(m.channel)
      if (!channel) return { id: m.id, outcome: 'dead', error: `kanal ${m.channel} tidak dikonfigurasi` }
      const outcome = await channel.send({
        key: String(m.id),
        recipient: { name: m.name, phone: m.phone, email: m.email, push: m.push },
        alert: { id: m.alertId, kind: m.kind, caseId: m.caseId, rung: m.rung, urgent: m.urgent },
        message: renderAlert({ ...m, id: m.alertId }, { origin: opts.origin, zone: opts.zone }),
      })
      const expiredPush = outcome.expiredPush
      if (outcome.ok) return { id: m.id, outcome: 'sent', expiredPush }
      const at = outcome.retry ? nextAttemptAt(m.attempts, now) : null
      return at === null ? { id: m.id, outcome: 'dead', error: outcome.error, expiredPush } : { id: m.id, outcome: 'retry', at, error: outcome.error, expiredPush }
    }),
  )
  await recordDeliveries(db, { claim, now, results })
  const count = (o: DeliveryResult['outcome']) => results.filter((r) => r.outcome === o).length
  return { sent: count('sent'), retried: count('retry'), deferred: count('deferred'), dead: count('dead') }
}
