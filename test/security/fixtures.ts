// Requests for every route: real ids, tickets and tokens from the seeded world, and a valid form
// where the route takes one, so that a caller who is let through really gets through.
import { createHmac } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { cases, reporterMessages } from '../../worker/db/schema'
import { surveyPath } from '../../worker/security/survey-link'
import { unknownAreaCodes } from '../../worker/domain/unknown-area'
import { categoryId, kelurahanA, testPassword, validReport } from '../support/app'
import { fileCase, forceStatus, letterForm } from '../support/handling'
import { formPairs, postForms } from './forms'
import { actionMatrix, matrix } from './authz-matrix'
import { actors, apiKey, fillPath, handlerRoutes, whatsappHook, type Actor, type World } from './world'
import { servicesFixtures } from './fixtures-services'
import { dashboardFixtures } from './fixtures-dashboard'
import { coordinationFixtures } from './fixtures-coordination'
import { peopleFixtures } from './fixtures-people'
import { inboxFixtures } from './fixtures-inbox'

export type Req = { params?: Record<string, string | number>; query?: string; form?: Record<string, string> | [string, string][]; multipart?: FormData; json?: { body: string; headers: Record<string, string> } }
export type Fixture = (w: World, actor: Actor) => Promise<Req>

let serial = 0
const unique = () => `${Date.now().toString(36)}${++serial}`

/** The form a page offers for `action`, as the page fills it, for `actor`. */
export async function pageForm(w: World, pagePath: string, action: string, actor: Actor = 'admin', overrides: Record<string, string> = {}): Promise<[string, string][]> {
  const html = await (await w.t.request(pagePath, { cookie: await cookie(w, actor) })).text()
  const form = postForms(html, pagePath).find((f) => f.action === action)
  if (!form) throw new Error(`no form for ${action} on ${pagePath}`)
  const pairs = formPairs(form).filter(([name]) => !(name in overrides))
  return [...pairs, ...Object.entries(overrides)]
}

export async function cookie(w: World, actor: Actor): Promise<string | undefined> {
  // A fresh session per request: sign-out, sign-in and password changes end the old one.
  return actor === 'anonymous' ? undefined : w.t.cookieFor(w.users[actor])
}

/** A case in kelurahan A, assigned to facilitator A, in `status`. */
export async function caseIn(w: World, status: string) {
  const kase = await fileCase(w.t, (await cookie(w, 'supervisor'))!)
  return forceStatus(w.t, kase.id, status, status === 'baru' ? null : w.users.fasilitatorA.id)
}

export const actionSetup: Record<string, { status: string; form: (w: World, version: number) => Record<string, string> }> = {
  accept: { status: 'ditugaskan', form: (_w, version) => ({ version: String(version), note: 'Berangkat.' }) },
  visit: { status: 'ditangani', form: (_w, version) => ({ version: String(version), note: 'Sudah dikunjungi.' }) },
  refer: { status: 'ditangani', form: (_w, version) => ({ version: String(version), partner_type: 'rsj', partner_name: 'RSJ Sungai Bangkong', request: 'Pemeriksaan', note: '' }) },
  resolve: { status: 'ditangani', form: (_w, version) => ({ version: String(version), outcome: 'bantuan_diberikan', note: 'Sembako.' }) },
  reject: { status: 'ditangani', form: (_w, version) => ({ version: String(version), note: 'Bukan kewenangan.' }) },
  duplicate: { status: 'ditangani', form: (w, version) => ({ version: String(version), duplicate_of: w.caseA.ticket, note: 'Sama.' }) },
  assign: { status: 'ditangani', form: (w, version) => ({ version: String(version), assignee: String(w.target.id), note: 'Fasilitator sebelumnya cuti.' }) },
  close: { status: 'selesai', form: (_w, version) => ({ version: String(version), note: '' }) },
  'send-back': { status: 'selesai', form: (_w, version) => ({ version: String(version), note: 'Foto belum ada.' }) },
}

const csv = (text: string) => {
  const form = new FormData()
  form.set('file', new File([text], 'data.csv', { type: 'text/csv' }))
  return form
}

