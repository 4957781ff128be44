import type { SQL } from 'drizzle-orm'
import type { BatchResponse } from 'drizzle-orm/batch'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CaseHandling, type HandlingProps } from '../../views/components/CaseActions'
import { CaseServices, QuickDispatch, type CaseServicesProps } from '../../views/components/CaseServices'
import { DtksProposals, type DtksProposalsProps } from '../../views/components/DtksProposals'
import { LaporPanel, type LaporPanelProps } from '../../views/components/LaporPanel'
import type { GuestLinksProps } from '../../views/components/GuestLinks'
import { CasePage } from '../../views/pages/CasePage'
import { caseKeysOf, caseQuery, caseTimeline, caseVisible, type CaseDetail } from '../db/queries/cases'
import { caseServiceDetailsRow, isFree, listCaseDispatches, listKelurahanContacts, listVehicleBoard, serviceValuesOf } from '../db/queries/dispatch'
import { auditIf } from '../db/queries/audit'
import { casePersonRow, caseSightings } from '../db/queries/people'
import { facilitatorRows, groupFacilitators, listOpenLetterRequests, listPhotos, listReferrals, listSuratTugas, ticketOf } from '../db/queries/handling'
import { listGuestLinks } from '../db/queries/guest-links'
import { listDtksProposals } from '../db/queries/dtks'
import { activePartners } from '../db/queries/partners'
import { letterStatuses, openStatuses, type CaseStatus } from '../domain/case'
import { statusLabel } from '../domain/glossary'
import { letterFormDefaults } from '../domain/letter'
import { localParts } from '../domain/zone'
import { canProposeDtks, dtksProposalRoles } from '../domain/dtks'
import { laporResolutionText, laporRoles } from '../domain/lapor'
import { formatDay, todayOf, zoneOffsetMinutes } from '../domain/figures'
import { detailEditorRoles, dispatcherRoles, isActiveDispatch, vehicleKindsFor } from '../domain/dispatch'
import { canSendGuestLink, guestLinkRoles } from '../domain/guest-link'
import { keepsOffline } from '../domain/offline'
import { shelterRoles } from '../domain/shelter'
import { actionOf, allowedActions } from '../domain/transitions'
import type { AppEnv } from '../env'
import { caseConversations } from '../db/queries/whatsapp-desk'
import { repliesToReporters } from '../config'
import { failedCaseReplies } from '../db/queries/reporter-messages'
import { replyFailureOf } from '../domain/reporter-messages'
import { page } from '../render'
import { signChoices, signSnapshot } from '../security/case-snapshot'
import { randomToken } from '../security/tokens'
import { serviceFieldsOf } from './service-fields'
import type { Db } from '../db/client'
import { viewerId, viewerScope, withSession } from '../session'

/** What a refused form puts back into its panel: the message, and the form with its typed values. */
export type HandlingState = Pick<HandlingProps, 'message' | 'failed'> & { letterForm?: NonNullable<HandlingProps['letterForm']> }
export type ServicesState = Pick<CaseServicesProps, 'message' | 'failed'> & { guest?: Pick<GuestLinksProps, 'created' | 'failed'> }
export type DtksState = Pick<DtksProposalsProps, 'message' | 'failed'>
export type LaporState = Pick<LaporPanelProps, 'message' | 'failed'>

/** The case named by the URL's `:id`; 404 outside the viewer's area, as if it did not exist (whether a case exists must not leak). */
export async function loadCase(c: Context<AppEnv>): Promise<CaseDetail> {
  // With the session, when it is still to be checked (a oneTrip route): one round trip.
  const [[detail]] = await withSession(c, [caseQuery(c.var.db, viewerScope(c), Number(c.req.param('id')))])
  if (!detail) throw new HTTPException(404, { message: 'Kasus tidak ditemukan.' })
  return detail
}

const has = (roles: readonly string[], role: string) => roles.includes(role)

/** What the panels' reads need of the case: values, or subqueries when the case is read in the same batch. */
type PanelKeys = { id: number; duplicateOf: number | SQL; kelurahanCode: string | SQL; personId: number | SQL | null }

