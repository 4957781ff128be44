import { Hono } from 'hono'
import { ResidentsPage } from '../../views/pages/ShelterPages'
import { listResidents } from '../db/queries/shelter'
import { caseScopeOf } from '../domain/access'
import { stayClock } from '../domain/shelter'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'

/** Who lives in the shelters now; no health data, so the kepala reads it too. A case's own shelter page is in cases/shelter.tsx. */
export const shelterResidents = new Hono<AppEnv>()

shelterResidents.get('/', requireRole('fasilitator', 'supervisor', 'kepala'), async (c) => {
  const now = c.var.clock.now()
  const ref = await c.var.reference.get()
  const rows = await listResidents(c.var.db, caseScopeOf(c.var.user!))
  const withClock = rows.map((r) => ({ ...r, clock: stayClock(r, r.stayLimitDays, now, ref.calendar) }))
  return page(c, 'Penghuni rumah singgah', <ResidentsPage rows={withClock} zone={c.var.config.zone} />)
})
