import { Hono } from 'hono'
import { MyCasesPage } from '../../views/pages/MyCasesPage'
import { listMyCases } from '../db/queries/handling'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'

/** A facilitator's own cases. */
export const myCases = new Hono<AppEnv>()

myCases.get('/', requireRole('fasilitator'), async (c) => {
  const rows = await listMyCases(c.var.db, c.var.user!.id)
  return page(c, 'Kasus saya', <MyCasesPage rows={rows} now={c.var.clock.now()} />)
})
