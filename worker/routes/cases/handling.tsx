import { localParts } from '../../domain/zone'
import type { ResultSet } from '@libsql/client'
import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import { Hono, type Context } from 'hono'
import { leadingFields, limitBody } from '../../security/body-limit'
import { HTTPException } from 'hono/http-exception'
import { casePage, loadCase, type HandlingState } from '../../pages/case'
import { queuePage, queueReads } from '../../pages/queue'
import { repliesToReporters } from '../../config'
import { audit } from '../../db/queries/audit'
import { caseQuery, findCase, type CaseDetail } from '../../db/queries/cases'
import { actionSavedBefore, applyTransition, assigneeStill, presumedTransition, savedBeforeQuery, findCaseByTicket, findLetterPeople, findPhoto, findUserForAssignment, issueSuratTugas, originalByTicket, requestSuratTugas, ticketOf, type NewPhoto, type TransitionWrite } from '../../db/queries/handling'
import { findActivePartner, partnerStill } from '../../db/queries/partners'
import { caseScopeOf } from '../../domain/access'
import { isIdempotencyKey } from '../../domain/idempotency'
import { letterStatuses, type CaseStatus } from '../../domain/case'
import { basisOf, letterSettings, parseLetterForm, signerOf, type LetterPerson } from '../../domain/letter'
import { letterhead } from '../../pages/letterhead'
import { checkPhoto, formatBytes, maxPhotosPerEvent, maxUploadBytes } from '../../domain/photo'
import { fitPhoto } from '../../domain/photo-shrink'
import { actionOf, decideAction, parseAction, refusal, type Action, type ActionInput, type Decision, type Lookups } from '../../domain/transitions'
import { partnerDeadlines } from '../../domain/sla'
import { typedValues, withProblems, type FormBody } from '../../domain/form'
import type { AppEnv } from '../../env'
import { isPartialRequest, privateFile } from '../../render'
import { requireRole } from '../../security/middleware'
import { readChoices, readSnapshot } from '../../security/case-snapshot'
import { randomToken } from '../../security/tokens'
import { oneTrip, viewerId, viewerIs, viewerScope, withSession, withSessionWrite } from '../../session'

/** Acting on a case: the transitions, their photos, the surat tugas (mounted at /cases). */
export const handling = new Hono<AppEnv>()

const staff = requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin')

/** A refused or invalid action: the case page again, with the message and the failed form; nothing was changed. */
const refuse = (c: Context<AppEnv>, detail: CaseDetail, status: 403 | 409 | 413 | 422, state: HandlingState) => casePage(c, detail, { status, handling: state })

const statusOfProblem = { stale: 409, forbidden: 403, invalid: 422 } as const

function filesOf(value: unknown): File[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  // An empty file input still sends one part with no name and no bytes.
  return list.filter((v): v is File => v instanceof File && (v.size > 0 || v.name !== ''))
}

/**
 * A body past the upload limit, refused unread but for its first fields: the case page again with
 * the form open, the typed note kept and the limit named, instead of a bare error page.
 */
async function tooLarge(c: Context<AppEnv>) {
  const detail = await loadCase(c)
  const values = await leadingFields(c.req.raw)
  const limit = formatBytes(maxUploadBytes)
  return refuse(c, detail, 413, {
    message: { kind: 'bad', text: `Kiriman terlalu besar (paling besar ${limit} sekali kirim). Tidak ada yang disimpan; catatan Anda masih di bawah.` },
    failed: { action: actionOf(c.req.param('action') ?? '')!, values, errors: { photos: `Foto terlalu besar: semua foto sekali kirim paling besar ${limit}. Pilih foto yang lebih kecil atau lebih sedikit.` } },
  })
}

type Partner = NonNullable<Awaited<ReturnType<typeof findActivePartner>>>

type Upload = { photos: (NewPhoto & { bytes: Uint8Array })[]; problems: Record<string, string> }

