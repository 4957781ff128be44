// Who may call what: every handler route of the app × every caller → the expected answer (issue 11,
// SECURITY.md (d) "Authorization matrix coverage"). The single source for authz-matrix.test.ts,
// which fails when a route is missing here or listed here but gone from the app.
//
//   ok     2xx or 3xx: let through (a redirect after a POST included)
//   login  not signed in: 303 to /login for a page, 401 for anything else
//   403    signed in, but the role may not
//   404    the role may, but not for this area's case (whether it exists must not leak)
//
// The target of case routes is a case in kelurahan A: `fasilitatorA` covers it, `fasilitatorB`
// covers kelurahan B only. The /mitra case routes target `referred`, a case referred to partner P:
// `mitraP` answers for P, `mitraQ` for another partner Q. A mitra is confined to /mitra (issue 7,
// worker/routes/mitra.tsx confineMitra): every other page, staff or public, is 404 to them,
// apart from signing in and out, their own password and the second-factor page (which sends them
// on), and the system routes (/healthz, /static) that answer before anyone is signed in.

import type { Actor } from './world'

export type Expect = 'ok' | 'login' | 403 | 404

export type Expectations = Record<Actor, Expect>

const staff: Actor[] = ['operator', 'fasilitatorA', 'fasilitatorB', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota']
const mitras: Actor[] = ['mitraP', 'mitraQ']

/** Open to anyone, signed in or not; `mitra` callers too when `mitra` is 'ok' (404 is their confinement). */
function open(mitra: Expect = 404): Expectations {
  const out = { anonymous: 'ok' } as Expectations
  for (const actor of staff) out[actor] = 'ok'
  for (const actor of mitras) out[actor] = mitra
  return out
}

/** Public pages: anyone, but a signed-in mitra gets 404 (confined to /mitra). */
const everyone = open(404)
/** Sign-in, sign-out and the system routes: anyone at all. */
const anyone = open('ok')

/**
 * Only `roles` (a 'fasilitator' means both facilitators, a 'mitra' both mitra callers), other staff
 * 403, a mitra 404 (confined), anonymous to sign-in; `overrides` last.
 */
function only(roles: string[], overrides: Partial<Expectations> = {}): Expectations {
  const out = { anonymous: 'login' } as Expectations
  for (const actor of staff) out[actor] = roles.includes(actor.replace(/[A-Z]$/, '')) ? 'ok' : 403
  for (const actor of mitras) out[actor] = roles.includes('mitra') ? 'ok' : 404
  return { ...out, ...overrides }
}

const allStaff = ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota']
const handlers = ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin']
const intakeRoles = ['operator', 'supervisor', 'admin']
const personEditors = ['operator', 'fasilitator', 'supervisor']
const managers = ['supervisor', 'kepala', 'admin']
const readers = ['supervisor', 'kepala', 'admin', 'asisten', 'walikota']
const otherArea = { fasilitatorB: 404 } as const

/** The case actions (`/cases/:id/:action`), each checked on a case in the state where it applies. */
const actionRoles = {
  accept: ['fasilitator'],
  visit: ['fasilitator'],
  refer: ['fasilitator'],
  resolve: ['fasilitator'],
  reject: ['fasilitator', 'supervisor'],
  duplicate: ['fasilitator', 'supervisor'],
  assign: ['supervisor'],
  close: ['supervisor'],
  'send-back': ['supervisor'],
} as const

export const actionMatrix: Record<string, Expectations> = Object.fromEntries(
  Object.entries(actionRoles).map(([action, roles]) => [action, only(handlers.filter((r) => (roles as readonly string[]).includes(r)), { fasilitatorB: 404 })]),
)
// Handlers whose role may not take the action get 403 from the state machine; asisten and wali kota
// are stopped before it (they read escalated cases, they do not act on them); a mitra gets 404.
for (const e of Object.values(actionMatrix)) {
  e.asisten = 403
  e.walikota = 403
}

const action = '/cases/:id{[0-9]+}/:action{accept|visit|refer|resolve|reject|duplicate|assign|close|send-back}'

/**
 * The matrix's audit column (UU PDP Pasal 31, issue 16): routes whose answer shows a person's data
 * (name, NIK, address, health, photos) to whoever is let through. Each such answer must write an
 * audit row; list pages without a search are not audited row by row (README, Security).
 */
export const showsPersonalData = new Set([
  'GET /cases/:id{[0-9]+}',
  'GET /cases/:id{[0-9]+}/photos/:photoId{[0-9]+}',
  'GET /surat-tugas/:id{[0-9]+}',
  'GET /mitra/cases/:id{[0-9]+}',
  'POST /intake/duplicates',
  'POST /intake/candidates',
  'GET /people/:id{[0-9]+}',
  'GET /cases/:id{[0-9]+}/shelter',
  'GET /cases/:id{[0-9]+}/assessments/:version{[0-9]+}',
  'GET /cases/export.csv',
  'GET /tamu/:token{[A-Za-z0-9_-]{43}}',
  'GET /inbox/:id{[0-9]+}',
  'GET /inbox/:id{[0-9]+}/case',
  'GET /inbox/:id{[0-9]+}/media/:messageId{[0-9]+}',
])

export const matrix: Record<string, Expectations | 'per-action'> = {
  // System and sign-in
  'GET /healthz': anyone,
  'GET /static/:file': anyone,
  'GET /sw.js': anyone,
  'GET /manifest.webmanifest': anyone,
  // A mitra is sent on to /mitra.
  'GET /': only([...allStaff, 'mitra']),
  'GET /login': anyone,
  'POST /login': anyone,
  'POST /logout': anyone,
  'GET /account/password': only([...allStaff, 'mitra']),
  'POST /account/password': only([...allStaff, 'mitra']),
  // Callers here already gave their second factor (or need none): the page sends them on.
  'GET /2fa': only([...allStaff, 'mitra']),
  'POST /2fa': only([...allStaff, 'mitra']),

  // Intake
  'GET /intake': only(intakeRoles),
  'POST /intake': only(intakeRoles),
  'GET /intake/kelurahan': only(intakeRoles),
  'POST /intake/duplicates': only(intakeRoles),
  'POST /intake/service-fields': only(intakeRoles),
  'POST /intake/candidates': only(intakeRoles),
  // Reports by WhatsApp (issue 21) wait for whoever takes reports.
  'GET /inbox': only(intakeRoles),
  'GET /inbox/:id{[0-9]+}': only(intakeRoles),
  'GET /inbox/:id{[0-9]+}/media/:messageId{[0-9]+}': only(intakeRoles),
  'GET /inbox/:id{[0-9]+}/case': only(intakeRoles),
  'POST /inbox/:id{[0-9]+}/case': only(intakeRoles),
  'POST /inbox/:id{[0-9]+}/attach': only(intakeRoles),
  'POST /inbox/:id{[0-9]+}/reject': only(intakeRoles),
  // A person is seen by whoever may see one of their cases (issue 23); the target is case A's person.
  'GET /people/:id{[0-9]+}': only(allStaff, otherArea),
  'POST /people/:id{[0-9]+}': only(personEditors, otherArea),
  'POST /people/:id{[0-9]+}/merge': only(personEditors, otherArea),
  'POST /people/merges/:merge{[0-9]+}/undo': only(personEditors, otherArea),
  'POST /people/:id{[0-9]+}/split': only(personEditors, otherArea),
  'POST /people/:id{[0-9]+}/photo': only(personEditors, otherArea),

  // Cases and their handling
  'GET /cases': only(allStaff),
  'GET /cases/:id{[0-9]+}': only(allStaff, otherArea),
  [`POST ${action}`]: 'per-action',
  // Photos: exactly who reads the case page (asisten and wali kota: the target case was escalated to them).
  'GET /cases/:id{[0-9]+}/photos/:photoId{[0-9]+}': only(allStaff, otherArea),
  'POST /cases/:id{[0-9]+}/spam': only(intakeRoles),
  // Who works Pesan masuk resends a failed reply to the reporter.
  'POST /cases/:id{[0-9]+}/replies/:replyId{[0-9]+}/resend': only(intakeRoles),
  'POST /cases/:id{[0-9]+}/surat-tugas': only(['supervisor']),
  'POST /cases/:id{[0-9]+}/kelurahan': only(['supervisor']),
  // Only the facilitator the case is assigned to asks (facilitator A; B is outside the area).
  'POST /cases/:id{[0-9]+}/surat-tugas/request': only(['fasilitator'], otherArea),
  'GET /surat-tugas/:id{[0-9]+}': only(handlers, otherArea),
  'GET /verifikasi/:code{[A-Za-z0-9_-]{8,64}}': everyone,
  'GET /my-cases': only(['fasilitator']),
  'GET /queue': only(managers),

  // Alerts
  'GET /alerts': only(allStaff),
  'POST /alerts/:id{[0-9]+}/open': only(allStaff),
  'POST /alerts/read-all': only(allStaff),
  'GET /alerts/:id{[0-9]+}': only(allStaff),
  'POST /alerts/:id{[0-9]+}/ack': only(allStaff),
  'POST /alerts/push': only(allStaff),
  'POST /alerts/push/:id{[0-9]+}/delete': only(allStaff),
  'GET /alerts/digest/:day{\\d{4}-\\d{2}-\\d{2}}': only(['supervisor', 'kepala', 'admin', 'asisten', 'walikota']),
  'GET /alerts/settings': only(allStaff),
  'POST /alerts/settings': only(allStaff),
  'GET /alerts/deliveries': only(['admin']),
  'POST /alerts/deliveries/:id{[0-9]+}/retry': only(['admin']),

  // Public side
  'GET /lapor': everyone,
  'POST /lapor': everyone,
  'GET /lapor/terkirim/:ticket{[0-9]{4}-[0-9]{4,6}}': everyone,
  'GET /cek': everyone,
  'POST /cek': everyone,
  'POST /cek/buka-kembali': everyone,
  'GET /layanan': everyone,
  'GET /survei/:ticket/:mac': everyone,
  'POST /survei/:ticket/:mac': everyone,
  'GET /satisfaction': only(managers),

  // Open311: other servers with an API key; the key, not a role, decides (test/routes/open311.test.ts).
  // A mitra's session cookie still confines them: 404.
  'GET /open311/v2/discovery.json': everyone,
  'GET /open311/v2/services.json': everyone,
  'GET /open311/v2/services/:file': everyone,
  'POST /open311/v2/requests.json': everyone,
  'GET /open311/v2/requests/:file': everyone,
  // Meta's WhatsApp webhook: the verify token and the app secret's signature decide, not a role
  // (test/routes/whatsapp.test.ts); a signed-in mitra is confined as everywhere.
  'GET /whatsapp': everyone,
  'POST /whatsapp': everyone,

  // Administration
  'GET /admin': only(['admin']),
  'GET /admin/users': only(['admin']),
  'GET /admin/users/new': only(['admin']),
  'POST /admin/users': only(['admin']),
  'GET /admin/users/:id{[0-9]+}': only(['admin']),
  'POST /admin/users/:id{[0-9]+}': only(['admin']),
  'POST /admin/users/:id{[0-9]+}/disable': only(['admin']),
  'POST /admin/users/:id{[0-9]+}/enable': only(['admin']),
  'POST /admin/users/:id{[0-9]+}/reset-password': only(['admin']),
  'GET /admin/users/:id{[0-9]+}/alerts': only(['admin']),
  'POST /admin/users/:id{[0-9]+}/alerts': only(['admin']),
  'GET /admin/kelurahan': only(['admin']),
  'POST /admin/kelurahan/:code{[0-9.]+}/first': only(['admin']),
  'GET /admin/categories': only(['admin']),
  'GET /admin/categories/new': only(['admin']),
  'POST /admin/categories': only(['admin']),
  'GET /admin/categories/:id{[0-9]+}': only(['admin']),
  'POST /admin/categories/:id{[0-9]+}': only(['admin']),
  'POST /admin/categories/:id{[0-9]+}/retire': only(['admin']),
  'POST /admin/categories/:id{[0-9]+}/restore': only(['admin']),
  'GET /admin/profile': only(['admin']),
  'POST /admin/profile': only(['admin']),
  'POST /admin/holidays': only(['admin']),
  'POST /admin/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete': only(['admin']),
  'GET /admin/ladder': only(['admin']),
  'POST /admin/ladder': only(['admin']),
  'GET /admin/api-keys': only(['admin']),
  'POST /admin/api-keys': only(['admin']),
  'POST /admin/api-keys/:id{[0-9]+}/revoke': only(['admin']),
  'GET /admin/layanan': only(['admin']),
  'POST /admin/layanan': only(['admin']),
  'GET /admin/imports/cases': only(['admin']),
  'POST /admin/imports/cases': only(['admin']),
  'GET /admin/imports/cases/:id{[0-9]+}': only(['admin']),
  'POST /admin/imports/cases/:id{[0-9]+}/mapping': only(['admin']),
  'POST /admin/imports/cases/:id{[0-9]+}/values': only(['admin']),
  'POST /admin/imports/cases/:id{[0-9]+}/run': only(['admin']),
  'GET /admin/imports/users': only(['admin']),
  'POST /admin/imports/users': only(['admin']),
  'GET /admin/imports/users/:id{[0-9]+}': only(['admin']),
  'POST /admin/imports/users/:id{[0-9]+}/run': only(['admin']),
  // Audit log, subject access and session/2FA resets (issue 11, accounts and personal data).
  'GET /admin/audit': only(['admin']),
  'GET /admin/audit.csv': only(['admin']),
  'GET /admin/privacy': only(['admin']),
  'POST /admin/privacy/export': only(['admin']),
  'POST /admin/users/:id{[0-9]+}/end-sessions': only(['admin']),
  'POST /admin/users/:id{[0-9]+}/reset-2fa': only(['admin']),

  // Shelter, assessment, identity documents, family tracing (issue 8): health and mental state are
  // for the roles that handle the case only; the resident list (no health data) also for the kepala.
  'GET /shelter': only(['fasilitator', 'supervisor', 'kepala']),
  'GET /cases/:id{[0-9]+}/shelter': only(['fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/shelter/admit': only(['fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/shelter/discharge': only(['fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/assessments': only(['fasilitator', 'supervisor'], otherArea),
  'GET /cases/:id{[0-9]+}/assessments/:version{[0-9]+}': only(['fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/documents': only(['fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/origin': only(['fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/tracing': only(['fasilitator', 'supervisor'], otherArea),

  // Field services and dispatch (issue 8). Crew steps: staff pass the role check, then only the
  // vehicle's crew or a supervisor; the fixture's vehicle has no crew, so only the supervisor.
  'POST /cases/:id{[0-9]+}/service-details': only(['operator', 'fasilitator', 'supervisor', 'admin'], otherArea),
  'POST /cases/:id{[0-9]+}/dispatch': only(['operator', 'supervisor', 'admin']),
  'POST /dispatches/:id{[0-9]+}/cancel': only(['operator', 'supervisor', 'admin']),
  'GET /dispatch': only(['operator', 'supervisor', 'kepala', 'admin']),
  'GET /crew': only(handlers),
  'POST /dispatches/:id{[0-9]+}/finish': only(['supervisor']),
  'POST /dispatches/:id{[0-9]+}/:step{depart|arrive}': only(['supervisor']),
  'GET /admin/vehicles': only(['admin']),
  'GET /admin/vehicles/new': only(['admin']),
  'POST /admin/vehicles': only(['admin']),
  'GET /admin/vehicles/:id{[0-9]+}': only(['admin']),
  'POST /admin/vehicles/:id{[0-9]+}': only(['admin']),
  'GET /admin/kelurahan-contacts': only(['admin']),
  'POST /admin/kelurahan-contacts': only(['admin']),
  'POST /admin/kelurahan-contacts/:id{[0-9]+}/delete': only(['admin']),
  'GET /admin/shelters': only(['admin']),
  'POST /admin/shelters': only(['admin']),
  'POST /admin/shelters/:id{[0-9]+}': only(['admin']),
  'GET /admin/service-fields': only(['admin']),
  'GET /admin/service-fields/:id{[0-9]+}': only(['admin']),
  'POST /admin/service-fields/:id{[0-9]+}': only(['admin']),

  // Dashboard, recaps, reports and case CSV (issue 7): the managers and the officials above them.
  'GET /dashboard': only(readers),
  'GET /dashboard/recap': only(readers),
  'GET /dashboard/recap/categories.csv': only(readers),
  'GET /dashboard/recap/programmes.csv': only(readers),
  'GET /dashboard/report': only(readers),
  'GET /cases/export.csv': only(readers),
  // Partners (issue 7): an admin keeps them; the mitra pages are for mitra users alone, and a case
  // page only for the partner it was referred to: another partner's mitra gets 404 (as if absent).
  'GET /admin/partners': only(['admin']),
  'POST /admin/partners': only(['admin']),
  'GET /admin/partners/:id{[0-9]+}': only(['admin']),
  'POST /admin/partners/:id{[0-9]+}': only(['admin']),
  'POST /admin/partners/:id{[0-9]+}/users': only(['admin']),
  'GET /mitra': only(['mitra']),
  'GET /mitra/cases/:id{[0-9]+}': only(['mitra'], { mitraQ: 404 }),
  'POST /mitra/cases/:id{[0-9]+}/answer': only(['mitra'], { mitraQ: 404 }),

  // Guest links (issue 24): staff who coordinate a case send and revoke them; the link itself is the
  // guest's only credential, so its pages are public (the token decides, test/routes/guest-links.test.ts).
  'POST /cases/:id{[0-9]+}/guest-links': only(['operator', 'fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/guest-links/:linkId{[0-9]+}/revoke': only(['operator', 'fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/dtks': only(['operator', 'fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/dtks/:proposalId{[0-9]+}/hasil': only(['operator', 'fasilitator', 'supervisor'], otherArea),
  'POST /cases/:id{[0-9]+}/lapor': only(['operator', 'fasilitator', 'supervisor'], otherArea),
  'GET /tamu/:token{[A-Za-z0-9_-]{43}}': everyone,
  'POST /tamu/:token{[A-Za-z0-9_-]{43}}': everyone,
  // The public proof of the 1×24-hour promise: figures only, for anyone.
  'GET /kinerja': everyone,
  'GET /kinerja/:code{[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}}': everyone,
}
