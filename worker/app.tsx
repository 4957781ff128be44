import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { HTTPException } from 'hono/http-exception'
import { ErrorPage } from '../views/pages/ErrorPage'
import { runAfterResponse } from './background'
import type { AppEnv, Deps } from './env'
import { homeOf } from './domain/access'
import { agencyZoneKey, createReferenceCache } from './reference'
import { page } from './render'
import { account, requirePasswordChange } from './routes/account'
import { adminApiKeys } from './routes/admin/api-keys'
import { adminAudit } from './routes/admin/audit'
import { adminHome } from './routes/admin/home'
import { adminImports } from './routes/admin/imports'
import { adminLayanan } from './routes/admin/layanan'
import { adminPartners } from './routes/admin/partners'
import { adminServices } from './routes/admin/services'
import { adminSettings } from './routes/admin/settings'
import { adminUsers } from './routes/admin/users'
import { alertsRoutes } from './routes/alerts'
import { auth } from './routes/auth'
import { casesRoutes } from './routes/cases'
import { caseExport } from './routes/cases/export'
import { handling } from './routes/cases/handling'
import { caseArea } from './routes/cases/area'
import { caseGuestLinks } from './routes/cases/guest-links'
import { caseDtks } from './routes/cases/dtks'
import { caseLapor } from './routes/cases/lapor'
import { caseServices } from './routes/cases/services'
import { caseShelter } from './routes/cases/shelter'
import { caseReplies } from './routes/cases/replies'
import { caseSpam } from './routes/cases/spam'
import { crew } from './routes/crew'
import { dashboard } from './routes/dashboard'
import { dispatchBoard } from './routes/dispatch'
import { dispatches } from './routes/dispatches'
import { intake, intakeUnavailable } from './routes/intake'
import { inbox } from './routes/inbox'
import { kinerja } from './routes/kinerja'
import { confineMitra, mitraRoutes } from './routes/mitra'
import { myCases } from './routes/my-cases'
import { open311 } from './routes/open311'
import { peopleRoutes } from './routes/people'
import { publicRoutes } from './routes/public'
import { queue } from './routes/queue'
import { satisfaction } from './routes/satisfaction'
import { shelterResidents } from './routes/shelter'
import { suratTugas } from './routes/surat-tugas'
import { system } from './routes/system'
import { tamu } from './routes/tamu'
import { requireSecondFactor, twoFactor } from './routes/two-factor'
import { verifikasi } from './routes/verifikasi'
import { whatsappWebhook } from './routes/whatsapp'
import { limitBody } from './security/body-limit'
import { clientAddressOf } from './security/client-address'
import { refuseTraceAndOptions, sameOriginOnly, securityHeaders } from './security/middleware'
import { judgesUser, signedIn } from './session'
import { isDatabaseUnavailable } from './db/errors'
import { boundedConcurrency } from './bounded-concurrency'
import { liveVariables } from './live-variables'
import { readUrlencodedDirectly } from './urlencoded'

const defaultBodyLimit = limitBody(1024 * 1024, () => {
  throw new HTTPException(413, { message: 'Kiriman terlalu besar.' })
})

