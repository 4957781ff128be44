import { Hono, type Context } from 'hono'
import type { CaseDetail } from '../../db/queries/cases'
import { createDispatch, isFree, listVehicleBoard, saveServiceValues } from '../../db/queries/dispatch'
import { openStatuses, type CaseStatus } from '../../domain/case'
import { caseAtDispatch, detailEditorRoles, dispatcherRoles, parseDispatch } from '../../domain/dispatch'
import { validateServiceValues } from '../../domain/service-fields'
import type { AppEnv } from '../../env'
import { casePage, loadCase, type ServicesState } from '../../pages/case'
import { serviceFieldsOf } from '../../pages/service-fields'
import { requireRole } from '../../security/middleware'
import { formBody } from '../../render'

/** The case page's services: the category's extra details and sending a vehicle (mounted at /cases). */
export const caseServices = new Hono<AppEnv>()


/** A refused services form: the whole case page again, with the typed values and messages. */
const refuse = (c: Context<AppEnv>, detail: CaseDetail, status: 409 | 422, state: ServicesState) => casePage(c, detail, { status, services: state })

caseServices.post('/:id{[0-9]+}/service-details', requireRole(...detailEditorRoles), async (c) => {
  const detail = await loadCase(c)
  if (!openStatuses.includes(detail.case.status as CaseStatus)) return refuse(c, detail, 409, { message: { kind: 'bad', text: 'Kasus ini sudah tidak terbuka.' } })
  const fields = await serviceFieldsOf(c, detail.case.categoryId)
  const checked = validateServiceValues(fields, await formBody(c))
  if (!checked.ok) return refuse(c, detail, 422, { message: { kind: 'bad', text: 'Periksa rincian layanan yang ditandai.' }, failed: { form: 'details', values: checked.values, errors: checked.errors } })
  await saveServiceValues(c.var.db, { caseId: detail.case.id, values: checked.value, actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect(`/cases/${detail.case.id}?done=service-details#case-services`, 303)
})

caseServices.post('/:id{[0-9]+}/dispatch', requireRole(...dispatcherRoles), async (c) => {
  const detail = await loadCase(c)
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
