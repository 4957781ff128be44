import { Hono } from 'hono'
import { DispatchBoardPage } from '../../views/pages/DispatchPages'
import { listVehicleBoard } from '../db/queries/dispatch'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'

/** The vehicle board: where every vehicle is; sending one is done from the case page. */
export const dispatchBoard = new Hono<AppEnv>()

dispatchBoard.get('/', requireRole('operator', 'supervisor', 'kepala', 'admin'), async (c) => {
  const rows = await listVehicleBoard(c.var.db)
  return page(c, 'Papan kendaraan', <DispatchBoardPage rows={rows} zone={c.var.config.zone} crew={Boolean(c.var.user!.crew)} />)
})
