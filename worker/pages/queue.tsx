import type { Context } from 'hono'
import type { BatchResponse } from 'drizzle-orm/batch'
import { QueueList, QueuePage, type QueueProps } from '../../views/pages/QueuePage'
import { facilitatorRows, groupFacilitators, listAllOpenLetterRequests, listQueue, listTriage } from '../db/queries/handling'
import { unknownAreaCodes } from '../domain/unknown-area'
import { allowedActions } from '../domain/transitions'
import type { AppEnv } from '../env'
import { page } from '../render'
import { signChoices, signSnapshot } from '../security/case-snapshot'

/** The queue's reads: a batch of their own, or the end of the batch that assigns from the queue (one round trip). */
export function queueReads(c: Context<AppEnv>) {
  const db = c.var.db
  const unknown = unknownAreaCodes(c.var.config.region).kelurahan
  return [listQueue(db, c.var.clock.now(), unknown), facilitatorRows(db), listTriage(db, unknown), listAllOpenLetterRequests(db)] as const
}

/**
 * The queue, assign forms on the `baru` rows the viewer may assign; the list alone for htmx. Each
 * assign form carries its case's signed snapshot and the listed facilitators' signed choices, so
 * that an assign is decided without reading (routes/cases/handling.tsx). `read`: queueReads' results
 * when the caller's batch read them.
 */
export async function queuePage(c: Context<AppEnv>, status: 200 | 403 | 409 | 422, extra: Pick<QueueProps, 'message' | 'failed'> = {}, read?: BatchResponse<ReturnType<typeof queueReads>>) {
  const ref = await c.var.reference.get()
  const [rows, facilitators, triage, letterRequests] = read ?? (await c.var.db.batch(queueReads(c)))
  const user = c.var.user!
  const secret = c.var.config.snapshotSecret
  const assigning = (row: (typeof rows)[number]) => row.status === 'baru' && allowedActions(user.role, row.status).includes('assign')
  const entries = rows.map((row) =>
    assigning(row) ? { ...row, assignees: groupFacilitators(facilitators, row.kelurahanCode), snapshot: signSnapshot(secret, { kase: row, actor: user }) } : row,
  )
  // The same facilitators for every row: signed once.
  const assigneeChoices = entries.some((e) => 'assignees' in e) ? signChoices(secret, 'assignees', groupFacilitators(facilitators, '')) : undefined
  // Only the supervisor sets a kelurahan (routes/cases/area.tsx); others see the list.
  const areas = user.role === 'supervisor' ? ref.kelurahan.map((k): [string, string] => [k.code, `${k.name} (Kec. ${k.kecamatanName})`]) : undefined
  const props: QueueProps = { rows: entries, assigneeChoices, triage, areas, letterRequests, now: c.var.clock.now(), zone: c.var.config.zone, ...extra }
  return page(c, 'Antrean', <QueuePage {...props} />, { status, fragment: <QueueList {...props} /> })
}
