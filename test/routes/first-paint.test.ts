// Issue 25: the busiest pages paint from their first response. Nothing in <head> makes the browser
// wait for another download (no stylesheet file, no script that is not deferred), the styles come
// inline and the CSP lets exactly those bytes through by their hash, and no redirect comes first.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { assetUrls } from '../../worker/generated/assets'
import { createTestApp, kelurahanA } from '../support/app'
import { fileCase, forceStatus } from '../support/handling'

/** What in a page's <head> holds its first paint or breaks the strict CSP; empty when none. */
function blockersIn(head: string): string[] {
  const blockers: string[] = []
  // A script's preload is the download a deferred script made; any other preload or stylesheet waits for paint.
  for (const link of head.match(/<link\b[^>]*>/g) ?? []) if (/\brel="?stylesheet\b/.test(link) || (/\brel="?preload\b/.test(link) && !/\bas="?script\b/.test(link))) blockers.push(link)
  for (const [script] of head.matchAll(/<script\b[^>]*>/g)) {
    if (!/\bsrc=/.test(script!)) blockers.push(`${script} (inline script)`)
    else if (!/\b(defer|async)\b/.test(script!) && !/type="module"/.test(script!)) blockers.push(script!)
  }
  return blockers
}

const styleSources = (csp: string) => /(?:^|;)\s*style-src ([^;]*)/.exec(csp)?.[1]?.trim().split(/\s+/) ?? []

/** An app with an operator and a facilitator signed in, and a case in the facilitator's hands. */
async function withSignedInPages() {
  const t = await createTestApp()
  const operator = await t.cookieFor(await t.addUser('operator'))
  const supervisor = await t.cookieFor(await t.addUser('supervisor'))
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const facCookie = await t.cookieFor(fac)
  const kase = await forceStatus(t, (await fileCase(t, supervisor)).id, 'ditangani', fac.id)
  return { t, operator, facCookie, caseId: kase.id }
}

describe('the first response of intake, Kasus saya, the case page and /lapor (issue 25)', () => {
  it('has no render-blocking stylesheet or script in <head>, and the CSP allows its one inline style by the sha256 of the served bytes', async () => {
    const { t, operator, facCookie, caseId } = await withSignedInPages()
    const pages = [
      { path: '/intake', cookie: operator },
      { path: '/my-cases', cookie: facCookie },
      { path: `/cases/${caseId}`, cookie: facCookie },
      { path: '/lapor', cookie: undefined },
    ]
    for (const { path, cookie } of pages) {
      const res = await t.request(path, cookie ? { cookie } : {})
      // A redirect would be a whole round trip before the page.
      expect(res.status, path).toBe(200)
      const html = await res.text()
      const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1]
      expect(head, path).toBeDefined()
      expect(blockersIn(head!), path).toEqual([])
      expect(html, `${path}: no stylesheet file anywhere`).not.toMatch(/rel="?stylesheet/)

      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)
      expect(styles, path).toHaveLength(1)
      expect(head, `${path}: the style is in <head>`).toContain(`<style>${styles[0]}</style>`)
      // The page's look, not an empty element: the header's colour is in it.
      expect(styles[0], path).toContain('header.top{')
      const hash = `'sha256-${createHash('sha256').update(styles[0]!, 'utf8').digest('base64')}'`
      const sources = styleSources(res.headers.get('Content-Security-Policy') ?? '')
      expect(sources, path).toEqual([hash])
      expect(res.headers.get('Content-Security-Policy'), path).toMatch(/script-src 'self'(;|$)/)
    }
  })

  it('starts htmx only on pages with an hx- attribute, and app.js on all of them (13.7 KB less on Kasus saya, the case page and /lapor), through boot.js alone', async () => {
    const { t, operator, facCookie, caseId } = await withSignedInPages()
    const pages = [
      { path: '/intake', cookie: operator, htmx: true },
      { path: '/cek', cookie: undefined, htmx: true },
      { path: '/my-cases', cookie: facCookie, htmx: false },
      { path: `/cases/${caseId}`, cookie: facCookie, htmx: false },
      { path: '/lapor', cookie: undefined, htmx: false },
    ]
    for (const { path, cookie, htmx } of pages) {
      const html = await (await t.request(path, cookie ? { cookie } : {})).text()
      expect(/\shx-[a-z]/.test(html), `${path} has hx- attributes`).toBe(htmx)
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag)
      const run = [...(htmx ? [assetUrls.htmx] : []), assetUrls.js, ...(path === '/intake' || path === '/cek' || path === '/lapor' ? [] : [assetUrls.offline])]
      // One script tag, deferred; the page's own scripts are preloaded and started by it, in order.
      expect(scripts, path).toEqual([`<script src="${assetUrls.boot}" defer="" data-run="${run.join(' ')}">`])
      for (const src of run) expect(html, path).toContain(`<link rel="preload" as="script" href="${src}"/>`)
      expect(html.includes(assetUrls.htmx), `${path} loads htmx`).toBe(htmx)
    }
  })

  it('finds what would block: a stylesheet link, a script without defer, an inline script', () => {
    expect(blockersIn('<link rel="stylesheet" href="/static/css.1.css">')).toHaveLength(1)
    expect(blockersIn('<script src="/static/js.1.js"></script>')).toHaveLength(1)
    expect(blockersIn('<script>alert(1)</script>')).toHaveLength(1)
    expect(blockersIn('<link rel="preload" as="style" href="/static/css.1.css">')).toHaveLength(1)
    expect(blockersIn('<link rel="icon" href="data:,"><script src="/static/js.1.js" defer=""></script>')).toEqual([])
    expect(blockersIn('<link rel="preload" as="script" href="/static/js.1.js"><script src="/static/boot.1.js" defer="" data-run="/static/js.1.js"></script>')).toEqual([])
  })
})
