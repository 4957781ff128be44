import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { Layout } from '../../views/layout'
import { KinerjaPage, type KinerjaProps } from '../../views/pages/KinerjaPage'
import { ensureRollupZone } from '../db/queries/dashboard'
import { loadPublicFigures } from '../db/queries/public-figures'
import { zoneOffsetMinutes } from '../domain/figures'
import { formatDuration } from '../domain/format'
import { categoryRows, monthRows, recentMonths } from '../domain/public-figures'
import type { AppEnv } from '../env'

/** The public proof of the 1×24-hour promise (issue 24): /kinerja for the city, /kinerja/<kelurahan code> for one kelurahan. */
export const kinerja = new Hono<AppEnv>()

async function render(c: Context<AppEnv>, kelurahanCode: string | null) {
  const ref = await c.var.reference.get()
  const kelurahan = kelurahanCode ? ref.kelurahanByCode.get(kelurahanCode) : null
  if (kelurahan === undefined) throw new HTTPException(404, { message: 'Kelurahan tidak ditemukan.' })
  const now = c.var.clock.now()
  const offset = zoneOffsetMinutes(c.var.config.zone, now)
  await ensureRollupZone(c.var.db, offset)
  const months = recentMonths(now, offset)
  const period = { from: months.at(-1)!.period.from, to: months[0]!.period.to }
  const rows = await loadPublicFigures(c.var.db, { period, offsetMinutes: offset, kelurahan: kelurahanCode })
  const props: KinerjaProps = {
    agency: ref.settings.get('agency.name') ?? 'Dinas Sosial',
    kelurahan,
    months: monthRows(months, offset, rows, { duration: formatDuration }),
    ...(kelurahan ? {} : { categories: categoryRows(ref.categories, rows.receivedByCategory), kelurahanLinks: ref.kelurahan.map((k) => ({ code: k.code, name: k.name })) }),
  }
  // The same page for everyone (no session, no form): shared caches may keep it for a quarter hour.
  c.header('Cache-Control', 'public, max-age=900')
  const title = kelurahan ? `Kinerja Kelurahan ${kelurahan.name}` : 'Kinerja layanan'
  return c.html(
    '<!doctype html>' +
      (
        <Layout title={title} viewer={null} scripts={false}>
          <KinerjaPage {...props} />
        </Layout>
      ),
  )
}

kinerja.get('/', (c) => render(c, null))
kinerja.get('/:code{[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}}', (c) => render(c, c.req.param('code')))