/** Every panel's reads, for one batch. */
function panelReads(db: Db, k: PanelKeys) {
  return [
    caseTimeline(db, k.id),
    listPhotos(db, k.id),
    listReferrals(db, k.id),
    listSuratTugas(db, k.id),
    ticketOf(db, k.duplicateOf),
    facilitatorRows(db),
    activePartners(db),
    listKelurahanContacts(db, k.kelurahanCode),
    listCaseDispatches(db, k.id),
    listVehicleBoard(db),
    caseServiceDetailsRow(db, k.id),
    listGuestLinks(db, k.id),
    casePersonRow(db, k.personId),
    caseSightings(db, k.id),
    listOpenLetterRequests(db, k.id),
    listDtksProposals(db, k.id),
    caseConversations(db, k.id),
    failedCaseReplies(db, k.id),
  ] as const
}

/** The panels' rows from their reads' results. */
function panelsOf([timeline, photos, referrals, letters, duplicate, facilitators, partners, contacts, dispatches, board, serviceRows, guestRows, person, sightings, letterRequests, dtks, conversations, failedReplies]: BatchResponse<ReturnType<typeof panelReads>>) {
  return { timeline, photos, referrals, letters, duplicate, facilitators, partners, contacts, dispatches, board, serviceValues: serviceValuesOf(serviceRows), guestRows, person: person[0] ?? null, sightings, letterRequests, dtks, conversations, failedReplies }
}

type Panels = ReturnType<typeof panelsOf>

/** Every panel's rows of a case already read, in one round trip. */
async function readPanels(c: Context<AppEnv>, k: CaseDetail['case']) {
  return panelsOf(await c.var.db.batch(panelReads(c.var.db, { id: k.id, duplicateOf: k.duplicateOf ?? 0, kelurahanCode: k.kelurahanCode, personId: k.personId })))
}

/**
 * The case page in one round trip (issue 25): the session, the case inside the viewer's scope, every
 * panel and the audit row of the read in one batch; 404 outside the scope, as for loadCase. The
 * panels are read by the case's id before its scope is known, and not used unless the case was found.
 */
export async function caseReadPage(c: Context<AppEnv>) {
  const db = c.var.db
  const id = Number(c.req.param('id'))
  const scope = viewerScope(c)
  const actor = { actorId: viewerId(c), now: c.var.clock.now() }
  const [[detail], , ...panels] = await withSession(c, (admitted) => [
    caseQuery(db, scope, id),
    // A plain look at the case is a read of personal data (UU PDP): audited in the same round trip.
    auditIf(db, actor, 'case.read', id, caseVisible(scope, id, admitted)),
    ...panelReads(db, caseKeysOf(id)),
  ])
  if (!detail) throw new HTTPException(404, { message: 'Kasus tidak ditemukan.' })
  return renderCasePage(c, detail, panelsOf(panels))
}

/** Everything the handling panel shows. */
function handlingProps(c: Context<AppEnv>, detail: CaseDetail, rows: Panels, state: HandlingState): HandlingProps {
  const user = c.var.user!
  const k = detail.case
  // A letter names the officer on the case; once theirs exists there is nothing to ask or issue.
  const letterDue = k.assignedTo !== null && letterStatuses.includes(k.status as CaseStatus) && !rows.letters.some((l) => l.officerId === k.assignedTo)
  const canIssueLetter = letterDue && user.role === 'supervisor'
  const { letterForm, ...rest } = state
  const allowed = allowedActions(user.role, k.status)
  const facilitators = allowed.includes('assign') ? groupFacilitators(rows.facilitators, k.kelurahanCode) : undefined
  const secret = c.var.config.snapshotSecret
  return {
    partners: allowed.includes('refer') ? rows.partners : undefined,
    choices: {
      partners: allowed.includes('refer') && rows.partners.length > 0 ? signChoices(secret, 'partners', rows.partners) : undefined,
      assignees: facilitators && signChoices(secret, 'assignees', facilitators),
    },
    caseId: k.id,
    status: k.status,
    version: k.version,
    snapshot: signSnapshot(secret, { kase: k, actor: user }),
    formKey: randomToken(),
    handleMinutes: k.handleMinutes,
    outcome: k.outcome,
    duplicateOf: rows.duplicate[0] ?? null,
    allowed,
    photos: rows.photos,
    referrals: rows.referrals,
    letters: rows.letters,
    facilitators,
    canIssueLetter,
    letterRequests: rows.letterRequests,
    canRequestLetter: letterDue && user.id === k.assignedTo && !rows.letterRequests.some((r) => r.officerId === user.id),
    letterForm: canIssueLetter ? (letterForm ?? { values: letterFormDefaults({ ...detail, ticket: k.ticket }, localParts(c.var.clock.now(), c.var.config.zone)), errors: {} }) : undefined,
    photosEnabled: Boolean(c.var.photos),
    zone: c.var.config.zone,
    ...rest,
  }
}

