import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { HTTPException } from 'hono/http-exception'
import { ErrorPage } from '../views/pages/ErrorPage'
import type { AppEnv, Deps } from './env'
import { createReferenceCache } from './reference'
import { page } from './render'
import { auth } from './routes/auth'
import { casesRoutes } from './routes/cases'
import { intake } from './routes/intake'
import { system } from './routes/system'
import { loadUser, sameOriginOnly, securityHeaders } from './security/middleware'
import { isDatabaseUnavailable } from './db/errors'

/** The one Hono app both entries serve. */
export function createApp(deps: Deps) {
  const reference = createReferenceCache(deps.db, deps.config.zone, () => deps.clock.now())
  const app = new Hono<AppEnv>()

  app.use('*', async (c, next) => {
    c.set('db', deps.db)
    c.set('clock', deps.clock)
    c.set('config', deps.config)
    c.set('clientAddress', deps.clientAddress)
    c.set('reference', reference)
    c.set('user', null)
    await next()
  })
  app.use('*', compress())
  app.use('*', securityHeaders)
  app.route('/', system)
  app.use('*', sameOriginOnly(deps.config))
  app.use('*', loadUser)

  app.get('/', (c) => {
    const user = c.var.user
    if (!user) return c.redirect('/login', 303)
    return c.redirect(user.role === 'operator' ? '/intake' : '/cases', 303)
  })
  app.route('/', auth)
  app.route('/intake', intake)
  app.route('/cases', casesRoutes)

  app.notFound((c) => page(c, 'Tidak ditemukan', <ErrorPage title="Tidak ditemukan" message="Halaman yang Anda cari tidak ada." />, { status: 404 }))

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return page(c, 'Galat', <ErrorPage title={err.status === 404 ? 'Tidak ditemukan' : 'Tidak diizinkan'} message={err.message} />, { status: err.status as 400 })
    }
    if (isDatabaseUnavailable(err)) {
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
