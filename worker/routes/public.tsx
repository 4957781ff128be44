import { readForm, typedValues } from '../domain/form'
import type { Context } from 'hono'
import { newPersonOf } from '../domain/person-match'
import { Hono } from 'hono'
import { limitBody } from '../security/body-limit'
import { HTTPException } from 'hono/http-exception'
import { CekPage, CekResult, type CekResultState, type CekValues } from '../../views/pages/CekPage'
import { LaporDiscardedPage, LaporPage, LaporSentPage, type LaporOptions } from '../../views/pages/LaporPage'
import { LayananPage } from '../../views/pages/LayananPage'
import { SurveyDonePage, SurveyPage } from '../../views/pages/SurveyPage'
import { enabledChannels } from '../config'
import { createCase } from '../db/queries/cases'
import { attachReportPhoto, countRequests, findTrackedCase, publicTimeline, reopenCase, saveSurveyResponse, trackedCase, type PublicEvent, type TrackedCase } from '../db/queries/public'
import { failureMap, failureRows } from '../db/queries/sessions'
import { parseSurvey } from '../domain/ikm'
import { defaultLayananMarkdown, layananSettingKey } from '../domain/layanan'
import { renderMarkdown } from '../domain/markdown'
import { lastFourDigits } from '../domain/phone'
import { maxPhotoBytes } from '../domain/photo'
import { parsePublicReport } from '../domain/public-report'
import { canReopen, reopenUntil, reopenWindowMs } from '../domain/reopen'
import { checkQuota, quotas } from '../domain/quota'
import { computeDueAt } from '../domain/sla'
import { failureRules } from '../domain/throttle'
import { ticketPrefix } from '../domain/ticket'
import type { AppEnv } from '../env'
import { unknownKelurahanOptions, type Reference } from '../reference'
import { page } from '../render'
import { countFailure, holdOf } from '../attempts'
import { isSurveyMac, surveyPath } from '../security/survey-link'
import { randomToken } from '../security/tokens'
import { readPublicPhoto } from '../storage/upload'

/** The citizen-facing pages: no sign-in. No `use('*')` here: this app is mounted at '/'. */
export const publicRoutes = new Hono<AppEnv>()

function laporOptions(ref: Reference): LaporOptions {
  return {
    kelurahan: [...ref.kelurahan.map((k): [string, string] => [k.code, `${k.name} (Kec. ${k.kecamatanName})`]), ...unknownKelurahanOptions(ref)],
    categories: ref.activeCategories.map((cat) => [String(cat.id), cat.name]),
  }
}

// Every render carries a fresh idempotency key, and /cek shows case status: neither may be cached.
function noStore(c: Context) {
  c.header('Cache-Control', 'no-store')
}

publicRoutes.get('/lapor', async (c) => {
  noStore(c)
  const ref = await c.var.reference.get()
  return page(c, 'Lapor', <LaporPage values={{ idem: randomToken() }} errors={{}} options={laporOptions(ref)} photos={!!c.var.photos} />)
})

// Ten short fields need far less than 32 KB; the optional photo adds at most maxPhotoBytes.
const laporBodyLimit = limitBody(32 * 1024 + maxPhotoBytes, (c) => c.text('Laporan terlalu besar.', 413))

