import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CaseServices, QuickDispatch, type CaseServicesProps } from '../../../views/components/CaseServices'
import { CasePage } from '../../../views/pages/CasePage'
import { caseTimeline, findCase, type CaseDetail } from '../../db/queries/cases'
import {
  caseServiceValues,
  categoryFormOf,
  createDispatch,
  isFree,
  listCaseDispatches,
  listKelurahanContacts,
  listVehicleBoard,
  saveServiceValues,
} from '../../db/queries/dispatch'
import { caseScopeOf } from '../../domain/access'
import { openStatuses, type CaseStatus } from '../../domain/case'
import { caseAtDispatch, dispatcherRoles, isActiveDispatch, parseDispatch, vehicleKindsFor } from '../../domain/dispatch'
import { defaultServiceFields, readFields, validateServiceValues } from '../../domain/service-fields'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { caseHandlingPanel } from './handling'

/** The case page's services: the category's extra details and sending a vehicle (mounted at /cases). */
export const caseServices = new Hono<AppEnv>()

// A malformed body (multipart without boundary) reads as an empty form: a 422, never a 500 (as /intake).
const formBody = (c: Context<AppEnv>, all = false) => c.req.parseBody({ all }).catch(() => ({}) as Record<string, string | File | (string | File)[]>)

const detailEditors = ['operator', 'fasilitator', 'supervisor', 'admin'] as const
const shelterRoles = ['fasilitator', 'supervisor']

const has = (roles: readonly string[], role: string) => roles.includes(role)

/** The extra fields of the case's category: the admin's list, else the built-in defaults. */
export async function fieldsOf(c: Context<AppEnv>, categoryId: number) {
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
    has(dispatcherRoles, role) ? listVehicleBoard(db) : Promise.resolve(null),
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
    canCancel: has(dispatcherRoles, role),
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

/**
 * For a report that asks for a vehicle and has none on the way yet: one button per free vehicle of
 * that kind, shown at the top of the case page (also the page a saved report opens on).
 */
export async function quickDispatchPanel(c: Context<AppEnv>, detail: CaseDetail) {
  const k = detail.case
  if (!has(dispatcherRoles, c.var.user!.role) || !openStatuses.includes(k.status as CaseStatus)) return null
  const kinds: readonly string[] = vehicleKindsFor((await c.var.reference.get()).categoryById.get(k.categoryId)?.code)
  if (kinds.length === 0) return null
  const [board, sent] = await Promise.all([listVehicleBoard(c.var.db), listCaseDispatches(c.var.db, k.id)])
  if (sent.some((d) => isActiveDispatch(d.status))) return null
  return <QuickDispatch caseId={k.id} vehicles={board.filter((v) => isFree(v) && kinds.includes(v.kind))} />
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

caseServices.post('/:id{[0-9]+}/service-details', requireRole(...detailEditors), async (c) => {
  const detail = await caseFor(c)
  if (!openStatuses.includes(detail.case.status as CaseStatus)) return refuse(c, detail, 409, { message: { kind: 'bad', text: 'Kasus ini sudah tidak terbuka.' } })
  const fields = await fieldsOf(c, detail.case.categoryId)
  const checked = validateServiceValues(fields, await formBody(c))
  if (!checked.ok) return refuse(c, detail, 422, { message: { kind: 'bad', text: 'Periksa rincian layanan yang ditandai.' }, failed: { form: 'details', values: checked.values, errors: checked.errors } })
  await saveServiceValues(c.var.db, { caseId: detail.case.id, values: checked.values, actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect(`/cases/${detail.case.id}?done=service-details#case-services`, 303)
})

caseServices.post('/:id{[0-9]+}/dispatch', requireRole(...dispatcherRoles), async (c) => {
  const detail = await caseFor(c)
  if (!openStatuses.includes(detail.case.status as CaseStatus)) return refuse(c, detail, 409, { message: { kind: 'bad', text: 'Kendaraan hanya dikirim untuk kasus yang masih terbuka.' } })
  const board = await listVehicleBoard(c.var.db)
  const body = await formBody(c)
  const parsed = parseDispatch(body, new Set(board.filter(isFree).map((v) => v.id)))
  if (!parsed.ok) return refuse(c, detail, 422, { message: { kind: 'bad', text: `Kendaraan belum dikirim. ${parsed.errors.vehicle ?? ''}`.trim() }, failed: { form: 'dispatch', values: parsed.values, errors: parsed.errors } })
  const vehicle = board.find((v) => v.id === parsed.value.vehicleId)!
  const result = await createDispatch(c.var.db, {
    caseId: detail.case.id,
    ...parsed.value,
    actorId: c.var.user!.id,
    now: c.var.clock.now(),
    label: `${vehicle.name} (${vehicle.plate})`,
    start: caseAtDispatch(detail.case.status),
  })
  if (!result.ok) {
    // Someone sent the same vehicle a moment ago: the database refused the second dispatch.
    return refuse(c, detail, 409, { message: { kind: 'bad', text: `${vehicle.name} baru saja dikirim ke kasus lain. Pilih kendaraan lain.` }, failed: { form: 'dispatch', values: { vehicle: '', destination: parsed.value.destination ?? '' }, errors: { vehicle: 'Kendaraan ini sudah bertugas.' } } })
  }
  return c.redirect(`/cases/${detail.case.id}?done=dispatch#case-services`, 303)
})
