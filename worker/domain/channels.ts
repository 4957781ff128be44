/** The outside channels an alert can go out on; the in-app inbox is always on and is not one of them. */
export const alertChannelNames = ['whatsapp', 'email', 'webhook', 'push'] as const

export type AlertChannelName = (typeof alertChannelNames)[number]

/** A browser to push to: its push service's endpoint and its keys (RFC 8291). */
export type PushTarget = { endpoint: string; p256dh: string; auth: string }

/** The agency's VAPID key pair for Web Push (RFC 8292). */
export type VapidKeys = { publicKey: string; privateJWK: JsonWebKey }

/** What WhatsApp reports of a message after it accepted it, in the order a message moves through them. */
export const whatsappStatuses = ['sent', 'delivered', 'read', 'failed'] as const

export type WhatsappStatus = (typeof whatsappStatuses)[number]