/** The form's photos checked and shrunk (accept and visit only), read once whichever path decides the action. */
async function uploadOf(c: Context<AppEnv>, action: Action, body: FormBody, caseId: number): Promise<Upload> {
  const files = action === 'accept' || action === 'visit' ? filesOf(body.photos) : []
  const errors: string[] = []
  if (files.length > 0 && !c.var.photos) errors.push('Penyimpanan foto belum diatur; kirim tanpa foto.')
  if (files.length > maxPhotosPerEvent) errors.push(`Paling banyak ${maxPhotosPerEvent} foto sekali kirim.`)
  const photos: Upload['photos'] = []
  for (const file of errors.length ? [] : files) {
    const bytes = new Uint8Array(await file.arrayBuffer())
    const checked = checkPhoto(bytes, file.type, maxUploadBytes)
    const fitted = checked.ok ? await fitPhoto(bytes, checked) : checked
    if (!fitted.ok) errors.push(fitted.message)
    else photos.push({ storageKey: `cases/${caseId}/${randomToken().slice(0, 32)}.${fitted.ext}`, contentType: fitted.type, size: fitted.bytes.length, bytes: fitted.bytes })
  }
  return { photos, problems: errors.length ? { photos: errors.join(' ') } : {} }
}

/** What the one write batch of a decided action stores. */
async function transitionOf(
  c: Context<AppEnv>,
  a: { kase: { id: number; version: number }; actorId: number; action: Action; input: ActionInput; decision: Decision<number | SQL> & { ok: true }; now: number; idem: string | null; upload: Upload; partner?: Partner },
): Promise<TransitionWrite> {
  const { input, partner, now } = a
  const replyPurpose = a.decision.patch.status === 'ditutup' ? 'selesai' : a.action === 'refer' ? 'dirujuk' : null
  return {
    caseId: a.kase.id,
    expectedVersion: a.kase.version,
    patch: a.decision.patch,
    event: a.decision.event,
    actorId: a.actorId,
    now,
    location: input.location,
    photos: a.upload.photos.map(({ bytes: _bytes, ...p }) => p),
    referral:
      a.action === 'refer'
        ? { partnerType: input.partnerType!, partnerName: input.partnerName!, request: input.request!, partnerId: partner?.id ?? null, deadlines: partner ? partnerDeadlines(now, partner, (await c.var.reference.get()).calendar) : undefined }
        : undefined,
    idempotencyKey: a.idem,
    reporterReply: replyPurpose ? { purpose: replyPurpose, replies: repliesToReporters(c.var.config.alerts) } : undefined,
  }
}

/**
 * Bytes first, then the one write batch (`write`, true when it applied): a batch that wrote nothing
 * (lost the race, a refused session) or failed leaves no orphan files.
 */
async function withPhotosStored(c: Context<AppEnv>, upload: Upload, write: () => Promise<boolean>): Promise<boolean> {
  for (const p of upload.photos) await c.var.photos!.put(p.storageKey, p.bytes, p.contentType)
  let applied = false
  try {
    applied = await write()
  } finally {
    if (!applied) for (const p of upload.photos) await c.var.photos!.delete(p.storageKey)
  }
  return applied
}

/** Back to the panel, where the "Tersimpan" message is, not the top of the page. */
const savedOnPage = (c: Context<AppEnv>, caseId: number) => c.redirect(`/cases/${caseId}?done=${c.req.param('action')}#case-handling`, 303)

/** The queue's assign form (views/pages/QueuePage.tsx): the same rules, but every answer goes back to the queue. */
const fromQueue = (action: Action, body: FormBody) => action === 'assign' && body.return === 'queue'

/** The queue's assign form saved: for htmx the queue again with the message (`read`: its rows, when the batch that wrote read them), else back to it. */
const savedToQueue = (c: Context<AppEnv>, ticket: string, read?: BatchResponse<ReturnType<typeof queueReads>>) =>
  isPartialRequest(c) ? queuePage(c, 200, { message: { kind: 'ok', text: `Tersimpan: kasus ${ticket} ditugaskan.` } }, read) : c.redirect(`/queue?assigned=${ticket}`, 303)

/** A partner from the admin's list names the referral, whatever the form's own fields said. */
function referTo(input: ActionInput, partner: Partner) {
  input.partnerName = partner.name
  input.partnerType = partner.partnerType as typeof input.partnerType
}

/** The rows besides the case that a decision presumed, and the conditions under which its write holds. */
type Presumed = { lookups: Lookups<number | SQL>; partner?: Partner; rows: SQL[] }

/**
 * The rows an action's decision needs besides its case, presumed without reading them: the new
 * assignee or the partner as the form's signed choices list them (the page read them), the
 * duplicate's original as the subquery that finds its typed ticket in the user's scope. Each comes
 * with the condition that the row is still as presumed when the batch writes. Null when the choices
 * do not list the one chosen (an older form, a forged one): then the action is decided after reading.
 */
