/**
 * Where the client address comes from (SIGAP_TRUSTED_PROXY). Failure counters and quotas are keyed
 * by it, so it must be an address the client cannot choose: a header is read only when the
 * deployment says which proxy wrote it.
 */
export type TrustedProxy = { kind: 'socket' } | { kind: 'forwarded'; hops: number } | { kind: 'cloudflare' }

/** Parses SIGAP_TRUSTED_PROXY: unset for the socket address, a count of proxies in front, or `cloudflare`. */
export function parseTrustedProxy(raw: string | undefined, runtime: 'node' | 'worker'): TrustedProxy {
  const value = raw?.trim().toLowerCase() ?? ''
  // A Worker has no socket of its own: Cloudflare itself is the proxy, and it sets CF-Connecting-IP.
  if (runtime === 'worker') {
    if (value === '' || value === 'cloudflare') return { kind: 'cloudflare' }
    throw new Error(`SIGAP_TRUSTED_PROXY on Cloudflare Workers can only be "cloudflare", got "${raw}"`)
  }
  if (value === '' || value === '0') return { kind: 'socket' }
  if (value === 'cloudflare') return { kind: 'cloudflare' }
  if (/^[1-9]$/.test(value)) return { kind: 'forwarded', hops: Number(value) }
  throw new Error(`SIGAP_TRUSTED_PROXY must be empty, a number of proxies (1–9) or "cloudflare", got "${raw}"`)
}

/**
 * The client address under `trust`. Each proxy appends the address it received the request from to
 * X-Forwarded-For, so with n trusted proxies the n-th entry from the right is the one the outermost
 * of them saw; entries further left were written by the client and are ignored.
 */
export function clientAddressOf(trust: TrustedProxy, socket: string | undefined, header: (name: string) => string | undefined): string {
  if (trust.kind === 'cloudflare') return header('CF-Connecting-IP')?.trim() || socket || 'unknown'
  if (trust.kind === 'forwarded') {
    const entries = (header('X-Forwarded-For') ?? '').split(',').map((e) => e.trim()).filter(Boolean)
    // Fewer entries than proxies: the request did not come through all of them, so nothing in the header can be trusted.
    if (entries.length >= trust.hops) return entries[entries.length - trust.hops]!
  }
  return socket || 'unknown'
}