/** The one Hono app both entries serve. */
export function createApp(deps: Deps) {
  const reference = createReferenceCache(deps.db, deps.config.zone, () => deps.clock.now())
  const app = new Hono<AppEnv>()

  app.use('*', async (c, next) => {
    liveVariables(c)
    readUrlencodedDirectly(c)
    c.set('db', deps.db)
    c.set('clock', deps.clock)
    c.set('config', deps.config)
    c.set('clientAddress', (c) => clientAddressOf(deps.config.trustedProxy, deps.socketAddress(c), (name) => c.req.header(name)))
    c.set('reference', reference)
    c.set('afterResponse', (work) => (deps.afterResponse ?? runAfterResponse)(c, work))
    c.set('user', null)
    c.set('session', null)
    // Without a photo store (not configured) visits are recorded without photos.
    if (deps.photos) c.set('photos', deps.photos)
    await next()
  })
  // Workers compress responses themselves (by Content-Encoding); compressing here too would send
  // gzip inside gzip, which browsers show as garbage (test/entries/worker.test.ts).
  if (deps.config.runtime === 'node') app.use('*', compress())
  app.use('*', securityHeaders)
  app.use('*', refuseTraceAndOptions)
  // Every body is bounded (SECURITY.md (c): a 10 MB body gets 413, unread); the public photo form
  // needs under 1 MB. The CSV imports (up to 20 MB) and the visit forms, which take camera photos
  // whole when JavaScript is off (up to 10 MB), set their own limits.
  app.use('*', (c, next) => (/^\/admin\/imports\/(cases|users)$|^\/cases\/\d+\/(accept|visit)$/.test(c.req.path) ? next() : defaultBodyLimit(c, next)))
  app.route('/', system)
  // Node serves every request of the office in one process: a burst waits in line instead of being
  // built all at once (a Worker isolate already takes its requests a few at a time).
  if (deps.config.runtime === 'node') app.use('*', boundedConcurrency(deps.config.server.concurrency, (c) => page(c, 'Server sibuk', <ErrorPage title="Server sedang sibuk" message="Coba kirim lagi sebentar lagi. Isian formulir tetap tersimpan di peramban ini." />, { status: 503 })))
  // Open311 clients are other servers authenticated by API key, and Meta signs its WhatsApp webhook
  // calls: not browsers carrying our cookie.
  app.use('*', sameOriginOnly(deps.config, ['/open311/', '/whatsapp']))
  // The signed-in user, if any, into c.var.user (for a oneTrip route: in the route's own batch).
  app.use('*', signedIn)
  app.use('*', judgesUser(requireSecondFactor))
  app.use('*', judgesUser(requirePasswordChange))
  // Partners see their referrals and nothing else: every other page is 404 to them (issue 7).
  app.use('*', judgesUser(confineMitra))
  // The agency profile may set the zone; views read it from config (the region's zone by default).
  app.use('*', async (c, next) => {
    // Unreadable settings leave the region's zone; the route's own queries report the outage.
    const zone = await reference.get().then((ref) => ref.settings.get(agencyZoneKey), () => undefined)
    if (zone && zone !== deps.config.zone) c.set('config', { ...deps.config, zone })
    await next()
  })

  app.get('/', (c) => {
    const user = c.var.user
    if (!user) return c.redirect('/login', 303)
    return c.redirect(homeOf(user), 303)
  })
  // Each router is mounted where its URLs start, and its file is named after that start:
  // /cases/* is worker/routes/cases/, /admin/* is worker/routes/admin/, /crew is routes/crew.tsx.
  // auth and public serve several short top-level URLs each (/login, /lapor, /cek).
  app.route('/', auth)
  app.route('/', publicRoutes)
  app.route('/intake', intake)
  app.route('/inbox', inbox)
  // The case list's middleware admits every staff role to /cases/*; the export is stricter on its own.
  app.route('/cases', caseExport)
  app.route('/cases', casesRoutes)
  app.route('/cases', caseSpam)
  app.route('/cases', caseReplies)
  app.route('/cases', handling)
  app.route('/cases', caseArea)
  app.route('/cases', caseShelter)
  app.route('/cases', caseServices)
  app.route('/cases', caseGuestLinks)
  app.route('/cases', caseDtks)
  app.route('/cases', caseLapor)
  app.route('/people', peopleRoutes)
  app.route('/my-cases', myCases)
  app.route('/queue', queue)
  app.route('/surat-tugas', suratTugas)
  app.route('/verifikasi', verifikasi)
  app.route('/tamu', tamu)
  app.route('/kinerja', kinerja)
  app.route('/shelter', shelterResidents)
  app.route('/dispatch', dispatchBoard)
  app.route('/dispatches', dispatches)
  app.route('/crew', crew)
  app.route('/alerts', alertsRoutes)
  app.route('/open311/v2', open311)
  app.route('/whatsapp', whatsappWebhook)
  app.route('/satisfaction', satisfaction)
  app.route('/dashboard', dashboard)
  app.route('/admin', adminHome)
  app.route('/admin', adminUsers)
  app.route('/admin', adminSettings)
  app.route('/admin', adminImports)
  app.route('/admin', adminAudit)
  app.route('/admin', adminServices)
  app.route('/admin/partners', adminPartners)
  app.route('/admin/api-keys', adminApiKeys)
  app.route('/admin/layanan', adminLayanan)
  app.route('/account', account)
  app.route('/2fa', twoFactor)
  app.route('/mitra', mitraRoutes)

  app.notFound((c) => page(c, 'Tidak ditemukan', <ErrorPage title="Tidak ditemukan" message="Halaman yang Anda cari tidak ada." />, { status: 404 }))

  app.onError((err, c) => {
    // A deferred judge's own answer (worker/session.ts): the redirect to sign-in or to /2fa.
    if (err instanceof HTTPException && err.res) return err.getResponse()
    if (err instanceof HTTPException && err.status < 500) {
      return page(c, 'Galat', <ErrorPage title={err.status === 404 ? 'Tidak ditemukan' : 'Tidak diizinkan'} message={err.message} />, { status: err.status as 400 })
    }
    // The client went away mid-request (a dropped connection while its body was read): nobody is
    // left to answer and nothing of ours failed, so it is not logged as an error (issue 16).
    if (c.req.raw.signal.aborted) return c.body(null, 400)
    // A malformed multipart body (no boundary, cut short) is the sender's fault, not ours: 400, not 500.
    if (err instanceof TypeError && /FormData|parse body/i.test(err.message)) {
      return page(c, 'Galat', <ErrorPage title="Kiriman tidak dapat dibaca" message="Isi formulir rusak atau tidak lengkap. Muat ulang halaman lalu kirim lagi." />, { status: 400 })
    }
    if (isDatabaseUnavailable(err)) {
      if (c.req.method === 'POST' && c.req.path === '/intake') return intakeUnavailable(c)
      c.header('Retry-After', '30')
      return page(c, 'Layanan terganggu', <ErrorPage title="Basis data tidak dapat dihubungi" message="Coba lagi sebentar lagi. Isian formulir tetap tersimpan di peramban ini." />, { status: 503 })
    }
    // Only the error's class and route: messages may quote SQL parameters (a NIK, a diagnosis).
    console.error(`unhandled ${err.name} on ${c.req.method} ${c.req.routePath}`)
    return page(c, 'Galat', <ErrorPage title="Terjadi galat" message="Permintaan tidak dapat diproses. Coba lagi." />, { status: 500 })
  })
  return app
}

export type App = ReturnType<typeof createApp>
