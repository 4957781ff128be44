import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { findCase } from '../db/queries/cases'
import { facilitatorForCase, findDispatch, finishTrip, isCrewOf, moveDispatch } from '../db/queries/dispatch'
import { caseScopeOf } from '../domain/access'
import { caseAfterTrip, crewRoles, decideCrewStep, dispatcherRoles, dispatchStatuses, isActiveDispatch, parseTripFinish, type CrewStep } from '../domain/dispatch'
import type { AppEnv } from '../env'
import { activeShelters, crewPage } from '../pages/crew'
import { formBody } from '../render'
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

/** The trip the signed-in user may mark: the vehicle's own crew; a supervisor may do it for a crew without signal. */
async function tripFor(c: Context<AppEnv>) {
  const user = c.var.user!
  const found = await findDispatch(c.var.db, Number(c.req.param('id')))
  if (!found) throw new HTTPException(404, { message: 'Penugasan tidak ditemukan.' })
  if (user.role !== 'supervisor' && !(await isCrewOf(c.var.db, user.id, found.dispatch.vehicleId))) throw new HTTPException(403, { message: 'Hanya awak kendaraan ini yang dapat mencatat perjalanannya.' })
  return found
}

const lostRace = { kind: 'bad' as const, text: 'Penugasan ini baru saja diubah. Periksa statusnya sekarang.' }


dispatches.post('/:id{[0-9]+}/finish', requireRole(...crewRoles), async (c) => {
  const found = await tripFor(c)
  const d = found.dispatch
  const decision = decideCrewStep(d.status, 'finish')
  if (!decision.ok) return crewPage(c, { kind: 'bad', text: decision.message }, 409)
  const shelters = await activeShelters(c)
  const parsed = parseTripFinish(await formBody(c), new Set(shelters.map((sh) => sh.id)))
  if (!parsed.ok) return crewPage(c, { kind: 'bad', text: 'Pilih hasil perjalanan sebelum menyelesaikan.' }, 422, { dispatchId: d.id, values: parsed.values, errors: parsed.errors })
  const now = c.var.clock.now()
  const vehicle = `${found.vehicleName} (${found.plate})`
  const facilitatorId = parsed.value.result === 'fasilitator' ? await facilitatorForCase(c.var.db, d.caseId) : null
  const move = caseAfterTrip({ status: found.caseStatus, receivedAt: found.receivedAt }, parsed.value, { vehicle, facilitatorId }, now)
  const finished = await finishTrip(c.var.db, { id: d.id, caseId: d.caseId, tripNote: `${vehicle}: ${dispatchStatuses.selesai}`, move, actorId: c.var.user!.id, now })
  if (!finished) return crewPage(c, lostRace, 409)
  return c.redirect('/crew?done=finish', 303)
})

dispatches.post('/:id{[0-9]+}/:step{depart|arrive}', requireRole(...crewRoles), async (c) => {
  const step = c.req.param('step') as CrewStep
  const found = await tripFor(c)
  const d = found.dispatch
  const decision = decideCrewStep(d.status, step)
  if (!decision.ok) return crewPage(c, { kind: 'bad', text: decision.message }, 409)
  const moved = await moveDispatch(c.var.db, { id: d.id, caseId: d.caseId, ...decision, kind: `dispatch_${step}`, note: `${found.vehicleName} (${found.plate}): ${dispatchStatuses[decision.to]}`, actorId: c.var.user!.id, now: c.var.clock.now() })
  if (!moved) return crewPage(c, lostRace, 409)
  return c.redirect(`/crew?done=${step}`, 303)
})
