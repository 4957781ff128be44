import type { Context } from 'hono'
import { QueueList, QueuePage, type QueueProps } from '../../views/pages/QueuePage'
import { facilitatorRows, groupFacilitators, listAllOpenLetterRequests, listQueue, listTriage } from '../db/queries/handling'
import { unknownAreaCodes } from '../domain/unknown-area'
import { allowedActions } from '../domain/transitions'
import type { AppEnv } from '../env'
import { page } from '../render'

/** The queue, assign forms on the `baru` rows the viewer may assign; the list alone for htmx. */
export async function queuePage(c: Context<AppEnv>, status: 200 | 403 | 409 | 422, extra: Pick<QueueProps, 'message' | 'failed'> = {}) {
  const db = c.var.db
  const now = c.var.clock.now()
  const ref = await c.var.reference.get()
  const unknown = unknownAreaCodes(c.var.config.region).kelurahan
  const [rows, facilitators, triage, letterRequests] = await db.batch([listQueue(db, now, unknown), facilitatorRows(db), listTriage(db, unknown), listAllOpenLetterRequests(db)])
  const role = c.var.user!.role
  const entries = rows.map((row) => ({ ...row, assignees: row.status === 'baru' && allowedActions(role, row.status).includes('assign') ? groupFacilitators(facilitators, row.kelurahanCode) : undefined }))
  // Only the supervisor sets a kelurahan (routes/cases/area.tsx); others see the list.
  const areas = role === 'supervisor' ? ref.kelurahan.map((k): [string, string] => [k.code, `${k.name} (Kec. ${k.kecamatanName})`]) : undefined
  const props: QueueProps = { rows: entries, triage, areas, letterRequests, now, zone: c.var.config.zone, ...extra }
  return page(c, 'Antrean', <QueuePage {...props} />, { status, fragment: <QueueList {...props} /> })
}
