import { Hono } from 'hono'
import { MyCasesPage } from '../../views/pages/MyCasesPage'
import { listMyCases } from '../db/queries/handling'
import { offlineCaseLimit } from '../domain/offline'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'
import { oneTrip, viewerId, withSession } from '../session'

/** A facilitator's own cases. */
export const myCases = new Hono<AppEnv>()

myCases.get('/', requireRole('fasilitator'), oneTrip(async (c) => {
  const [rows] = await withSession(c, [listMyCases(c.var.db, viewerId(c))])
  // The phone keeps this list and fetches these case pages ahead, for reading without signal (issue 22).
  c.header('Sigap-Offline-Cases', rows.slice(0, offlineCaseLimit).map((r) => r.id).join(','))
  return page(c, 'Kasus saya', <MyCasesPage rows={rows} now={c.var.clock.now()} />, { offline: true })
}))
