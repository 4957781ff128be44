import type { Context } from 'hono'
import { CrewPage, type CrewPageProps } from '../../views/pages/DispatchPages'
import { listCrewDispatches } from '../db/queries/dispatch'
import { listShelters } from '../db/queries/shelter'
import type { AppEnv } from '../env'
import { page } from '../render'

/** The shelters a crew may take a person to at the end of a trip. */
export const activeShelters = async (c: Context<AppEnv>) => (await listShelters(c.var.db)).filter((sh) => sh.active)

/** The viewer's vehicle tasks (/crew), also the answer to a refused crew step. */
export async function crewPage(c: Context<AppEnv>, message?: CrewPageProps['message'], status: 200 | 409 | 422 = 200, failed?: CrewPageProps['failed']) {
  const [rows, shelters] = await Promise.all([listCrewDispatches(c.var.db, c.var.user!.id), activeShelters(c)])
  return page(c, 'Tugas kendaraan', <CrewPage rows={rows} zone={c.var.config.zone} shelters={shelters} message={message} failed={failed} />, { status })
}