publicRoutes.post('/lapor', laporBodyLimit, async (c) => {
  noStore(c)
  const ref = await c.var.reference.get()
  const now = c.var.clock.now()
  const body = await c.req.parseBody()
  // A filled honeypot is thrown away unseen and, like any refused post, uses none of the quota:
  // behind a shared address the next citizen must not pay for a bot (issue 16).
  if (typeof body.website === 'string' && body.website !== '') return page(c, 'Laporan terkirim', <LaporDiscardedPage />)
  const photo = await readPublicPhoto(c.var.photos, body.foto)
  const parsed = parsePublicReport(body, { categoryIds: ref.activeCategoryIds, kelurahanCodes: ref.reportKelurahanCodes, provinceCodes: ref.provinceCodes, now })
  const input = photo && !photo.ok ? { ok: false as const, values: parsed.ok ? typedValues(body) : parsed.values, errors: { ...(parsed.ok ? {} : parsed.errors), foto: photo.message } } : parsed
  if (!input.ok) {
    const fixed = input.errors.idem ? { ...input.values, idem: randomToken() } : input.values
    return page(c, 'Lapor', <LaporPage values={fixed} errors={input.errors} options={laporOptions(ref)} photos={!!c.var.photos} />, { status: 422 })
  }
  // Counted only now, for a report about to be stored; counted in the database before the check,
  // so parallel posts cannot all see room.
  const phone = input.value.reporterPhone
  const address = c.var.clientAddress(c)
  const counted = await countRequests(
    c.var.db,
    [{ key: `lapor:addr:${address}`, windowMs: quotas.reportPerAddress.windowMs }, ...(phone ? [{ key: `lapor:hp:${phone}`, windowMs: quotas.reportPerPhone.windowMs }] : [])],
    now,
  )
  const refused = [checkQuota(counted[0]!, quotas.reportPerAddress, now), counted[1] ? checkQuota(counted[1], quotas.reportPerPhone, now) : { allowed: true as const }].find((d) => !d.allowed)
  if (refused && !refused.allowed) {
    c.header('Retry-After', String(refused.retryAfterSeconds))
    const message = `Terlalu banyak laporan dari perangkat atau nomor HP ini. Coba lagi setelah ${Math.ceil(refused.retryAfterSeconds / 60)} menit, atau hubungi hotline.`
    return page(c, 'Lapor', <LaporPage values={typedValues(body)} errors={{ form: message }} options={laporOptions(ref)} photos={!!c.var.photos} />, { status: 429 })
  }
  const category = ref.categoryById.get(input.value.categoryId)!
  const dueAt = computeDueAt(now, { hours: category.targetHours, clock: category.clock }, ref.calendar)
  const created = await createCase(c.var.db, input.value, { now, dueAt, actorId: null, ticketPrefix: ticketPrefix(now, c.var.config.zone), person: newPersonOf(input.value, now) })
  if (photo?.ok && c.var.photos) {
    // After the case is stored: a failing photo store must not lose the report itself.
    const storageKey = `cases/${created.id}/${randomToken().slice(0, 32)}.${photo.ext}`
    await c.var.photos.put(storageKey, photo.bytes, photo.type)
    const attached = await attachReportPhoto(c.var.db, { caseId: created.id, storageKey, contentType: photo.type, size: photo.bytes.length, now })
    if (!attached) await c.var.photos.delete(storageKey)
  }
  return c.redirect(`/lapor/terkirim/${created.ticket}`, 303)
})

publicRoutes.get('/lapor/terkirim/:ticket{[0-9]{4}-[0-9]{4,6}}', (c) => page(c, 'Laporan terkirim', <LaporSentPage ticket={c.req.param('ticket')} />))

const normalizeTicket = (raw: unknown) => (typeof raw === 'string' ? raw.normalize('NFKC').trim().toUpperCase().slice(0, 12) : '')
const normalizeDigits = (raw: unknown) => (typeof raw === 'string' ? raw.normalize('NFKC').replace(/\D/g, '').slice(0, 4) : '')

publicRoutes.get('/cek', (c) => {
  noStore(c)
  return page(c, 'Cek laporan', <CekPage values={{ tiket: normalizeTicket(c.req.query('tiket')), hp4: '' }} result={{ kind: 'none' }} zone={c.var.config.zone} />)
})

type Verified = { ok: true; kase: TrackedCase; timeline: PublicEvent[] } | { ok: false; status: 422 | 429; result: CekResultState }

/**
 * Checks a ticket + last-four pair. A wrong pair counts against the ticket at this address (refused
 * for a while after 10) and the ticket from everywhere (only slowed, so strangers guessing cannot
 * lock the reporter out), whether or not the ticket exists, and the answer is the same: /cek must
 * not reveal which tickets exist. The holds, the case and its timeline are read in one round trip;
 * nothing of the case is used unless the holds allow the attempt and the pair matches.
 */
async function verifyPair(c: Context<AppEnv>, values: CekValues): Promise<Verified> {
  const counters = [
    { key: `cek:pair:${values.tiket}|${c.var.clientAddress(c)}`, rule: failureRules.trackPair },
    { key: `cek:tiket:${values.tiket}`, rule: failureRules.trackTicket },
  ]
  const db = c.var.db
  const keys = counters.map((k) => k.key)
  const wellFormed = /^\d{4}-\d{4,6}$/.test(values.tiket) && /^\d{4}$/.test(values.hp4)
  const [failures, found, timeline] = wellFormed
    ? await db.batch([failureRows(db, keys), trackedCase(db, values.tiket), publicTimeline(db, values.tiket)])
    : [await failureRows(db, keys), [], []]
  const wait = holdOf(c, counters, failureMap(failures))
  if (wait !== null) return { ok: false, status: 429, result: { kind: 'blocked', retryAfterSeconds: wait } }
  const kase = found[0]
  if (kase?.reporterPhone && lastFourDigits(kase.reporterPhone) === values.hp4) return { ok: true, kase, timeline }
  await countFailure(c, counters)
  return { ok: false, status: 422, result: { kind: 'mismatch' } }
}

async function foundState(c: Context<AppEnv>, kase: TrackedCase, timeline: PublicEvent[], extra: { reopened?: boolean; reopenError?: string; reopenReason?: string } = {}): Promise<CekResultState> {
  const now = c.var.clock.now()
  const surveyUrl = kase.status === 'ditutup' && !kase.surveyAnsweredAt ? await surveyPath(c.var.config.surveySecret, kase) : null
  return { kind: 'found', kase, timeline, canReopen: canReopen(kase, now), reopenUntil: reopenUntil(kase.resolvedAt), surveyUrl, ...extra }
}