export const fixtures: Record<string, Fixture> = {
  ...servicesFixtures,
  ...dashboardFixtures,
  ...coordinationFixtures,
  ...peopleFixtures,
  ...inboxFixtures,
  'GET /static/:file': async (w) => ({ params: { file: w.asset } }),
  'POST /login': async () => ({ form: { username: 'masuk', password: testPassword } }),
  'POST /account/password': async (_w, actor) => ({ form: { current_password: testPassword, new_password: `Kopi-Tubruk-${actor}-2026`, confirm_password: `Kopi-Tubruk-${actor}-2026` } }),
  'POST /intake': async (w) => ({ form: validReport({ category: String(await categoryId(w.t.db, 'lansia-terlantar')) }) }),
  'GET /intake/kelurahan': async () => ({ query: 'kelurahan_q=benua' }),
  // A NIK look-up: the warning names the person and the ticket, so it is a read of personal data.
  'POST /intake/duplicates': async () => ({ form: { person_nik: '6171054107900003', reporter_phone: '0812 3456 7890' } }),
  'POST /intake/service-fields': async (w) => ({ form: { category: String(w.category.id) } }),
  'GET /cases': async () => ({ query: 'q=Warga' }),
  'GET /cases/:id{[0-9]+}': async (w) => ({ params: { id: w.caseA.id } }),
  'GET /cases/:id{[0-9]+}/photos/:photoId{[0-9]+}': async (w) => ({ params: { id: w.caseA.id, photoId: w.photos.A } }),
  'POST /cases/:id{[0-9]+}/spam': async (w) => {
    const kase = await caseIn(w, 'baru')
    await w.t.db.update(cases).set({ channel: 'online' }).where(eq(cases.id, kase.id))
    return { params: { id: kase.id }, form: {} }
  },
  // A reply to case A's reporter that failed, fresh for each caller.
  'POST /cases/:id{[0-9]+}/replies/:replyId{[0-9]+}/resend': async (w) => {
    const now = w.t.clock.now()
    const [reply] = await w.t.db.insert(reporterMessages).values({ caseId: w.caseA.id, purpose: 'tiket', dedupeKey: `uji:${unique()}`, status: 'failed', attempts: 8, lastError: 'HTTP 500', nextAttemptAt: now, createdAt: now }).returning()
    return { params: { id: w.caseA.id, replyId: reply!.id }, form: {} }
  },
  'POST /cases/:id{[0-9]+}/surat-tugas': async (w) => ({ params: { id: w.caseA.id }, form: letterForm(w.t) }),
  'POST /cases/:id{[0-9]+}/surat-tugas/request': async (w) => ({ params: { id: w.caseA.id }, form: {} }),
  // A fresh case filed with kelurahan "belum diketahui" each time: setting it works once.
  'POST /cases/:id{[0-9]+}/kelurahan': async (w) => {
    const kase = await fileCase(w.t, (await cookie(w, 'supervisor'))!, { kelurahan: unknownAreaCodes('61.71').kelurahan })
    return { params: { id: kase.id }, form: { version: String(kase.version), kelurahan: kelurahanA } }
  },
  'GET /surat-tugas/:id{[0-9]+}': async (w) => ({ params: { id: w.letters.A } }),
  'GET /verifikasi/:code{[A-Za-z0-9_-]{8,64}}': async (w) => ({ params: { code: w.letterCode } }),
  'POST /alerts/:id{[0-9]+}/open': async (w, actor) => ({ params: { id: w.alertOf[actor] }, form: {} }),
  'POST /alerts/read-all': async () => ({ form: {} }),
  'GET /alerts/:id{[0-9]+}': async (w, actor) => ({ params: { id: w.alertOf[actor] } }),
  'POST /alerts/:id{[0-9]+}/ack': async (w, actor) => ({ params: { id: w.alertOf[actor] }, form: { answer: 'dilihat' } }),
  'POST /alerts/push': async () => ({ form: { endpoint: 'https://push.example.invalid/sub/1', p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22), device: 'Chrome' } }),
  'POST /alerts/push/:id{[0-9]+}/delete': async () => ({ params: { id: 1 }, form: {} }),
  'GET /alerts/digest/:day{\\d{4}-\\d{2}-\\d{2}}': async (w) => ({ params: { day: w.digestDay } }),
  'POST /alerts/settings': async () => ({ form: { quiet_start: '21:00', quiet_end: '06:00' } }),
  'POST /alerts/deliveries/:id{[0-9]+}/retry': async (w) => ({ params: { id: w.deadDelivery }, form: {} }),
  'POST /lapor': async (w) => ({
    form: await pageForm(w, '/lapor', '/lapor', 'anonymous', { reporter_name: 'Budi', reporter_phone: '0812 3456 7890', reporter_relation: 'tetangga', person_name: 'Nenek', kelurahan: kelurahanA, address: 'Jl. Uji 1', landmark: '', category: String(await categoryId(w.t.db, 'lansia-terlantar')), description: 'Lansia sendirian.', consent: 'ya' }),
  }),
  'GET /lapor/terkirim/:ticket{[0-9]{4}-[0-9]{4,6}}': async (w) => ({ params: { ticket: w.caseA.ticket } }),
  'GET /cek': async (w) => ({ query: `tiket=${w.caseA.ticket}` }),
  'POST /cek': async (w) => ({ form: { tiket: w.caseA.ticket, hp4: '7890' } }),
  'POST /cek/buka-kembali': async (w) => {
    const kase = await caseIn(w, 'selesai')
    return { form: { tiket: kase.ticket, hp4: '7890', alasan: 'Belum ada yang datang.' } }
  },
  'GET /survei/:ticket/:mac': async (w) => ({ params: { ticket: w.survey.split('/')[2]!, mac: w.survey.split('/')[3]! } }),
  'POST /survei/:ticket/:mac': async (w) => {
    const kase = await caseIn(w, 'ditutup')
    const [, , ticket, mac] = (await surveyPath(w.t.config.surveySecret, kase)).split('/')
    return { params: { ticket: ticket!, mac: mac! }, form: Object.fromEntries([...Array(9)].map((_, i) => [`u${i + 1}`, '4'])) }
  },
  'GET /open311/v2/services/:file': async (w) => ({ params: { file: `${w.category.code}.json` } }),
  'POST /open311/v2/requests.json': async (w) => ({ form: { api_key: apiKey, service_code: w.category.code, 'attribute[kelurahan]': kelurahanA, address_string: 'Jl. Uji 2', description: 'Lansia sendirian di rumah.', phone: '081234567890' } }),
  // A key reads public reports only (issue 16): an online report.
  'GET /open311/v2/requests/:file': async (w) => {
    const kase = await caseIn(w, 'baru')
    await w.t.db.update(cases).set({ channel: 'online' }).where(eq(cases.id, kase.id))
    return { params: { file: `${kase.ticket}.json` }, query: `api_key=${apiKey}` }
  },
  'GET /whatsapp': async () => ({ query: `hub.mode=subscribe&hub.verify_token=${whatsappHook.verifyToken}&hub.challenge=1158201444` }),
  // A signed status of the world's dead letter: Meta's call as it arrives.
  'POST /whatsapp': async (w) => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: whatsappHook.phoneNumberId }, statuses: [{ id: 'wamid.X', status: 'read', timestamp: '1750263773', recipient_id: '6281234567890', biz_opaque_callback_data: String(w.deadDelivery) }] } }] }] })
    return { json: { body, headers: { 'X-Hub-Signature-256': `sha256=${createHmac('sha256', whatsappHook.appSecret).update(body).digest('hex')}` } } }
  },
  'POST /admin/users': async (w) => ({ form: await pageForm(w, '/admin/users/new', '/admin/users', 'admin', { username: `baru-${unique()}`, display_name: 'Pengguna Baru', role: 'operator' }) }),
  'GET /admin/users/:id{[0-9]+}': async (w) => ({ params: { id: w.target.id } }),
  'POST /admin/users/:id{[0-9]+}': async (w) => ({ params: { id: w.target.id }, form: await pageForm(w, `/admin/users/${w.target.id}`, `/admin/users/${w.target.id}`) }),
  'POST /admin/users/:id{[0-9]+}/disable': async (w) => ({ params: { id: w.target.id }, form: {} }),
  'POST /admin/users/:id{[0-9]+}/enable': async (w) => ({ params: { id: w.target.id }, form: {} }),
  'POST /admin/users/:id{[0-9]+}/reset-password': async (w) => ({ params: { id: w.target.id }, form: {} }),
  'GET /admin/users/:id{[0-9]+}/alerts': async (w) => ({ params: { id: w.target.id } }),
  'POST /admin/users/:id{[0-9]+}/alerts': async (w) => ({ params: { id: w.target.id }, form: await pageForm(w, `/admin/users/${w.target.id}/alerts`, `/admin/users/${w.target.id}/alerts`, 'admin', { quiet_start: '21:00', quiet_end: '06:00' }) }),
  'POST /admin/kelurahan/:code{[0-9.]+}/first': async (w) => ({ params: { code: kelurahanA }, form: { user: String(w.users.fasilitatorA.id) } }),
  'POST /admin/categories': async (w) => ({ form: await pageForm(w, '/admin/categories/new', '/admin/categories', 'admin', { code: `k-${unique()}`, name: `Kategori ${unique()}` }) }),
  'GET /admin/categories/:id{[0-9]+}': async (w) => ({ params: { id: w.category.id } }),
  'POST /admin/categories/:id{[0-9]+}': async (w) => ({ params: { id: w.category.id }, form: await pageForm(w, `/admin/categories/${w.category.id}`, `/admin/categories/${w.category.id}`) }),
  'POST /admin/categories/:id{[0-9]+}/retire': async (w) => ({ params: { id: w.category.id }, form: {} }),
  'POST /admin/categories/:id{[0-9]+}/restore': async (w) => ({ params: { id: w.category.id }, form: {} }),
  'POST /admin/profile': async (w) => ({ form: await pageForm(w, '/admin/profile', '/admin/profile', 'admin', { name: 'Dinas Sosial Kota Pontianak' }) }),
  'POST /admin/holidays': async () => ({ form: { date: '2026-12-26', name: 'Cuti bersama' } }),
  'POST /admin/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete': async (w) => ({ params: { date: w.holiday }, form: {} }),
  'POST /admin/ladder': async (w) => ({ form: await pageForm(w, '/admin/ladder', '/admin/ladder') }),
  'POST /admin/api-keys': async () => ({ form: { name: 'Bot WhatsApp' } }),
  'POST /admin/api-keys/:id{[0-9]+}/revoke': async (w) => ({ params: { id: w.apiKeyId }, form: {} }),
  'POST /admin/layanan': async () => ({ form: { markdown: '# Layanan\n\nHotline 112.' } }),
  'POST /admin/imports/cases': async () => ({ multipart: csv('tanggal,nama,kelurahan\n2026-01-02,Budi,Benua Melayu Darat\n') }),
  'GET /admin/imports/cases/:id{[0-9]+}': async (w) => ({ params: { id: w.caseUpload } }),
  'POST /admin/imports/cases/:id{[0-9]+}/mapping': async (w) => ({ params: { id: w.caseUpload }, form: { default_category: String(w.category.id) } }),
  'POST /admin/imports/cases/:id{[0-9]+}/values': async (w) => ({ params: { id: w.caseUpload }, form: {} }),
  'POST /admin/imports/cases/:id{[0-9]+}/run': async (w) => ({ params: { id: w.caseUpload }, form: {} }),
  'POST /admin/imports/users': async () => ({ multipart: csv('username,nama,peran,kelurahan\nbaru2,Baru Dua,operator,\n') }),
  'GET /admin/imports/users/:id{[0-9]+}': async (w) => ({ params: { id: w.userUpload } }),
  'POST /admin/imports/users/:id{[0-9]+}/run': async (w) => ({ params: { id: w.userUpload }, form: {} }),
  'POST /admin/privacy/export': async () => ({ form: { nik: '', phone: '0812 3456 7890' } }),
  'POST /admin/users/:id{[0-9]+}/end-sessions': async (w) => ({ params: { id: w.target.id }, form: {} }),
  'POST /admin/users/:id{[0-9]+}/reset-2fa': async (w) => ({ params: { id: w.target.id }, form: {} }),
}

