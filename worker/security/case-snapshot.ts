import type { CaseState } from '../domain/transitions'
import { hmacBase64Url, sameText } from './tokens'

// An action form carries what the rules need of its case and of its viewer as the page saw them,
// signed under the deployment's snapshot secret (config.snapshotSecret): the action is decided on it
// without reading the case first, and its write holds only while the database still agrees
// (db/queries/handling.ts, presumedTransition), so one round trip does it (issue 25). The signature
// keeps a forged snapshot from reaching the decision; the write's guard keeps a stale one from acting.

/** What an action is decided on: the case's state, and who the page was rendered for. */
export type CaseSnapshot = { kase: CaseState; actor: { id: number; role: string } }

const payloadOf = ({ kase, actor }: CaseSnapshot) => [actor.id, actor.role, kase.status, kase.version, kase.assignedTo ?? '', kase.receivedAt].join('.')

const mac = (secret: string, caseId: number, payload: string) => hmacBase64Url(secret, `case-snapshot:${caseId}:${payload}`)

/** The snapshot as a form field's value. */
export function signSnapshot(secret: string, snapshot: CaseSnapshot): string {
  const payload = payloadOf(snapshot)
  return `${payload}.${mac(secret, snapshot.kase.id, payload)}`
}

/** The snapshot a form sent for case `caseId`, or null when it has none, or it is not one this server signed for that case. */
export function readSnapshot(secret: string, caseId: number, value: unknown): CaseSnapshot | null {
  if (typeof value !== 'string') return null
  const parts = value.split('.')
  if (parts.length !== 7) return null
  const given = parts.pop()!
  if (!sameText(given, mac(secret, caseId, parts.join('.')))) return null
  const [actorId, role, status, version, assignedTo, receivedAt] = parts as [string, string, string, string, string, string]
  return {
    kase: { id: caseId, status, version: Number(version), assignedTo: assignedTo === '' ? null : Number(assignedTo), receivedAt: Number(receivedAt) },
    actor: { id: Number(actorId), role },
  }
}