function presumedRows(c: Context<AppEnv>, input: ActionInput, choices: unknown, caseId: number): Presumed | null {
  const secret = c.var.config.snapshotSecret
  const presumed: Presumed = { lookups: {}, rows: [] }
  if (input.assigneeId !== undefined) {
    const listed = readChoices(secret, 'assignees', choices)?.find((a) => a.id === input.assigneeId)
    if (!listed) return null
    // The forms list active facilitators only (facilitatorRows).
    const assignee = { id: listed.id, displayName: listed.displayName, role: 'fasilitator' as const, active: true }
    presumed.lookups.assignee = assignee
    presumed.rows.push(assigneeStill(assignee))
  }
  if (input.partnerId !== undefined) {
    const partner = readChoices(secret, 'partners', choices)?.find((p) => p.id === input.partnerId)
    if (!partner) return null
    presumed.partner = partner
    presumed.rows.push(partnerStill(partner))
  }
  if (input.duplicateTicket !== undefined) {
    const original = originalByTicket(viewerScope(c), input.duplicateTicket, caseId)
    presumed.lookups.duplicateOf = { id: original, ticket: input.duplicateTicket }
    presumed.rows.push(sql`${original} IS NOT NULL`)
  }
  return presumed
}

/**
 * An action the rules decide on the form's signed snapshot of its case (views/components/CaseActions.tsx),
 * written in the same round trip that checks the session (issue 25). The write holds only while
 * the database agrees with what was presumed: the session admits the request, its user is the
 * snapshot's with the same role, the case is in that user's scope, at the snapshot's version and
 * status, and the other rows the decision needed are as presumed (presumedRows). Null for anything
 * else (no or a forged snapshot or choices, a form to correct, a write that changed nothing): the
 * caller then reads the case and answers as before, so only the happy path is spared the read.
 */
async function actOnSnapshot(c: Context<AppEnv>, action: Action, body: FormBody, idem: string | null, upload: () => Promise<Upload>): Promise<Response | null> {
  const id = Number(c.req.param('id'))
  const snapshot = readSnapshot(c.var.config.snapshotSecret, id, body.snapshot)
  if (!snapshot || body.version !== String(snapshot.kase.version)) return null
  // A phone's queued form made by someone else is refused after reading (sw.js, issue 22).
  const maker = c.req.header('Sigap-User')
  if (maker !== undefined && maker !== String(snapshot.actor.id)) return null
  const actor = viewerIs(c, snapshot.actor)
  if (!actor) return null
  const uploaded = await upload()
  const checked = withProblems(parseAction(action, body), body, uploaded.problems)
  if (!checked.ok) return null
  const input = checked.value
  const presumed = presumedRows(c, input, body.choices, id)
  if (!presumed) return null
  if (presumed.partner) referTo(input, presumed.partner)
  const now = c.var.clock.now()
  const decision = decideAction(snapshot.kase, snapshot.actor, action, input, presumed.lookups, now)
  if (!decision.ok) return null
  const write = await transitionOf(c, { kase: snapshot.kase, actorId: snapshot.actor.id, action, input, decision, now, idem, upload: uploaded, partner: presumed.partner })
  const scope = viewerScope(c)
  const statements = (admitted: SQL | undefined) => presumedTransition(write, { admitted, actor, scope, rows: presumed.rows })
  if (fromQueue(action, body)) return assignedFromQueue(c, id, statements)
  const applied = await withPhotosStored(c, uploaded, async () => {
    const [changed] = await withSessionWrite(c, statements)
    return changed!.rowsAffected === 1
  })
  return applied ? savedOnPage(c, id) : null
}

/**
 * The queue's assign, decided on its snapshot: the write, the case's ticket for the message and,
 * for htmx, the queue's reads in the one batch, so its answer needs no second trip. Null when the
 * write changed nothing.
 */
async function assignedFromQueue(c: Context<AppEnv>, id: number, statements: (admitted: SQL | undefined) => SQL[]): Promise<Response | null> {
  const db = c.var.db
  const reads = isPartialRequest(c) ? queueReads(c) : []
  const results: unknown[] = await withSession(c, (admitted): BatchItem<'sqlite'>[] => [...statements(admitted).map((q) => db.run(q)), ticketOf(db, id), ...reads])
  if ((results[0] as ResultSet).rowsAffected !== 1) return null
  const after = results.length - reads.length
  const [kase] = results[after - 1] as { ticket: string }[]
  return savedToQueue(c, kase!.ticket, reads.length > 0 ? (results.slice(after) as unknown as BatchResponse<ReturnType<typeof queueReads>>) : undefined)
}

