// Web Push subscriptions as a browser sends them (PushSubscription.toJSON()): checked before the
// server ever posts to the endpoint, since the endpoint is a URL a client chose.

export type Subscription = { endpoint: string; p256dh: string; auth: string; device: string }

const base64url = /^[A-Za-z0-9_-]+$/

// Loopback and private ranges: the server must not be made to post into its own network (SSRF).
const privateHost = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.|\[::1?\]|\[f[cd])/i

/** A subscription from the settings page's script, or null when it is not one a push service issued. */
export function parseSubscription(body: Record<string, unknown>, production: boolean): Subscription | null {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '')
  const [endpoint, p256dh, auth] = [text('endpoint'), text('p256dh'), text('auth')]
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return null
  }
  if (endpoint.length > 1000 || url.username || url.password) return null
  // Push services are public HTTPS hosts; the tests' stand-in on 127.0.0.1 exists only outside production.
  if (production && (url.protocol !== 'https:' || privateHost.test(url.hostname))) return null
  if (!production && !/^https?:$/.test(url.protocol)) return null
  // An uncompressed P-256 point is 65 bytes (87 base64url characters); the auth secret 16 (22).
  if (p256dh.length !== 87 || !base64url.test(p256dh) || auth.length !== 22 || !base64url.test(auth)) return null
  return { endpoint, p256dh, auth, device: deviceLabel(text('device')) }
}

/** "Chrome di Android" from a user agent, so a person can tell their devices apart. */
export function deviceLabel(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /SamsungBrowser/.test(userAgent) ? 'Samsung Internet' : /Chrome\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : 'Peramban'
  const system = /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iPhone/iPad' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'Mac' : /Linux/.test(userAgent) ? 'Linux' : 'perangkat lain'
  return `${browser} di ${system}`
}
