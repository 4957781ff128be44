import type { AlertChannelName, PushTarget } from '../domain/channels'
import type { RenderedAlert } from './message'
import { readPrefix } from '../streams'

/** One message to one person on one outside channel. `key` (the outbox id) is the same on every attempt. */
export type Outbound = {
  key: string
  recipient: { name: string; phone: string | null; email: string | null; push: PushTarget[] }
  alert: { id: number; kind: string; caseId: number | null; rung: number | null; urgent: boolean }
  message: RenderedAlert
}

/** `retry: false` for answers that will not change by trying again (a rejected template, a bad address). */
export type SendOutcome = ({ ok: true } | { ok: false; retry: boolean; error: string }) & {
  /** Push endpoints the push service called gone (404/410): their subscriptions are dropped. */
  expiredPush?: string[]
}

/** The one interface every outside channel implements. */
export interface Channel {
  readonly name: AlertChannelName
  send(out: Outbound): Promise<SendOutcome>
}

export type Fetch = typeof fetch

const sendTimeoutMs = 10_000

/** POSTs JSON and turns the answer into an outcome: 2xx sent; 408, 429 and 5xx retried; other 4xx final. */
export async function postJson(fetchFn: Fetch, url: string, body: unknown, headers: Record<string, string>, reasonOf?: ReasonOf): Promise<SendOutcome> {
  const text = JSON.stringify(body)
  return postText(fetchFn, url, text, headers, reasonOf)
}

/** What a refusing receiver's answer body says, in a line to keep beside the HTTP status (null: nothing useful). */
export type ReasonOf = (body: string) => string | null

/** An error answer's body is read only this far: a reason is a line, not a document. */
const reasonBytes = 4096

export async function postText(fetchFn: Fetch, url: string, text: string, headers: Record<string, string>, reasonOf?: ReasonOf): Promise<SendOutcome> {
  try {
    // Redirects are not followed: a receiver that moves must be reconfigured, not obeyed (SSRF, ASVS 13.2.4).
    const res = await fetchFn(url, { method: 'POST', body: text, headers: { 'Content-Type': 'application/json', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(sendTimeoutMs) })
    const explained = !res.ok && reasonOf && res.body
    const reason = explained ? reasonOf(new TextDecoder().decode(await readPrefix(res.body!, reasonBytes))) : null
    if (!explained) await res.body?.cancel()
    if (res.ok) return { ok: true }
    const retry = res.status === 408 || res.status === 429 || res.status >= 500
    return { ok: false, retry, error: reason ? `${reason} (HTTP ${res.status})` : `HTTP ${res.status}` }
  } catch (err) {
    return { ok: false, retry: true, error: err instanceof Error ? err.name + ': ' + err.message : 'network error' }
  }
}