handling.post(
  '/:id{[0-9]+}/:action{accept|visit|refer|resolve|reject|duplicate|assign|close|send-back}',
  staff,
  // Camera photos as a phone sends them with JavaScript off (issue 17); they are shrunk below.
  limitBody(maxUploadBytes, tooLarge),
  oneTrip(async (c) => {
    const action = actionOf(c.req.param('action') ?? '')!
    const body = await c.req.parseBody({ all: true })
    const idem = isIdempotencyKey(body.idem) ? body.idem : null
    let uploading: Promise<Upload> | undefined
    const upload = () => (uploading ??= uploadOf(c, action, body, Number(c.req.param('id'))))
    return (await actOnSnapshot(c, action, body, idem, upload)) ?? (await actAfterReading(c, action, body, idem, upload))
  }),
)

/**
 * An action decided on the case as read now: a form without a snapshot (a phone's queue kept from
 * before), one that needs a lookup, and every refusal, answered with the right status and the typed values.
 */
async function actAfterReading(c: Context<AppEnv>, action: Action, body: FormBody, idem: string | null, upload: () => Promise<Upload>) {
  // One round trip before the write (with the session when the snapshot's write did not check it):
  // the case in the user's scope and whether this form was saved before (a double tap; a phone's
  // queue replayed after its answer was lost, issue 22).
  const id = Number(c.req.param('id'))
  const [[detail], savedRows] = await withSession(c, [caseQuery(c.var.db, viewerScope(c), id), savedBeforeQuery(c.var.db, id, viewerId(c), idem ?? '')])
  const user = c.var.user!
  // A phone's queue names who made the action (sw.js): another user signed in on that phone since
  // must not send it as theirs. Refused as if signed out; the phone keeps it for its maker.
  const maker = c.req.header('Sigap-User')
  if (maker !== undefined && maker !== String(user.id)) throw new HTTPException(401, { message: 'Tindakan ini dibuat oleh pengguna lain di perangkat ini.' })
  const scope = caseScopeOf(user)
  // 404 outside the user's area, as for reading: whether a case exists must not leak.
  if (!detail) throw new HTTPException(404, { message: 'Kasus tidak ditemukan.' })
  const kase = detail.case
  const toQueue = fromQueue(action, body)
  const answer = (status: 403 | 409 | 422, extra: HandlingState, current = detail) =>
    toQueue
      ? queuePage(c, status, {
          message: extra.message && { ...extra.message, text: `Kasus ${kase.ticket}: ${extra.message.text}` },
          failed: extra.failed && { caseId: kase.id, values: extra.failed.values, errors: extra.failed.errors },
        })
      : refuse(c, current, status, extra)
  const saved = () => (toQueue ? savedToQueue(c, kase.ticket) : savedOnPage(c, kase.id))
  // A form sent again finds the event its first sending saved: answered as saved, nothing written twice.
  if (idem && savedRows.length > 0) return saved()
  const values = typedValues(body)
  const refused = refusal(kase, user, action, Number(typeof body.version === 'string' ? body.version : NaN))
  // The typed values come back with the refusal: a queued action met a case that moved, and the facilitator may redo it.
  if (refused) return answer(statusOfProblem[refused.problem], { message: { kind: 'bad', text: refused.message }, failed: { action, values, errors: {} } })

  const uploaded = await upload()
  const checked = withProblems(parseAction(action, body), body, uploaded.problems)
  if (!checked.ok) return answer(422, { message: { kind: 'bad', text: 'Periksa isian yang ditandai.' }, failed: { action, values: checked.values, errors: checked.errors } })

  const input = checked.value
  // A partner from the admin's list names the referral; a retired or unknown one is refused.
  const partner = input.partnerId ? await findActivePartner(c.var.db, input.partnerId) : undefined
  if (input.partnerId && !partner) {
    return answer(422, { message: { kind: 'bad', text: 'Periksa isian yang ditandai.' }, failed: { action, values, errors: { partner_id: 'Mitra tidak ditemukan atau tidak aktif.' } } })
  }
  if (partner) referTo(input, partner)
  const lookups = {
    duplicateOf: input.duplicateTicket ? await findCaseByTicket(c.var.db, scope, input.duplicateTicket) : undefined,
    assignee: input.assigneeId ? await findUserForAssignment(c.var.db, input.assigneeId) : undefined,
  }
  const now = c.var.clock.now()
  const decision: Decision = decideAction(kase, user, action, input, lookups, now)
  if (!decision.ok) {
    return answer(statusOfProblem[decision.problem], { message: { kind: 'bad', text: decision.message }, failed: decision.errors ? { action, values, errors: decision.errors } : undefined })
  }

  const write = await transitionOf(c, { kase, actorId: user.id, action, input, decision, now, idem, upload: uploaded, partner })
  const applied = await withPhotosStored(c, uploaded, () => applyTransition(c.var.db, write))
  if (!applied) {
    // Lost the race to the same form sent twice at once: the other sending saved it.
    if (idem && (await actionSavedBefore(c.var.db, kase.id, user.id, idem))) return saved()
    const fresh = (await findCase(c.var.db, scope, kase.id)) ?? detail
    return answer(409, { message: { kind: 'bad', text: 'Kasus ini baru saja diubah orang lain. Tidak ada yang disimpan; periksa keadaannya sekarang.' } }, fresh)
  }

  return saved()
}