/** Everything the services panel shows: area contacts, the category's details, vehicles. */
async function servicesProps(c: Context<AppEnv>, detail: CaseDetail, rows: Panels, { guest, ...state }: ServicesState): Promise<CaseServicesProps> {
  const k = detail.case
  const role = c.var.user!.role
  const open = openStatuses.includes(k.status as CaseStatus)
  return {
    caseId: k.id,
    kelurahanName: detail.kelurahanName,
    contacts: rows.contacts,
    fields: await serviceFieldsOf(c, k.categoryId),
    values: rows.serviceValues,
    canEditDetails: open && has(detailEditorRoles, role),
    dispatches: rows.dispatches,
    // A vehicle goes only to an open case.
    freeVehicles: has(dispatcherRoles, role) && open ? rows.board.filter(isFree) : undefined,
    canCancel: has(dispatcherRoles, role),
    shelterLink: has(shelterRoles, role),
    guestLinks: {
      caseId: k.id,
      rows: rows.guestRows,
      contacts: has(guestLinkRoles, role) && canSendGuestLink(k.status) ? rows.contacts : undefined,
      idem: randomToken(),
      now: c.var.clock.now(),
      zone: c.var.config.zone,
      ...guest,
    },
    zone: c.var.config.zone,
    ...state,
  }
}

/** The usulan panel: shown to everyone who sees the case, recorded by the coordinating staff. */
function dtksProps(c: Context<AppEnv>, k: CaseDetail['case'], rows: Panels, state: DtksState): DtksProposalsProps {
  const now = c.var.clock.now()
  const zone = c.var.config.zone
  return {
    caseId: k.id,
    rows: rows.dtks,
    canRecord: has(dtksProposalRoles, c.var.user!.role),
    canPropose: canProposeDtks(k.dtksStatus),
    idem: randomToken(),
    today: formatDay(todayOf(now, zoneOffsetMinutes(zone, now)).from),
    zone,
    ...state,
  }
}

/** The LAPOR! panel: the tracking id, and once resolved the follow-up text to copy into LAPOR!. */
async function laporProps(c: Context<AppEnv>, k: CaseDetail['case'], state: LaporState): Promise<LaporPanelProps> {
  const agency = (await c.var.reference.get()).settings.get('agency.name') ?? 'Dinas Sosial'
  return {
    caseId: k.id,
    laporId: k.laporId,
    canEdit: has(laporRoles, c.var.user!.role),
    resolution: k.laporId && k.resolvedAt !== null ? laporResolutionText({ laporId: k.laporId, ticket: k.ticket, resolvedAt: k.resolvedAt, outcome: k.outcome, agency }, c.var.config.zone) : null,
    ...state,
  }
}

/**
 * For a report that asks for a vehicle and has none on the way yet: one button per free vehicle of
 * that kind, shown at the top of the case page (also the page a saved report opens on).
 */
async function quickDispatch(c: Context<AppEnv>, k: CaseDetail['case'], rows: Panels) {
  if (!has(dispatcherRoles, c.var.user!.role) || !openStatuses.includes(k.status as CaseStatus)) return null
  const kinds: readonly string[] = vehicleKindsFor((await c.var.reference.get()).categoryById.get(k.categoryId)?.code)
  if (kinds.length === 0 || rows.dispatches.some((d) => isActiveDispatch(d.status))) return null
  return <QuickDispatch caseId={k.id} vehicles={rows.board.filter((v) => isFree(v) && kinds.includes(v.kind))} />
}

const servicesSaved: Record<string, string> = {
  dispatch: 'Kendaraan dikirim. Awak melihat tugas ini di halaman Tugas kendaraan.',
  'service-details': 'Rincian layanan tersimpan.',
  'dispatch-cancel': 'Pengiriman dibatalkan; kendaraan bebas lagi.',
  'guest-revoke': 'Tautan dicabut: kontak tidak dapat membukanya lagi.',
}

