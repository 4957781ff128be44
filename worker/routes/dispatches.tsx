import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { findCase } from '../db/queries/cases'
import { findDispatch, isCrewOf, moveDispatch } from '../db/queries/dispatch'
import { caseScopeOf } from '../domain/access'
import { crewRoles, decideCrewStep, dispatcherRoles, dispatchStatuses, isActiveDispatch, type CrewStep } from '../domain/dispatch'
import type { AppEnv } from '../env'
import { crewPage } from '../pages/crew'
import { requireRole } from '../security/middleware'

/** One dispatch of a vehicle: cancelled by a dispatcher, moved along by its crew. */
export const dispatches = new Hono<AppEnv>()

dispatches.post('/:id{[0-9]+}/cancel', requireRole(...dispatcherRoles), async (c) => {
  const found = await findDispatch(c.var.db, Number(c.req.param('id')))
  if (!found || !(await findCase(c.var.db, caseScopeOf(c.var.user!), found.dispatch.caseId))) throw new HTTPException(404, { message: 'Penugasan tidak ditemukan.' })
  const d = found.dispatch
  if (isActiveDispatch(d.status)) {
    await moveDispatch(c.var.db, { id: d.id, caseId: d.caseId, from: d.status, to: 'batal', column: 'cancelledAt', kind: 'dispatch_cancel', note: `${found.vehicleName} (${found.plate})`, actorId: c.var.user!.id, now: c.var.clock.now() })
  }
  return c.redirect(`/cases/${d.caseId}?done=dispatch-cancel#case-services`, 303)
})

dispatches.post('/:id{[0-9]+}/:step{depart|arrive|finish}', requireRole(...crewRoles), async (c) => {
  const user = c.var.user!
  const step = c.req.param('step') as CrewStep
  const found = await findDispatch(c.var.db, Number(c.req.param('id')))
  if (!found) throw new HTTPException(404, { message: 'Penugasan tidak ditemukan.' })
  // The vehicle's own crew marks its steps; a supervisor may do it for a crew without signal.
  if (user.role !== 'supervisor' && !(await isCrewOf(c.var.db, user.id, found.dispatch.vehicleId))) throw new HTTPException(403, { message: 'Hanya awak kendaraan ini yang dapat mencatat perjalanannya.' })
  const d = found.dispatch
  const decision = decideCrewStep(d.status, step)
  if (!decision.ok) return crewPage(c, { kind: 'bad', text: decision.message }, 409)
  const moved = await moveDispatch(c.var.db, { id: d.id, caseId: d.caseId, ...decision, kind: `dispatch_${step}`, note: `${found.vehicleName} (${found.plate}): ${dispatchStatuses[decision.to]}`, actorId: user.id, now: c.var.clock.now() })
  if (!moved) return crewPage(c, { kind: 'bad', text: 'Penugasan ini baru saja diubah. Periksa statusnya sekarang.' }, 409)
  return c.redirect(`/crew?done=${step}`, 303)
})