// Photos are personal data: for exactly the users who may read the case page (its scope), never cached.
handling.get('/:id{[0-9]+}/photos/:photoId{[0-9]+}', async (c) => {
  const user = c.var.user!
  const detail = await findCase(c.var.db, caseScopeOf(user), Number(c.req.param('id')))
  if (!detail) throw new HTTPException(404, { message: 'Foto tidak ditemukan.' })
  const photo = await findPhoto(c.var.db, detail.case.id, Number(c.req.param('photoId')))
  const stored = photo && c.var.photos ? await c.var.photos.get(photo.storageKey) : null
  if (!photo || !stored) throw new HTTPException(404, { message: 'Foto tidak ditemukan.' })
  await audit(c.var.db, { actorId: user.id, now: c.var.clock.now() }, 'photo.read', null, detail.case.id)
  return privateFile(c, photo.contentType, stored.bytes)
})

// --- Surat tugas -------------------------------------------------------------------------------

const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']

const letterOpen = (k: CaseDetail['case']) => k.assignedTo !== null && letterStatuses.includes(k.status as CaseStatus)

// The facilitator on the case asks; the supervisor issues (below). A repeat changes nothing.
handling.post('/:id{[0-9]+}/surat-tugas/request', requireRole('fasilitator'), async (c) => {
  const user = c.var.user!
  const detail = await loadCase(c)
  const k = detail.case
  if (!letterOpen(k) || k.assignedTo !== user.id) {
    return refuse(c, detail, 422, { message: { kind: 'bad', text: 'Surat tugas hanya dapat diminta oleh fasilitator yang ditugaskan, selama kasus masih terbuka.' } })
  }
  await requestSuratTugas(c.var.db, { caseId: k.id, officerId: user.id, now: c.var.clock.now() })
  return c.redirect(`/cases/${k.id}?done=surat-tugas-diminta#case-handling`, 303)
})

handling.post('/:id{[0-9]+}/surat-tugas', requireRole('supervisor'), async (c) => {
  const user = c.var.user!
  const detail = await loadCase(c)
  const k = detail.case
  if (!letterOpen(k)) {
    return refuse(c, detail, 422, { message: { kind: 'bad', text: 'Surat tugas hanya dibuat untuk kasus terbuka yang sudah ditugaskan.' } })
  }
  const now = c.var.clock.now()
  const { year, month, day } = localParts(now, c.var.config.zone)
  const form = parseLetterForm(await c.req.parseBody(), { year, month, day })
  if (!form.ok) return refuse(c, detail, 422, { message: { kind: 'bad', text: 'Periksa isian surat tugas yang ditandai.' }, letterForm: { values: form.values, errors: form.errors } })
  const [settings, head, people] = await Promise.all([c.var.reference.get().then((r) => r.settings), letterhead(c), findLetterPeople(c.var.db, [k.assignedTo!, user.id])])
  const personOf = (id: number): LetterPerson => {
    const { id: _id, ...person } = people.find((p) => p.id === id)!
    return person
  }
  // Letter numbers follow the agency's pattern: classification/sequence/unit/month/year.
  const id = await issueSuratTugas(c.var.db, {
    caseId: k.id,
    officerId: k.assignedTo!,
    issuedBy: user.id,
    now,
    year,
    code: randomToken().slice(0, 22),
    numberPrefix: `${settings.get(letterSettings.classification.key) || '460'}/`,
    numberSuffix: `/${settings.get(letterSettings.unit.key) || 'Dinsos'}/${roman[month - 1]}/${year}`,
    content: { basis: basisOf(settings), officers: [personOf(k.assignedTo!)], ...form.value, place: head.city, signer: signerOf(settings, personOf(user.id)) },
  })
  return c.redirect(`/surat-tugas/${id}`, 303)
})
