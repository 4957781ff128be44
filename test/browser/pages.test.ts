// Every page a person uses, in one Chromium (issue 19): each is checked by axe-core against the
// WCAG 2.1 A/AA rules (no critical or serious violation) and its visible text is scanned for the
// raw codes of the database (statuses, roles, channels...) and for ISO dates, which must never reach
// a reader. Pages are visited as the role that uses them, with JavaScript on and off, at 360 px
// (a phone) and 1366 px (an office laptop).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { sql } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { rawCodes } from '../../worker/domain/glossary'
import { serveTestApp, useBrowser, type ServedApp } from '../support/browser'
import { createWorld, handlerRoutes, type Actor } from '../security/world'
import { vehicles } from '../../worker/db/schema-services'
import { reporterMessages } from '../../worker/db/schema'
import { workingGuestLink } from '../security/fixtures-coordination'
import { seedConversation } from '../support/wa-inbox'
import { folderPhotoStore } from '../../worker/storage/folder'

const chromium = useBrowser()
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

type Visit = { route: string; actor: Actor; path: string; then?: (page: Page) => Promise<void> }

/** GET routes that are not pages a person reads: data, files, redirects and fragments. */
const notPages: Record<string, string> = {
  'GET /healthz': 'health check',
  'GET /static/:file': 'assets',
  'GET /sw.js': 'the service worker script (Web Push, offline pages and queue)',
  'GET /manifest.webmanifest': 'the installable app’s manifest',
  'GET /whatsapp': 'Meta’s webhook handshake (API)',
  'GET /': 'redirects to the role’s start page',
  'GET /admin': 'redirects to /admin/users',
  'GET /2fa': 'visited by the sign-in step of test/browser/admin.test.ts and two-factor tests',
  'GET /intake/kelurahan': 'htmx fragment of the intake form (its options are on /intake)',
  'GET /cases/:id{[0-9]+}/photos/:photoId{[0-9]+}': 'a photo',
  'GET /inbox/:id{[0-9]+}/media/:messageId{[0-9]+}': 'a photo or voice note sent by WhatsApp',
  'GET /admin/audit.csv': 'CSV',
  'GET /cases/export.csv': 'CSV',
  'GET /dashboard/recap/categories.csv': 'CSV',
  'GET /dashboard/recap/programmes.csv': 'CSV',
  'GET /open311/v2/discovery.json': 'API',
  'GET /open311/v2/services.json': 'API',
  'GET /open311/v2/services/:file': 'API',
  'GET /open311/v2/requests/:file': 'API',
}