function cekPage(c: Context<AppEnv>, values: CekValues, result: CekResultState, status: 200 | 422 | 429) {
  const props = { values, result, zone: c.var.config.zone }
  return page(c, 'Cek laporan', <CekPage {...props} />, { status, fragment: <CekResult {...props} /> })
}

publicRoutes.post('/cek', async (c) => {
  noStore(c)
  const body = await c.req.parseBody()
  const values = { tiket: normalizeTicket(body.tiket), hp4: normalizeDigits(body.hp4) }
  const verified = await verifyPair(c, values)
  if (!verified.ok) return cekPage(c, values, verified.result, verified.status)
  return cekPage(c, values, await foundState(c, verified.kase, verified.timeline), 200)
})

publicRoutes.post('/cek/buka-kembali', async (c) => {
  noStore(c)
  const body = await c.req.parseBody()
  const values = { tiket: normalizeTicket(body.tiket), hp4: normalizeDigits(body.hp4) }
  const verified = await verifyPair(c, values)
  if (!verified.ok) return cekPage(c, values, verified.result, verified.status)
  const kase = verified.kase
  const form = readForm(body)
  const reason = form.text('alasan', { max: 1000, required: 'Tuliskan apa yang belum selesai.' })
  const error = form.errors.alasan
  // A refused reason is shown back as typed, so the reporter can correct it (STYLE.md, handlers).
  const state = await foundState(c, kase, verified.timeline, { reopenError: error, reopenReason: typeof body.alasan === 'string' ? body.alasan : '' })
  if (error || state.kind !== 'found' || !state.canReopen) return cekPage(c, values, state, 422)
  const now = c.var.clock.now()
  const ref = await c.var.reference.get()
  const category = ref.categoryById.get(kase.categoryId)!
  // The clock starts again from the reporter's request (issue 6).
  const dueAt = computeDueAt(now, { hours: category.targetHours, clock: category.clock }, ref.calendar)
  await reopenCase(c.var.db, { caseId: kase.id, now, dueAt, resolvedSince: now - reopenWindowMs, note: `Pelapor: ${reason}`, channels: enabledChannels(c.var.config.alerts) })
  const [[reloaded], timeline] = await c.var.db.batch([trackedCase(c.var.db, kase.ticket), publicTimeline(c.var.db, kase.ticket)])
  return cekPage(c, values, await foundState(c, reloaded!, timeline, { reopened: true }), 200)
})

publicRoutes.get('/layanan', async (c) => {
  const ref = await c.var.reference.get()
  const html = renderMarkdown(ref.settings.get(layananSettingKey) ?? defaultLayananMarkdown)
  return page(c, 'Layanan', <LayananPage html={html} canEdit={c.var.user?.role === 'admin'} />)
})

/** The case behind a survey link, or 404 for anything but a valid link of a closed case. */
async function surveyCase(c: Context<AppEnv>) {
  const ticket = normalizeTicket(c.req.param('ticket'))
  const kase = /^\d{4}-\d{4,6}$/.test(ticket) ? await findTrackedCase(c.var.db, ticket) : undefined
  if (!kase || kase.status !== 'ditutup' || !(await isSurveyMac(c.var.config.surveySecret, kase.id, c.req.param('mac') ?? ''))) {
    throw new HTTPException(404, { message: 'Tautan survei tidak berlaku.' })
  }
  return kase
}

publicRoutes.get('/survei/:ticket/:mac', async (c) => {
  noStore(c)
  const kase = await surveyCase(c)
  if (kase.surveyAnsweredAt) return page(c, 'Survei kepuasan', <SurveyDonePage message="Survei untuk laporan ini sudah diisi. Terima kasih atas jawaban Anda." />)
  return page(c, 'Survei kepuasan', <SurveyPage action={c.req.path} ticket={kase.ticket} values={{}} errors={{}} />)
})

publicRoutes.post('/survei/:ticket/:mac', limitBody(16 * 1024, (c) => c.text('Terlalu besar.', 413)), async (c) => {
  noStore(c)
  const kase = await surveyCase(c)
  if (kase.surveyAnsweredAt) return c.redirect(c.req.path, 303)
  const input = parseSurvey(await c.req.parseBody())
  if (!input.ok) return page(c, 'Survei kepuasan', <SurveyPage action={c.req.path} ticket={kase.ticket} values={input.values} errors={input.errors} />, { status: 422 })
  await saveSurveyResponse(c.var.db, { caseId: kase.id, now: c.var.clock.now(), answers: input.value.answers, suggestion: input.value.suggestion })
  return c.redirect(c.req.path, 303)
})
