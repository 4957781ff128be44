import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client'
import type { VapidKeys } from '../../domain/channels'
import { alertPreferences, pushSubscriptions, settings } from '../schema'

const vapidKey = 'push.vapid'

const base64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')

/**
 * Makes the deployment's VAPID key pair (RFC 8292) once, with the migrations (Node's start,
 * `npm run db:migrate` for the Worker), and keeps it in settings: Web Push then works with no
 * account anywhere. Two first runs at once keep whichever was stored first.
 */
export async function ensureVapidKeys(db: Db): Promise<void> {
  if (await db.select({ key: settings.key }).from(settings).where(eq(settings.key, vapidKey)).get()) return
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair
  const keys: VapidKeys = { publicKey: base64url((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer), privateJWK: (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey }
  await db.insert(settings).values({ key: vapidKey, value: JSON.stringify(keys) }).onConflictDoNothing()
}

export async function loadVapidKeys(db: Db): Promise<VapidKeys> {
  const stored = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, vapidKey)).get()
  if (!stored) throw new Error('no VAPID keys: run npm run db:migrate')
  return JSON.parse(stored.value) as VapidKeys
}

export type NewSubscription = { endpoint: string; p256dh: string; auth: string; device: string }

/** Stores this browser's subscription for `userId` (a browser moved to another person moves with it) and turns push on. */
export async function saveSubscription(db: Db, userId: number, sub: NewSubscription, now: number): Promise<void> {
  await db.batch([
    db
      .insert(pushSubscriptions)
      .values({ userId, ...sub, createdAt: now })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { userId, p256dh: sub.p256dh, auth: sub.auth, device: sub.device, createdAt: now } }),
    db.insert(alertPreferences).values({ userId, push: true }).onConflictDoUpdate({ target: alertPreferences.userId, set: { push: true } }),
  ])
}

export function listSubscriptions(db: Db, userId: number) {
  return db.select({ id: pushSubscriptions.id, device: pushSubscriptions.device, createdAt: pushSubscriptions.createdAt }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId)).orderBy(pushSubscriptions.id)
}

export async function deleteSubscription(db: Db, userId: number, id: number): Promise<void> {
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, userId)))
}

/** Subscriptions the push service called gone (404/410): the browser unsubscribed or was reset. */
export function dropExpiredSubscriptions(db: Db, endpoints: string[]) {
  return db.delete(pushSubscriptions).where(inArray(pushSubscriptions.endpoint, endpoints))
}