function visits(w: Awaited<ReturnType<typeof createWorld<ServedApp>>>, extra: { assessmentVersion: number; guestToken: string; conversation: number }): Visit[] {
  const a = w.caseA.id
  return [
    { route: 'GET /login', actor: 'anonymous', path: '/login' },
    { route: 'GET /lapor', actor: 'anonymous', path: '/lapor' },
    { route: 'GET /lapor/terkirim/:ticket{[0-9]{4}-[0-9]{4,6}}', actor: 'anonymous', path: `/lapor/terkirim/${w.caseA.ticket}` },
    { route: 'GET /layanan', actor: 'anonymous', path: '/layanan' },
    { route: 'GET /verifikasi/:code{[A-Za-z0-9_-]{8,64}}', actor: 'anonymous', path: `/verifikasi/${w.letterCode}` },
    { route: 'GET /survei/:ticket/:mac', actor: 'anonymous', path: w.survey },
    { route: 'GET /tamu/:token{[A-Za-z0-9_-]{43}}', actor: 'anonymous', path: `/tamu/${extra.guestToken}` },
    { route: 'GET /kinerja', actor: 'anonymous', path: '/kinerja' },
    { route: 'GET /kinerja/:code{[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}}', actor: 'anonymous', path: `/kinerja/${w.caseA.kelurahanCode}` },
    {
      route: 'GET /cek',
      actor: 'anonymous',
      path: `/cek?tiket=${w.referred.ticket}`,
      // The answer to a ticket and the phone's last four digits, with its timeline.
      then: async (page) => {
        await page.getByLabel('4 angka terakhir nomor HP pelapor').fill('7890')
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: /Cek/ }).click()])
        await page.waitForLoadState('load')
        await page.getByText('Riwayat', { exact: false }).first().waitFor()
      },
    },
    { route: 'GET /account/password', actor: 'operator', path: '/account/password' },
    { route: 'GET /intake', actor: 'operator', path: '/intake' },
    { route: 'GET /inbox', actor: 'operator', path: '/inbox' },
    { route: 'GET /inbox/:id{[0-9]+}', actor: 'operator', path: `/inbox/${extra.conversation}` },
    { route: 'GET /inbox/:id{[0-9]+}/case', actor: 'supervisor', path: `/inbox/${extra.conversation}/case` },
    { route: 'GET /cases', actor: 'supervisor', path: '/cases' },
    { route: 'GET /cases/:id{[0-9]+}', actor: 'supervisor', path: `/cases/${w.referred.id}` },
    { route: 'GET /cases/:id{[0-9]+}', actor: 'fasilitatorA', path: `/cases/${a}` },
    { route: 'GET /cases/:id{[0-9]+}', actor: 'supervisor', path: `/cases/${w.closed.id}` },
    { route: 'GET /surat-tugas/:id{[0-9]+}', actor: 'supervisor', path: `/surat-tugas/${w.letters.A}` },
    { route: 'GET /people/:id{[0-9]+}', actor: 'fasilitatorA', path: `/people/${w.caseA.personId}` },
    { route: 'GET /my-cases', actor: 'fasilitatorA', path: '/my-cases' },
    { route: 'GET /queue', actor: 'supervisor', path: '/queue' },
    { route: 'GET /alerts', actor: 'supervisor', path: '/alerts' },
    { route: 'GET /alerts/:id{[0-9]+}', actor: 'supervisor', path: `/alerts/${w.alertOf.supervisor}` },
    { route: 'GET /alerts/digest/:day{\\d{4}-\\d{2}-\\d{2}}', actor: 'supervisor', path: `/alerts/digest/${w.digestDay}` },
    { route: 'GET /alerts/settings', actor: 'fasilitatorA', path: '/alerts/settings' },
    { route: 'GET /alerts/deliveries', actor: 'admin', path: '/alerts/deliveries' },
    { route: 'GET /satisfaction', actor: 'supervisor', path: '/satisfaction' },
    { route: 'GET /shelter', actor: 'supervisor', path: '/shelter' },
    { route: 'GET /cases/:id{[0-9]+}/shelter', actor: 'fasilitatorA', path: `/cases/${a}/shelter` },
    { route: 'GET /cases/:id{[0-9]+}/assessments/:version{[0-9]+}', actor: 'fasilitatorA', path: `/cases/${a}/assessments/${extra.assessmentVersion}` },
    { route: 'GET /dispatch', actor: 'operator', path: '/dispatch' },
    { route: 'GET /crew', actor: 'fasilitatorA', path: '/crew' },
    { route: 'GET /dashboard', actor: 'kepala', path: '/dashboard' },
    { route: 'GET /dashboard/recap', actor: 'walikota', path: '/dashboard/recap' },
    { route: 'GET /dashboard/report', actor: 'asisten', path: '/dashboard/report' },
    { route: 'GET /mitra', actor: 'mitraP', path: '/mitra' },
    { route: 'GET /mitra/cases/:id{[0-9]+}', actor: 'mitraP', path: `/mitra/cases/${w.referred.id}` },
    { route: 'GET /admin/users', actor: 'admin', path: '/admin/users' },
    { route: 'GET /admin/users/new', actor: 'admin', path: '/admin/users/new' },
    { route: 'GET /admin/users/:id{[0-9]+}', actor: 'admin', path: `/admin/users/${w.target.id}` },
    { route: 'GET /admin/users/:id{[0-9]+}/alerts', actor: 'admin', path: `/admin/users/${w.target.id}/alerts` },
    { route: 'GET /admin/kelurahan', actor: 'admin', path: '/admin/kelurahan' },
    { route: 'GET /admin/categories', actor: 'admin', path: '/admin/categories' },
    { route: 'GET /admin/categories/new', actor: 'admin', path: '/admin/categories/new' },
    { route: 'GET /admin/categories/:id{[0-9]+}', actor: 'admin', path: `/admin/categories/${w.category.id}` },
    { route: 'GET /admin/profile', actor: 'admin', path: '/admin/profile' },
    { route: 'GET /admin/ladder', actor: 'admin', path: '/admin/ladder' },
    { route: 'GET /admin/api-keys', actor: 'admin', path: '/admin/api-keys' },
    { route: 'GET /admin/layanan', actor: 'admin', path: '/admin/layanan' },
    { route: 'GET /admin/imports/cases', actor: 'admin', path: '/admin/imports/cases' },
    { route: 'GET /admin/imports/cases/:id{[0-9]+}', actor: 'admin', path: `/admin/imports/cases/${w.caseUpload}` },
    { route: 'GET /admin/imports/users', actor: 'admin', path: '/admin/imports/users' },
    { route: 'GET /admin/imports/users/:id{[0-9]+}', actor: 'admin', path: `/admin/imports/users/${w.userUpload}` },
    { route: 'GET /admin/audit', actor: 'admin', path: '/admin/audit' },
    { route: 'GET /admin/privacy', actor: 'admin', path: '/admin/privacy' },
    { route: 'GET /admin/vehicles', actor: 'admin', path: '/admin/vehicles' },
    { route: 'GET /admin/vehicles/new', actor: 'admin', path: '/admin/vehicles/new' },
    { route: 'GET /admin/vehicles/:id{[0-9]+}', actor: 'admin', path: '/admin/vehicles/1' },
    { route: 'GET /admin/kelurahan-contacts', actor: 'admin', path: '/admin/kelurahan-contacts' },
    { route: 'GET /admin/shelters', actor: 'admin', path: '/admin/shelters' },
    { route: 'GET /admin/service-fields', actor: 'admin', path: '/admin/service-fields' },
    { route: 'GET /admin/service-fields/:id{[0-9]+}', actor: 'admin', path: '/admin/service-fields/1' },
    { route: 'GET /admin/partners', actor: 'admin', path: '/admin/partners' },
    { route: 'GET /admin/partners/:id{[0-9]+}', actor: 'admin', path: `/admin/partners/${w.partners.P.id}` },
  ]
}

