import { buildPushPayload } from '@block65/webcrypto-web-push'
import type { VapidKeys } from '../domain/channels'
import type { Channel, Fetch, SendOutcome } from './channel'

const sendTimeoutMs = 10_000

/**
 * Web Push (RFC 8030) to every browser the person allowed, encrypted to each (RFC 8291) and signed
 * with the deployment's VAPID key (RFC 8292) through WebCrypto, so both runtimes send it. The
 * payload is what the service worker shows: title, short text, the link.
 */
export function pushChannel(vapid: VapidKeys, origin: string, fetchFn: Fetch = fetch): Channel {
  return {
    name: 'push',
    async send(out) {
      if (out.recipient.push.length === 0) return { ok: false, retry: false, error: 'no push subscription' }
      const results = await Promise.all(
        out.recipient.push.map(async (target): Promise<SendOutcome & { endpoint: string }> => {
          try {
            const request = await buildPushPayload(
              { data: { title: out.message.title, body: out.message.detail, url: out.message.link, tag: `sigap-${out.alert.id}` }, options: { ttl: 24 * 3600, urgency: out.alert.urgent ? 'high' : 'normal' } },
              { endpoint: target.endpoint, expirationTime: null, keys: { p256dh: target.p256dh, auth: target.auth } },
              // The push service's operator may write to the agency's public site about abuse (RFC 8292 sub).
              { subject: origin, publicKey: vapid.publicKey, privateKey: vapid.privateJWK.d },
            )
            const res = await fetchFn(target.endpoint, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(sendTimeoutMs) })
            await res.body?.cancel()
            if (res.ok) return { ok: true, endpoint: target.endpoint }
            if (res.status === 404 || res.status === 410) return { ok: false, retry: false, error: `HTTP ${res.status}`, endpoint: target.endpoint, expiredPush: [target.endpoint] }
            return { ok: false, retry: res.status === 429 || res.status >= 500, error: `HTTP ${res.status}`, endpoint: target.endpoint }
          } catch (err) {
            return { ok: false, retry: true, error: err instanceof Error ? `${err.name}: ${err.message}` : 'network error', endpoint: target.endpoint }
          }
        }),
      )
      const expiredPush = results.flatMap((r) => r.expiredPush ?? [])
      // Reaching one of the person's devices is a delivery; a retry goes to all again (the
      // notification's tag makes a browser that got it twice show it once).
      if (results.some((r) => r.ok)) return { ok: true, expiredPush }
      const failed = results.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok)
      return { ok: false, retry: failed.some((r) => r.retry), error: failed.map((r) => r.error).join('; '), expiredPush }
    },
  }
}
