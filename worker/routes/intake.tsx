import { Hono, type Context } from 'hono'
import { Options } from '../../views/components/Field'
import { DuplicateWarning, IntakePage, IntakeServiceFields, type IntakeOptions } from '../../views/pages/IntakePage'
import { findOpenDuplicates } from '../db/queries/cases'
import { birthYearOf, type PersonQuery } from '../domain/person-match'
import { findCandidates } from '../pages/candidates'
import { blankForm, formOptions, kelurahanOptions, serviceOf, submitIntake } from '../pages/intake'
import { IntakeCandidates } from '../../views/components/PersonCandidates'
import { caseScopeOf } from '../domain/access'
import { statusLabel } from '../domain/glossary'
import { typedValues, type FormValues } from '../domain/form'
import { normalizePhone } from '../domain/phone'
import { checkNik } from '../domain/nik'
import type { AppEnv } from '../env'
import { fragment, page } from '../render'
import { requireRole } from '../security/middleware'
import { sha256Hex } from '../security/tokens'
import { auditLookup } from '../db/queries/audit'
import { oneTrip, withSession } from '../session'

export const intake = new Hono<AppEnv>()
intake.use('*', requireRole('operator', 'supervisor', 'admin'))

intake.get('/', oneTrip(async (c) => {
  const ref = await c.var.reference.get()
  await withSession(c, [])
  return page(c, 'Laporan baru', <IntakePage values={blankForm()} errors={{}} options={formOptions(ref)} />)
}))

/** The typed values of the category's own fields (`x_…`), to give back with the form. */
const serviceTyped = (body: Record<string, unknown>): FormValues =>
  Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => e[0].startsWith('x_') && typeof e[1] === 'string'))

// One round trip: the session is checked in the batch that files the report, or alone before any other answer.
intake.post('/', oneTrip(async (c) => submitIntake(c, await c.req.parseBody())))

/** The candidates for what the operator has typed so far, swapped in by htmx (issue 23); an unfinished form is fine. */
intake.post('/candidates', async (c) => {
  const ref = await c.var.reference.get()
  const body = await c.req.parseBody()
  const now = c.var.clock.now()
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).normalize('NFC').trim().slice(0, 1000) : '')
  const nik = field('person_nik') ? checkNik(field('person_nik'), { provinceCodes: ref.provinceCodes, now }) : null
  const phone = field('reporter_phone') ? normalizePhone(field('reporter_phone')) : null
  const age = /^\d{1,3}$/.test(field('person_age')) ? Number(field('person_age')) : null
  const category = Number(field('category'))
  const query: PersonQuery = {
    nik: nik?.ok ? nik.nik : null,
    phone: phone?.ok ? phone.phone : null,
    name: field('person_name'),
    birthYear: birthYearOf({ birthDate: nik?.ok ? nik.birthDate : null, age }, now),
    sex: field('person_sex'),
    categoryId: Number.isSafeInteger(category) && category > 0 ? category : null,
    kelurahanCode: ref.kelurahanByCode.has(field('kelurahan')) ? field('kelurahan') : null,
    kecamatanCode: ref.kelurahanByCode.get(field('kelurahan'))?.kecamatanCode ?? null,
    features: `${field('person_features')} ${field('description')}`,
    at: now,
  }
  const candidates = await findCandidates(c, query)
  return fragment(c, <IntakeCandidates candidates={candidates} chosen={field('link')} zone={c.var.config.zone} />)
})

/** The chosen category's own fields, swapped into the form by htmx when the category changes. */
intake.post('/service-fields', async (c) => {
  const ref = await c.var.reference.get()
  const body = await c.req.parseBody()
  const service = await serviceOf(c, ref, body)
  return fragment(c, service ? <IntakeServiceFields service={service.shown} values={serviceTyped(body)} errors={{}} /> : <></>)
})

/**
 * app.onError's answer to a report that met an unreachable database, wherever it failed (the
 * session, reference data or the write): the operator may have a caller on the line, so the form
 * comes back as typed, with the same key, and sending it again later files the report once
 * (SECURITY.md B7). Only what this request itself carried is echoed.
 */
export async function intakeUnavailable(c: Context<AppEnv>) {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
  const values: FormValues = Object.fromEntries(Object.entries(typedValues(body)).map(([k, v]) => [k, v.slice(0, 10_000)]))
  // Without reference data the selects offer what was chosen, so the choice survives the outage.
  const typedOptions: IntakeOptions = { kelurahan: values.kelurahan ? [[values.kelurahan, values.kelurahan]] : [], categories: values.category ? [[values.category, values.category]] : [] }
  const options = await c.var.reference.get().then(formOptions, () => typedOptions)
  c.header('Retry-After', '30')
  return page(c, 'Laporan baru', <IntakePage values={values} errors={{}} options={options} unavailable />, { status: 503 })
}

intake.get('/kelurahan', async (c) => {
  const ref = await c.var.reference.get()
  const options: [string, string][] = [['', '— pilih kelurahan —'], ...kelurahanOptions(ref, c.req.query('kelurahan_q') ?? '')]
  return fragment(c, <Options options={options} value={c.req.query('kelurahan') ?? ''} />)
})

const duplicateWindowMs = 30 * 24 * 60 * 60_000

intake.post('/duplicates', async (c) => {
  const ref = await c.var.reference.get()
  const body = await c.req.parseBody()
  const now = c.var.clock.now()
  const nik = typeof body.person_nik === 'string' ? checkNik(body.person_nik, { provinceCodes: ref.provinceCodes, now }) : null
  const phone = typeof body.reporter_phone === 'string' ? normalizePhone(body.reporter_phone) : null
  const key = { nik: nik?.ok ? nik.nik : null, phone: phone?.ok ? phone.phone : null }
  const found = await findOpenDuplicates(c.var.db, caseScopeOf(c.var.user!), key, now - duplicateWindowMs)
  // The warning names the person and the ticket: a look-up by NIK or phone is a read (UU PDP Pasal 31).
  if (key.nik || key.phone) await auditLookup(c.var.db, { actorId: c.var.user!.id, now }, 'duplicate.search', await sha256Hex(`${key.nik ?? ''}|${key.phone ?? ''}`), found.map((k) => k.id))
  return fragment(c, <DuplicateWarning cases={found.map((k) => ({ ...k, status: statusLabel(k.status) }))} />)
})
