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

const snapshotMac = (secret: string, caseId: number) => (payload: string) => hmacBase64Url(secret, `case-snapshot:${caseId}:${payload}`)

// A signed value is `payload.mac`. The MAC is base64url, so the value's last `.` ends the payload,
// whatever the payload holds.
const sealed = (payload: string, macOf: (payload: string) => string) => `${payload}.${macOf(payload)}`

/** The payload of a value `sealed` under `macOf`, or null when there is none or its MAC is not `macOf(payload)`. */
function opened(value: unknown, macOf: (payload: string) => string): string | null {
  if (typeof value !== 'string') return null
  const cut = value.lastIndexOf('.')
  if (cut < 0) return null
  const payload = value.slice(0, cut)
  return sameText(value.slice(cut + 1), macOf(payload)) ? payload : null
}

/** The snapshot as a form field's value. */
export function signSnapshot(secret: string, snapshot: CaseSnapshot): string {
  return sealed(payloadOf(snapshot), snapshotMac(secret, snapshot.kase.id))
}

/** The snapshot a form sent for case `caseId`, or null when it has none, or it is not one this server signed for that case. */
export function readSnapshot(secret: string, caseId: number, value: unknown): CaseSnapshot | null {
  const parts = opened(value, snapshotMac(secret, caseId))?.split('.')
  if (parts?.length !== 6) return null
  const [actorId, role, status, version, assignedTo, receivedAt] = parts as [string, string, string, string, string, string]
  return {
    kase: { id: caseId, status, version: Number(version), assignedTo: assignedTo === '' ? null : Number(assignedTo), receivedAt: Number(receivedAt) },
    actor: { id: Number(actorId), role },
  }
}

/**
 * What the decision needs of the rows a form's list offers, as the page listed them: the active
 * facilitators an assign form offers (facilitatorRows), the partners a referral form offers
 * (activePartners). Signed beside the snapshot, so that choosing one is decided without reading it;
 * the write holds only while that row is still as listed (db/queries, assigneeStill, partnerStill).
 */
export type Choices = {
  assignees: { id: number; displayName: string }[]
  partners: { id: number; name: string; partnerType: string; acceptHours: number; outcomeHours: number }[]
}

// The fields of each kind, in their order in the value; numbers come back as numbers.
const choiceFields: { [K in keyof Choices]: Record<keyof Choices[K][number], StringConstructor | NumberConstructor> } = {
  assignees: { id: Number, displayName: String },
  partners: { id: Number, name: String, partnerType: String, acceptHours: Number, outcomeHours: Number },
}

// Each field URI-encoded (so no `,` or `|` of a name splits it), fields joined by `,`, rows by `|`.
const choicesMac = (secret: string, kind: keyof Choices) => (payload: string) => hmacBase64Url(secret, `choices:${kind}:${payload}`)

/** The choices of `kind` as a form field's value. */
export function signChoices<K extends keyof Choices>(secret: string, kind: K, rows: Choices[K]): string {
  const fields = Object.keys(choiceFields[kind])
  const payload = rows.map((row) => fields.map((f) => encodeURIComponent(String((row as Record<string, unknown>)[f]))).join(',')).join('|')
  return sealed(payload, choicesMac(secret, kind))
}

/** The choices of `kind` a form sent, or null when it has none or they are not ones this server signed. */
export function readChoices<K extends keyof Choices>(secret: string, kind: K, value: unknown): Choices[K] | null {
  const payload = opened(value, choicesMac(secret, kind))
  if (payload === null) return null
  const fields = Object.entries(choiceFields[kind])
  if (payload === '') return [] as Choices[K]
  return payload.split('|').map((row) => {
    const values = row.split(',')
    return Object.fromEntries(fields.map(([name, type], i) => [name, type(decodeURIComponent(values[i] ?? ''))]))
  }) as Choices[K]
}
