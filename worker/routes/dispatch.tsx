import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CaseServices, type CaseServicesProps } from '../../views/components/CaseServices'
import { CasePage } from '../../views/pages/CasePage'
import { CrewPage, DispatchBoardPage } from '../../views/pages/DispatchPages'
import { caseTimeline, findCase, type CaseDetail } from '../db/queries/cases'
import {
  caseServiceValues,
  categoryFormOf,
  createDispatch,
  findDispatch,
  isCrewOf,
  isFree,
  listCaseDispatches,
  listCrewDispatches,
  listKelurahanContacts,
  listVehicleBoard,
  moveDispatch,
  saveServiceValues,
} from '../db/queries/dispatch'
import { caseScopeOf } from '../domain/access'
import { openStatuses, type CaseStatus } from '../domain/case'
import { crewSteps, decideCrewStep, dispatchStatuses, isActiveDispatch, parseDispatch, type CrewStep } from '../domain/dispatch'
import { defaultServiceFields, readFields, validateServiceValues } from '../domain/service-fields'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'
import { caseHandlingPanel } from './handling'

export const dispatchRoutes = new Hono<AppEnv>()

// A malformed body (multipart without boundary) reads as an empty form: a 422, never a 500 (as /intake).
const formBody = (c: Context<AppEnv>, all = false) => c.req.parseBody({ all }).catch(() => ({}) as Record<string, string | File | (string | File)[]>)

// An operator sends the car (seed 000: the call centre dispatches); supervisors and admins may too.
const dispatchers = ['operator', 'supervisor', 'admin'] as const
// Anyone on staff may ride a vehicle: crews are listed per vehicle by an admin (vehicle_crew).
const staff = ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin'] as const
const detailEditors = ['operator', 'fasilitator', 'supervisor', 'admin'] as const
const shelterRoles = ['fasilitator', 'supervisor']

const has = (roles: readonly string[], role: string) => roles.includes(role)

/** The extra fields of the case's category: the admin's list, else the built-in defaults. */
async function fieldsOf(c: Context<AppEnv>, categoryId: number) {
  const form = await categoryFormOf(c.var.db, categoryId)
  return form ? readFields(form.fields, defaultServiceFields[form.code] ?? []) : []
}

async function servicesProps(c: Context<AppEnv>, detail: CaseDetail, extra: Pick<CaseServicesProps, 'message' | 'failed'> = {}): Promise<CaseServicesProps> {
  const db = c.var.db
  const k = detail.case
  const role = c.var.user!.role
  const [contacts, dispatches, board, fields, values] = await Promise.all([
    listKelurahanContacts(db, k.kelurahanCode),
    listCaseDispatches(db, k.id),
    has(dispatchers, role) ? listVehicleBoard(db) : Promise.resolve(null),
    fieldsOf(c, k.categoryId),
    caseServiceValues(db, k.id),
  ])
  const open = openStatuses.includes(k.status as CaseStatus)
  return {
    caseId: k.id,
    kelurahanName: detail.kelurahanName,
    contacts,
    fields,
    values,
    canEditDetails: open && has(detailEditors, role),
    dispatches,
    // A vehicle goes only to an open case.
    freeVehicles: board && open ? board.filter(isFree) : undefined,
    canCancel: has(dispatchers, role),
    shelterLink: has(shelterRoles, role),
    zone: c.var.config.zone,
    ...extra,
  }
}

/** The services section of the case page; `?done=` after a plain-form 303 says what was saved. */
export async function caseServicesPanel(c: Context<AppEnv>, detail: CaseDetail) {
  const done = c.req.query('done')
  const message = done === 'dispatch' ? 'Kendaraan dikirim. Awak melihat tugas ini di halaman Tugas kendaraan.' : done === 'service-details' ? 'Rincian layanan tersimpan.' : done === 'dispatch-cancel' ? 'Pengiriman dibatalkan; kendaraan bebas lagi.' : undefined
  return <CaseServices {...await servicesProps(c, detail, { message: message ? { kind: 'ok', text: message } : undefined })} />
}

/** A refused services form: the whole case page again, with the typed values and messages. */
async function refuse(c: Context<AppEnv>, detail: CaseDetail, status: 409 | 422, extra: Pick<CaseServicesProps, 'message' | 'failed'>) {
  const [timeline, handling, services] = await Promise.all([caseTimeline(c.var.db, detail.case.id), caseHandlingPanel(c, detail), servicesProps(c, detail, extra)])
  const body = (
    <CasePage
      detail={detail}
      timeline={timeline}
      now={c.var.clock.now()}
      zone={c.var.config.zone}
      justCreated={false}
      handling={
        <>
          {handling}
          <CaseServices {...services} />
        </>
      }
    />
  )
  return page(c, `Kasus ${detail.case.ticket}`, body, { status })
}

async function caseFor(c: Context<AppEnv>): Promise<CaseDetail> {
  const detail = await findCase(c.var.db, caseScopeOf(c.var.user!), Number(c.req.param('id')))
  if (!detail) throw new HTTPException(404, { message: 'Kasus tidak ditemukan.' })
  return detail
}