/** The four ways a page is seen; public pages all four, staff pages a phone without JS and a laptop with it. */
const modes = [
  { name: '1366 px, JS on', javaScript: true, width: 1366 },
  { name: '360 px, JS off', javaScript: false, width: 360 },
  { name: '360 px, JS on', javaScript: true, width: 360, publicOnly: true },
  { name: '1366 px, JS off', javaScript: false, width: 1366, publicOnly: true },
] as const

/**
 * What a reader sees that should have been a label, in the own text of each element (its direct
 * text, not its children's): a raw code alone, after a colon at the end or in brackets, a
 * snake_case code anywhere; and an ISO date.
 */
function findLeaks(texts: string[]): string[] {
  const codes = new Set(rawCodes)
  const leaks: string[] = []
  for (const raw of texts) {
    const text = raw.trim()
    const quoted = text.slice(0, 80)
    if (codes.has(text)) leaks.push(`code "${text}"`)
    for (const m of text.matchAll(/:\s*([a-z_]+)$|\(([a-z_]+)\)/g)) if (codes.has((m[1] ?? m[2])!)) leaks.push(`code "${m[1] ?? m[2]}" in "${quoted}"`)
    for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)) if (codes.has(m[0]) && m[0] !== text) leaks.push(`code "${m[0]}" in "${quoted}"`)
    for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) leaks.push(`ISO date "${m[0]}" in "${quoted}"`)
  }
  return leaks
}