const dtksSaved: Record<string, string> = {
  'dtks': 'Usulan DTKS/DTSEN tercatat.',
  'dtks-hasil': 'Hasil usulan DTKS/DTSEN tercatat.',
}

/** `?done=` after a plain-form 303 says, in the panel that sent it, what was saved. */
function savedStates(c: Context<AppEnv>, detail: CaseDetail): { handling: HandlingState; services: ServicesState; dtks: DtksState; lapor: LaporState } {
  const done = c.req.query('done') ?? ''
  const status = detail.case.status
  return {
    handling: actionOf(done)
      ? { message: { kind: 'ok', text: `Tersimpan. Status sekarang: ${statusLabel(status)}.` } }
      : done === 'surat-tugas-diminta'
        ? { message: { kind: 'ok', text: 'Permintaan surat tugas terkirim ke supervisor. Setelah diterbitkan, surat muncul di sini untuk dicetak.' } }
        : {},
    services: Object.hasOwn(servicesSaved, done) ? { message: { kind: 'ok', text: servicesSaved[done]! } } : {},
    dtks: Object.hasOwn(dtksSaved, done) ? { message: { kind: 'ok', text: dtksSaved[done]! } } : {},
    lapor: done === 'lapor' ? { message: { kind: 'ok', text: 'Nomor tiket LAPOR! tersimpan.' } } : {},
  }
}

/**
 * The case page with every panel the viewer may see. A refused form passes its panel's state and
 * its status (403, 409, 413, 422): the page comes back whole, with the message and the typed values.
 * A guest link just made comes back the same way with 200: its token is shown this once.
 */
// Who works Pesan masuk (routes/inbox.tsx) gets the case's WhatsApp conversations as links, and resends a failed reply.
const inboxRoles = new Set(['operator', 'supervisor', 'admin'])

/** Failed replies as the page names them; a survey link not sent because the survey was answered is no failure. */
const failedRepliesOf = (rows: Panels['failedReplies']) =>
  rows.map((r) => ({ id: r.id, purpose: r.purpose, failure: replyFailureOf(r.lastError) })).filter((r) => r.failure !== 'survei_terisi')

export async function casePage(c: Context<AppEnv>, detail: CaseDetail, refused: Refused) {
  return renderCasePage(c, detail, await readPanels(c, detail.case), refused)
}

type Refused = { status: 200 | 403 | 409 | 413 | 422; handling?: HandlingState; services?: ServicesState; dtks?: DtksState; lapor?: LaporState }

async function renderCasePage(c: Context<AppEnv>, detail: CaseDetail, rows: Panels, refused?: Refused) {
  const saved = refused ? { handling: {}, services: {}, dtks: {}, lapor: {} } : savedStates(c, detail)
  const k = detail.case
  const handling = handlingProps(c, detail, rows, refused?.handling ?? saved.handling)
  const [services, lead, lapor] = await Promise.all([servicesProps(c, detail, rows, refused?.services ?? saved.services), quickDispatch(c, k, rows), laporProps(c, k, refused?.lapor ?? saved.lapor)])
  const timeline = rows.timeline
  const body = (
    <CasePage
      detail={detail}
      timeline={timeline}
      now={c.var.clock.now()}
      zone={c.var.config.zone}
      justCreated={!refused && c.req.query('baru') === '1'}
      sightingSaved={!refused && c.req.query('done') === 'penampakan'}
      person={rows.person}
      sightings={rows.sightings}
      conversations={inboxRoles.has(c.var.user!.role) ? rows.conversations : []}
      failedReplies={failedRepliesOf(rows.failedReplies)}
      canResend={inboxRoles.has(c.var.user!.role) && repliesToReporters(c.var.config.alerts)}
      resendQueued={!refused && c.req.query('done') === 'kirim-ulang'}
      lead={lead}
      handling={
        <>
          <CaseHandling {...handling} />
          <CaseServices {...services} />
          <DtksProposals {...dtksProps(c, k, rows, refused?.dtks ?? saved.dtks)} />
          <LaporPanel {...lapor} />
        </>
      }
    />
  )
  // Only the plain page of the viewer's own open case may stay on their phone (issue 22, UU PDP).
  const offline = !refused && c.req.method === 'GET' && new URL(c.req.url).search === '' && keepsOffline(c.var.user!, detail.case)
  return page(c, `Kasus ${detail.case.ticket}`, body, { status: refused?.status ?? 200, offline })
}
