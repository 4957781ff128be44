import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AssessmentPrintPage, ShelterCasePage, type ShelterCaseProps } from '../../../views/pages/ShelterPages'
import { audit } from '../../db/queries/audit'
import type { CaseDetail } from '../../db/queries/cases'
import {
  addAssessment,
  addTracingContact,
  admitToShelter,
  dischargeFromShelter,
  findAssessment,
  findOrigin,
  listAssessmentVersions,
  listDocumentSteps,
  listShelters,
  listStays,
  listTracing,
  regionOptions,
  saveDocumentStep,
  saveOrigin,
} from '../../db/queries/shelter'
import type { FieldErrors, FormValues } from '../../domain/form'
import {
  dischargeReasons,
  documentStatuses,
  documentSteps,
  parseAdmission,
  parseAssessment,
  parseDischarge,
  parseDocumentStep,
  parseOrigin,
  parseTracingContact,
  shelterRoles,
  stayClock,
  toLocalDateTime,
  tracingMethods,
  tracingResults,
} from '../../domain/shelter'
import type { AppEnv } from '../../env'
import { loadCase } from '../../pages/case'
import { formBody, page } from '../../render'
import { requireRole } from '../../security/middleware'

/** A case's shelter stay, assessment, documents, origin and tracing (mounted at /cases). */
export const caseShelter = new Hono<AppEnv>()


// Health data: only the roles that handle the person's case (domain/shelter.ts, shelterRoles).
const caseWorkers = requireRole(...shelterRoles)

const doneMessages: Record<string, string> = {
  admit: 'Tersimpan: masuk rumah singgah.',
  discharge: 'Tersimpan: keluar rumah singgah.',
  assessment: 'Asesmen tersimpan sebagai versi baru.',
  documents: 'Status dokumen tersimpan.',
  origin: 'Daerah asal tersimpan.',
  tracing: 'Kontak penelusuran tersimpan.',
}

/** The case's shelter page; reading it reads the assessment, so the read is audited. */
async function shelterPage(c: Context<AppEnv>, detail: CaseDetail, extra: { status?: 200 | 409 | 422; message?: ShelterCaseProps['message']; failed?: ShelterCaseProps['failed'] } = {}) {
  const db = c.var.db
  const k = detail.case
  const now = c.var.clock.now()
  const ref = await c.var.reference.get()
  const [stays, shelters, versions, documents, tracing] = await db.batch([listStays(db, k.id), listShelters(db), listAssessmentVersions(db, k.id), listDocumentSteps(db, k.id), listTracing(db, k.id)])
  const [assessment, origin, regions] = await Promise.all([findAssessment(db, k.id), findOrigin(db, k.id), regionOptions(db)])
  // The page shows the person's name, stays, documents and tracing contacts even with no assessment yet.
  if (assessment) await audit(db, { actorId: c.var.user!.id, now }, 'assessment.read', `v${assessment.assessment.version}`, k.id)
  else await audit(db, { actorId: c.var.user!.id, now }, 'shelter.read', null, k.id)
  const zone = c.var.config.zone
  const done = c.req.query('done')
  const props: ShelterCaseProps = {
    caseId: k.id,
    ticket: k.ticket,
    personName: k.personName,
    stays: stays.map((s) => ({ ...s, clock: stayClock(s.stay, s.stayLimitDays, now, ref.calendar) })),
    shelters,
    assessment,
    versions,
    documents,
    origin: origin ? { ...origin.origin, provinceName: origin.provinceName, regencyName: origin.regencyName } : null,
    tracing,
    regions,
    nowLocal: toLocalDateTime(now, zone),
    zone,
    message: extra.message ?? (done && doneMessages[done] ? { kind: 'ok', text: doneMessages[done]! } : undefined),
    failed: extra.failed,
  }
  return page(c, `Rumah singgah ${k.ticket}`, <ShelterCasePage {...props} />, { status: extra.status ?? 200 })
}

const invalid = (c: Context<AppEnv>, detail: CaseDetail, form: string, values: FormValues, errors: FieldErrors) =>
  shelterPage(c, detail, { status: 422, message: { kind: 'bad', text: 'Periksa isian yang ditandai.' }, failed: { form, values, errors } })

const back = (c: Context<AppEnv>, id: number, done: string) => c.redirect(`/cases/${id}/shelter?done=${done}`, 303)

caseShelter.get('/:id{[0-9]+}/shelter', caseWorkers, async (c) => shelterPage(c, await loadCase(c)))

caseShelter.post('/:id{[0-9]+}/shelter/admit', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const body = await formBody(c)
  const shelters = (await listShelters(c.var.db)).filter((s) => s.active)
  const now = c.var.clock.now()
  const parsed = parseAdmission(body, { shelterIds: new Set(shelters.map((s) => s.id)), zone: c.var.config.zone, now })
  if (!parsed.ok) return invalid(c, detail, 'admit', parsed.values, parsed.errors)
  const shelterName = shelters.find((s) => s.id === parsed.value.shelterId)!.name
  const admitted = await admitToShelter(c.var.db, { caseId: detail.case.id, ...parsed.value, shelterName, actorId: c.var.user!.id, now })
  if (!admitted) return shelterPage(c, detail, { status: 409, message: { kind: 'bad', text: 'Orang ini masih tercatat tinggal di rumah singgah; keluarkan dulu sebelum masuk lagi.' } })
  return back(c, detail.case.id, 'admit')
})