/** axe-core's critical and serious violations of the WCAG 2.1 A and AA rules on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  )
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(' ')}`)
}

describe('every page a person uses', () => {
  it('axe, as run here, reports an image without text, an unlabelled field and grey-on-white text', async () => {
    const page = await (await chromium.newContext()).newPage()
    await page.setContent('<!doctype html><html lang="id"><head><title>Uji</title></head><body><main><h1>Uji</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"><p style="color:#bbb">Teks pucat</p></main></body></html>')
    const ids = (await axeViolations(page)).map((v) => v.split(' ')[0])
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'label', 'color-contrast']))
  })

  it('has no critical or serious WCAG 2.1 AA violation and shows no raw code or ISO date, at 360 and 1366 px, JS on and off', async () => {
    const t = await serveTestApp()
    const w = await createWorld(t)
    // The world's usernames are its role names ('supervisor'); on the admin pages they would read as leaked codes.
    await t.db.run(sql`UPDATE users SET username = 'pengguna.' || username`)
    await t.db.insert(vehicles).values({ name: 'Ambulans 1', plate: 'KB 1234 XY', kind: 'ambulans', base: 'Kantor dinas' })
    const assessed = await t.request(`/cases/${w.caseA.id}/assessments`, { cookie: w.cookies.fasilitatorA, form: assessmentForm })
    expect(assessed.status, 'seeding an assessment').toBe(303)
    // A waiting WhatsApp conversation with every kind of message (issue 21).
    const waiting = await seedConversation(t.db, folderPhotoStore(t.photoDir), {
      firstAt: t.clock.now() - 90 * 60_000,
      messages: [{ kind: 'text', body: 'Ada nenek tidur di emperan toko.' }, { kind: 'image', caption: 'Fotonya' }, { kind: 'location', latitude: -0.02731, longitude: 109.34194, place: 'Pasar Flamboyan' }, { kind: 'audio' }, { kind: 'contacts', body: 'Pak RT: 6281298765432' }, { kind: 'unsupported', body: 'sticker' }],
    })
    // A reply to the referred case's reporter that failed: its notice under Pelapor.
    await t.db.insert(reporterMessages).values({ caseId: w.referred.id, purpose: 'dirujuk', dedupeKey: 'uji-gagal', status: 'failed', attempts: 8, lastError: 'HTTP 503', nextAttemptAt: t.clock.now(), createdAt: t.clock.now() })
    const all = visits(w, { assessmentVersion: 1, guestToken: (await workingGuestLink(w)).token, conversation: waiting.conversation.id })

    // The list covers every page route of the app: a new page must be added here (or to notPages).
    const pageRoutes = handlerRoutes(t.app).filter((r) => r.startsWith('GET ') && !(r in notPages))
    expect(pageRoutes.filter((r) => !all.some((v) => v.route === r))).toEqual([])

    const contexts = new Map<string, Promise<BrowserContext>>()
    const contextFor = (actor: Actor, mode: (typeof modes)[number]) => {
      const key = `${actor} ${mode.name}`
      if (!contexts.has(key)) contexts.set(key, openContext(actor, mode))
      return contexts.get(key)!
    }
    const openContext = async (actor: Actor, mode: (typeof modes)[number]) => {
      const context = await chromium.newContext({ viewport: { width: mode.width, height: 800 } })
      const cookie = w.cookies[actor]
      if (cookie) {
        const [name, value] = cookie.split(/=(.*)/) as [string, string]
        await context.addCookies([{ name, value, domain: new URL(t.origin).hostname, path: '/', secure: name.startsWith('__Host-'), httpOnly: true, sameSite: 'Lax' }])
      }
      // "JS off" blocks every script the page asks for: axe itself runs through the driver, which
      // Chromium's own switch would stop too. The app has no <noscript> content, so the page a
      // reader without JS sees is the same.
      if (!mode.javaScript) await context.route((url) => url.pathname.startsWith('/static/') && url.pathname.endsWith('.js'), (route) => route.abort())
      return context
    }

    const failures: string[] = []
    const seen: string[] = []
    const check = async (visit: Visit, mode: (typeof modes)[number]) => {
      const page = await (await contextFor(visit.actor, mode)).newPage()
      const where = `${visit.path} as ${visit.actor} (${mode.name})`
      const res = await page.goto(t.url(visit.path))
      if (!res || res.status() >= 400) failures.push(`${where}: HTTP ${res?.status()}`)
      await visit.then?.(page)
      seen.push(where)
      // The inline styles applied under the CSP (issue 25): a refused <style> leaves the header unstyled.
      const headerColour = await page.evaluate(() => { const h = document.querySelector('header.top'); return h ? getComputedStyle(h).backgroundColor : null })
      if (headerColour !== 'rgb(11, 61, 110)') failures.push(`${where}: header background ${headerColour}, the styles were not applied`)
      for (const v of await axeViolations(page)) failures.push(`${where}: ${v}`)
      // The own text of each element, and the titles and labels a reader also meets. <code> and
      // .mono are machine text shown as such (the audit log's action codes and JSON details, an
      // API key's prefix): left out. Also: a required control whose label lacks the one mark.
      const { texts, unmarked } = await page.evaluate(() => {
        const texts: string[] = [document.title]
        for (const el of document.body.querySelectorAll('*')) {
          if (el.closest('script, style, template, [hidden], code, .mono')) continue
          const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')
          if (own.trim()) texts.push(own)
          for (const attr of ['title', 'aria-label']) if (el.hasAttribute(attr)) texts.push(el.getAttribute(attr)!)
        }
        const unmarked: string[] = []
        for (const control of document.querySelectorAll<HTMLInputElement>('input[required], select[required], textarea[required]')) {
          const labelled = control.type === 'radio' ? control.closest('fieldset')?.querySelector('legend') : control.labels?.[0]
          if (!labelled?.querySelector('.req')) unmarked.push(control.name)
        }
        return { texts, unmarked }
      })
      for (const leak of findLeaks(texts)) failures.push(`${where}: ${leak}`)
      for (const name of new Set(unmarked)) failures.push(`${where}: required field "${name}" without the * mark`)
      await page.close()
    }

    // A few pages at a time: Chromium renders while axe checks another page.
    const queue = modes.flatMap((mode) => all.filter((v) => !('publicOnly' in mode) || v.actor === 'anonymous').map((visit) => () => check(visit, mode)))
    const started = Date.now()
    await Promise.all(Array.from({ length: 3 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job()
    }))
    console.log(`${seen.length} pages in ${Math.round((Date.now() - started) / 1000)} s`)
    console.log(`pages checked:\n${seen.sort().join('\n')}`)
    expect(failures).toEqual([])
  }, 600_000)

  it('the leak scan finds a raw status, a role after a colon or in brackets, a snake_case code and an ISO date, and passes labels and prose', () => {
    expect(findLeaks(['ditugaskan', 'Peran: fasilitator', 'Siti (mitra)', 'Hubungan rt_rw tercatat', 'Dibuat 2026-12-07'])).toEqual([
      'code "ditugaskan"',
      'code "fasilitator" in "Peran: fasilitator"',
      'code "mitra" in "Siti (mitra)"',
      'code "rt_rw" in "Hubungan rt_rw tercatat"',
      'ISO date "2026-12-07" in "Dibuat 2026-12-07"',
    ])
    expect(findLeaks(['Ditugaskan', 'Kasus yang ditugaskan kepada Anda', ' dari 5 ditangani', 'Kop baris 4: telepon, email', '(tidak akan diimpor).', 'Siti (mitra-p)', '7 Des 2026 14.05 WIB'])).toEqual([])
  })
})

const assessmentForm = { masalah: 'Mengemis di terminal', potensi: 'Bisa bertani', sumber: 'Adik di Temanggung', identity: 'Mengaku bernama Karto', health: 'Hipertensi', mental_state: 'Orientasi baik', family_contacts: '' }