dispatchRoutes.post('/cases/:id{[0-9]+}/service-details', requireRole(...detailEditors), async (c) => {
  const detail = await caseFor(c)
  if (!openStatuses.includes(detail.case.status as CaseStatus)) return refuse(c, detail, 409, { message: { kind: 'bad', text: 'Kasus ini sudah tidak terbuka.' } })
  const fields = await fieldsOf(c, detail.case.categoryId)
  const checked = validateServiceValues(fields, await formBody(c))
  if (!checked.ok) return refuse(c, detail, 422, { message: { kind: 'bad', text: 'Periksa rincian layanan yang ditandai.' }, failed: { form: 'details', values: checked.values, errors: checked.errors } })
  await saveServiceValues(c.var.db, { caseId: detail.case.id, values: checked.values, actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect(`/cases/${detail.case.id}?done=service-details#case-services`, 303)
})

dispatchRoutes.post('/cases/:id{[0-9]+}/dispatch', requireRole(...dispatchers), async (c) => {
  const detail = await caseFor(c)
  if (!openStatuses.includes(detail.case.status as CaseStatus)) return refuse(c, detail, 409, { message: { kind: 'bad', text: 'Kendaraan hanya dikirim untuk kasus yang masih terbuka.' } })
  const board = await listVehicleBoard(c.var.db)
  const body = await formBody(c)
  const parsed = parseDispatch(body, new Set(board.filter(isFree).map((v) => v.id)))
  if (!parsed.ok) return refuse(c, detail, 422, { message: { kind: 'bad', text: `Kendaraan belum dikirim. ${parsed.errors.vehicle ?? ''}`.trim() }, failed: { form: 'dispatch', values: parsed.values, errors: parsed.errors } })
  const vehicle = board.find((v) => v.id === parsed.value.vehicleId)!
  const result = await createDispatch(c.var.db, { caseId: detail.case.id, ...parsed.value, actorId: c.var.user!.id, now: c.var.clock.now(), label: `${vehicle.name} (${vehicle.plate})` })
  if (!result.ok) {
    // Someone sent the same vehicle a moment ago: the database refused the second dispatch.
    return refuse(c, detail, 409, { message: { kind: 'bad', text: `${vehicle.name} baru saja dikirim ke kasus lain. Pilih kendaraan lain.` }, failed: { form: 'dispatch', values: { vehicle: '', destination: parsed.value.destination ?? '' }, errors: { vehicle: 'Kendaraan ini sudah bertugas.' } } })
  }
  return c.redirect(`/cases/${detail.case.id}?done=dispatch#case-services`, 303)
})

dispatchRoutes.post('/dispatches/:id{[0-9]+}/cancel', requireRole(...dispatchers), async (c) => {
  const found = await findDispatch(c.var.db, Number(c.req.param('id')))
  if (!found || !(await findCase(c.var.db, caseScopeOf(c.var.user!), found.dispatch.caseId))) throw new HTTPException(404, { message: 'Penugasan tidak ditemukan.' })
  const d = found.dispatch
  if (isActiveDispatch(d.status)) {
    await moveDispatch(c.var.db, { id: d.id, caseId: d.caseId, from: d.status, to: 'batal', column: 'cancelledAt', kind: 'dispatch_cancel', note: `${found.vehicleName} (${found.plate})`, actorId: c.var.user!.id, now: c.var.clock.now() })
  }
  return c.redirect(`/cases/${d.caseId}?done=dispatch-cancel#case-services`, 303)
})

dispatchRoutes.get('/dispatch', requireRole('operator', 'supervisor', 'kepala', 'admin'), async (c) => {
  const rows = await listVehicleBoard(c.var.db)
  return page(c, 'Papan kendaraan', <DispatchBoardPage rows={rows} zone={c.var.config.zone} crew={Boolean(c.var.user!.crew)} />)
})

dispatchRoutes.get('/crew', requireRole(...staff), async (c) => {
  const rows = await listCrewDispatches(c.var.db, c.var.user!.id)
  const done = c.req.query('done') as CrewStep | undefined
  const message = done && Object.hasOwn(crewSteps, done) ? { kind: 'ok' as const, text: `Tersimpan: ${crewSteps[done]}.` } : undefined
  return page(c, 'Tugas kendaraan', <CrewPage rows={rows} zone={c.var.config.zone} message={message} />)
})

dispatchRoutes.post('/dispatches/:id{[0-9]+}/:step{depart|arrive|finish}', requireRole(...staff), async (c) => {
  const user = c.var.user!
  const step = c.req.param('step') as CrewStep
  const found = await findDispatch(c.var.db, Number(c.req.param('id')))
  if (!found) throw new HTTPException(404, { message: 'Penugasan tidak ditemukan.' })
  // The vehicle's own crew marks its steps; a supervisor may do it for a crew without signal.
  if (user.role !== 'supervisor' && !(await isCrewOf(c.var.db, user.id, found.dispatch.vehicleId))) throw new HTTPException(403, { message: 'Hanya awak kendaraan ini yang dapat mencatat perjalanannya.' })
  const d = found.dispatch
  const decision = decideCrewStep(d.status, step)
  const rows = () => listCrewDispatches(c.var.db, user.id)
  if (!decision.ok) return page(c, 'Tugas kendaraan', <CrewPage rows={await rows()} zone={c.var.config.zone} message={{ kind: 'bad', text: decision.message }} />, { status: 409 })
  const moved = await moveDispatch(c.var.db, { id: d.id, caseId: d.caseId, ...decision, kind: `dispatch_${step}`, note: `${found.vehicleName} (${found.plate}): ${dispatchStatuses[decision.to]}`, actorId: user.id, now: c.var.clock.now() })
  if (!moved) return page(c, 'Tugas kendaraan', <CrewPage rows={await rows()} zone={c.var.config.zone} message={{ kind: 'bad', text: 'Penugasan ini baru saja diubah. Periksa statusnya sekarang.' }} />, { status: 409 })
  return c.redirect(`/crew?done=${step}`, 303)
})