caseShelter.post('/:id{[0-9]+}/shelter/discharge', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const body = await formBody(c)
  const open = (await listStays(c.var.db, detail.case.id)).find((s) => s.stay.dischargedAt === null && s.stay.id === Number(body.stay))
  if (!open) return shelterPage(c, detail, { status: 409, message: { kind: 'bad', text: 'Tidak ada masa tinggal yang terbuka untuk dikeluarkan. Tidak ada yang disimpan.' } })
  const parsed = parseDischarge(body, { admittedAt: open.stay.admittedAt, zone: c.var.config.zone, now: c.var.clock.now() })
  if (!parsed.ok) return invalid(c, detail, 'discharge', parsed.values, parsed.errors)
  const reasonLabel = dischargeReasons[parsed.value.reason]
  const done = await dischargeFromShelter(c.var.db, { stayId: open.stay.id, caseId: detail.case.id, discharge: parsed.value, reasonLabel, actorId: c.var.user!.id, now: c.var.clock.now() })
  if (!done) return shelterPage(c, detail, { status: 409, message: { kind: 'bad', text: 'Masa tinggal ini baru saja ditutup orang lain.' } })
  return back(c, detail.case.id, 'discharge')
})

caseShelter.post('/:id{[0-9]+}/assessments', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const parsed = parseAssessment(await formBody(c))
  if (!parsed.ok) return invalid(c, detail, 'assessment', parsed.values, parsed.errors)
  await addAssessment(c.var.db, { caseId: detail.case.id, input: parsed.value, actorId: c.var.user!.id, now: c.var.clock.now() })
  return back(c, detail.case.id, 'assessment')
})

caseShelter.get('/:id{[0-9]+}/assessments/:version{[0-9]+}', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const row = await findAssessment(c.var.db, detail.case.id, Number(c.req.param('version')))
  if (!row) throw new HTTPException(404, { message: 'Versi asesmen tidak ditemukan.' })
  await audit(c.var.db, { actorId: c.var.user!.id, now: c.var.clock.now() }, 'assessment.read', `v${row.assessment.version} print`, detail.case.id)
  const agency = (await c.var.reference.get()).settings.get('agency.name') ?? 'Dinas Sosial'
  return page(c, `Asesmen ${detail.case.ticket} v${row.assessment.version}`, <AssessmentPrintPage caseId={detail.case.id} ticket={detail.case.ticket} personName={detail.case.personName} row={row} agency={agency} zone={c.var.config.zone} />)
})

caseShelter.post('/:id{[0-9]+}/documents', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const body = await formBody(c)
  const parsed = parseDocumentStep(body)
  if (!parsed.ok) return invalid(c, detail, `doc-${typeof body.step === 'string' ? body.step : ''}`, parsed.values, parsed.errors)
  const v = parsed.value
  const label = `${documentSteps[v.step]}: ${documentStatuses[v.status]}${v.note ? ` (${v.note})` : ''}`
  await saveDocumentStep(c.var.db, { caseId: detail.case.id, ...v, label, actorId: c.var.user!.id, now: c.var.clock.now() })
  return back(c, detail.case.id, 'documents')
})

caseShelter.post('/:id{[0-9]+}/origin', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const regions = await regionOptions(c.var.db)
  const regencyProvince = new Map(regions.regencies.map((r) => [r.code, r.provinceCode]))
  const parsed = parseOrigin(await formBody(c), { provinceCodes: new Set(regions.provinces.map((p) => p.code)), regencyOf: (code) => regencyProvince.get(code) })
  if (!parsed.ok) return invalid(c, detail, 'origin', parsed.values, parsed.errors)
  const v = parsed.value
  const names = [v.detail, regions.regencies.find((r) => r.code === v.regencyCode)?.name, regions.provinces.find((p) => p.code === v.provinceCode)?.name].filter(Boolean)
  await saveOrigin(c.var.db, { caseId: detail.case.id, ...v, label: names.join(', '), actorId: c.var.user!.id, now: c.var.clock.now() })
  return back(c, detail.case.id, 'origin')
})

caseShelter.post('/:id{[0-9]+}/tracing', caseWorkers, async (c) => {
  const detail = await loadCase(c)
  const parsed = parseTracingContact(await formBody(c))
  if (!parsed.ok) return invalid(c, detail, 'tracing', parsed.values, parsed.errors)
  const v = parsed.value
  const label = `${tracingMethods[v.method as keyof typeof tracingMethods]}: ${v.contact} → ${tracingResults[v.result as keyof typeof tracingResults]}`
  await addTracingContact(c.var.db, { caseId: detail.case.id, ...v, label, actorId: c.var.user!.id, now: c.var.clock.now() })
  return back(c, detail.case.id, 'tracing')
})