export async function send(w: World, method: string, path: string, session: string | undefined, req: Req) {
  const headers: Record<string, string> = {}
  let body: BodyInit | undefined
  if (req.multipart) body = req.multipart
  else if (req.json) {
    Object.assign(headers, req.json.headers, { 'Content-Type': 'application/json' })
    body = req.json.body
  } else if (req.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(req.form).toString()
  } else if (method !== 'GET') headers['Content-Type'] = 'application/x-www-form-urlencoded'
  const url = req.query ? `${path}?${req.query}` : path
  return w.t.request(url, { method, cookie: session, headers, body })
}

export const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// Other servers calling with an API key, not browsers with our cookie (worker/app.tsx).
export const exempt = (path: string) => path.startsWith('/open311/') || path === '/whatsapp'

/** Who the matrix lets through, so that a missing check would really let the request work. */
export function allowedActor(key: string, action?: string): Actor {
  const entry = action ? actionMatrix[action]! : matrix[key]
  if (!entry || entry === 'per-action') throw new Error(`no matrix entry for ${key}`)
  return actors.find((a) => a !== 'anonymous' && entry[a] === 'ok') ?? 'anonymous'
}

export type Target = { key: string; method: string; path: string; actor: Actor; form: Record<string, string>; query?: string }

/** Every route of `methods` (from the router) with a request the allowed caller would see succeed. */
export async function routeTargets(w: World, methods: Set<string>): Promise<Target[]> {
  const out: Target[] = []
  for (const key of handlerRoutes(w.t.app)) {
    const [method, pattern] = key.split(' ') as [string, string]
    // A route without a matrix entry fails authz-matrix.test.ts; here it waits for its entry.
    if (!methods.has(method) || !matrix[key]) continue
    if (matrix[key] === 'per-action') {
      for (const [action, setup] of Object.entries(actionSetup)) {
        const kase = await caseIn(w, setup.status)
        out.push({ key: `${key} (${action})`, method, path: fillPath(pattern, { id: kase.id, action }), actor: allowedActor(key, action), form: setup.form(w, kase.version) })
      }
      continue
    }
    const actor = allowedActor(key)
    const req = fixtures[key] ? await fixtures[key](w, actor) : {}
    const form = Array.isArray(req.form) ? Object.fromEntries(req.form) : (req.form ?? {})
    out.push({ key, method, path: fillPath(pattern, req.params ?? {}), actor, form, query: req.query })
  }
  return out
}

/** Every unsafe route but the API-key ones. */
export async function unsafeTargets(w: World): Promise<Target[]> {
  return (await routeTargets(w, unsafe)).filter((t) => !exempt(t.path))
}
