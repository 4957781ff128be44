import type { Context } from 'hono'
import { CrewPage, type CrewPageProps } from '../../views/pages/DispatchPages'
import { listCrewDispatches } from '../db/queries/dispatch'
import type { AppEnv } from '../env'
import { page } from '../render'

/** The viewer's vehicle tasks (/crew), also the answer to a refused crew step. */
export async function crewPage(c: Context<AppEnv>, message?: CrewPageProps['message'], status: 200 | 409 = 200) {
  const rows = await listCrewDispatches(c.var.db, c.var.user!.id)
  return page(c, 'Tugas kendaraan', <CrewPage rows={rows} zone={c.var.config.zone} message={message} />, { status })
}
