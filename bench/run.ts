// `npm run bench [-- --quick] [-- --only browser|load] [-- --cpu-prof DIR]`: measures Sigap against
// its budgets (issue 10), prints one table, writes bench/results.json and exits non-zero when a budget
// is missed. `--quick` (CI) checks only what the machine's load cannot change: page weight, partial
// sizes, request counts and the Worker's round trips. Times run only in the full bench, each judged
// against a floor of the same run. `--only browser` runs just the Chromium part (page weight,
// partials, time to usable), `--only load` just the intake throughput on Node (about 40 s).
// `--cpu-prof DIR` has every app server write a V8 CPU profile into DIR when it stops, to see where
// a request's time goes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { assetUrls } from '../worker/generated/assets'
import { launch, measureOfflineCode, measurePages, measureUsable, type PageSpec, type UsableSpec } from './browser'
import { measureThroughput } from './load'
import { measureDashboard } from './dashboard'
import { measureSweepScaling } from './sweep'
import { facilitatorA, firstCategoryId, postReport, printTable, profileAppServersInto, signIn, startServer, validReport, type Row } from './support'
import { measureWorker } from './worker'

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string', default: 'bench/results.json' }, 'cpu-prof': { type: 'string' } },
})
const quick = values.quick
const only = values.only
if (only !== undefined && only !== 'browser' && only !== 'load') throw new Error(`--only ${only}: only "browser" or "load" can run alone`)
if (values['cpu-prof']) profileAppServersInto(values['cpu-prof'])
const dir = mkdtempSync(join(tmpdir(), 'sigap-bench-'))
const rows: Row[] = []
const log = (line: string) => process.stderr.write(`${line}\n`)
const started = performance.now()
// Times measured beside other work are not the app's: the table says how busy the machine was.
const loadBefore = loadavg()[0]!

/** The "Kasus saya" link of a facilitator's navigation, when that page exists. */
async function myCasesPath(origin: string, cookie: string): Promise<string | null> {
  const res = await fetch(`${origin}/`, { headers: { Cookie: cookie } })
  const html = await res.text()
  return /<a[^>]*href="([^"]+)"[^>]*>\s*Kasus saya\s*</.exec(html)?.[1] ?? null
}

async function exists(origin: string, path: string): Promise<boolean> {
  const res = await fetch(origin + path, { redirect: 'manual' })
  await res.arrayBuffer()
  return res.status === 200
}

try {
  if (only !== 'load') await measureInChromium()

  if (!only) {
    log('bench: the Worker in miniflare (round trips, bundle)')
    rows.push(...(await measureWorker(dir, quick)))
  }

  if (!quick && only !== 'browser') {
    log('bench: intake throughput on Node (about 40 s)')
    rows.push(...(await measureThroughput(dir)))
  }
  if (!quick && !only) {
    log('bench: sweep scaling (seeds 10,000 and 1,000,000 cases)')
    rows.push(...(await measureSweepScaling(dir, log)))
    log('bench: dashboard figures (seeds 10,000 and 1,000,000 cases)')
    rows.push(...(await measureDashboard(dir, log)))
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/** Page weight, partials and (full bench) the time to a usable page, in Chromium. */
async function measureInChromium() {
  log(`bench${quick ? ' --quick' : ''}: pages and partials in Chromium`)
  const app = await startServer('app', `file:${join(dir, 'pages.db')}`)
  try {
    const operator = await signIn(app.origin, 'operator')
    const facilitator = await signIn(app.origin, facilitatorA)
    const categoryId = await firstCategoryId(app.origin, operator)
    // A few cases in the facilitator's kelurahan, so lists and the duplicate check have rows to show.
    let caseId = 0
    for (let i = 0; i < 30; i++) caseId = await postReport(app.origin, operator, validReport(categoryId, { reporter_phone: `0812 5555 ${String(1000 + i)}` }))
    const mine = await myCasesPath(app.origin, facilitator)
    const lapor = (await exists(app.origin, '/lapor')) ? '/lapor' : null
    const origin = app.origin
    const pages: PageSpec[] = [
      {
        name: 'intake form',
        path: '/intake',
        user: 'operator',
        partials: [
          {
            name: 'kelurahan filter',
            matches: (t) => new URL(t.url).pathname === '/intake/kelurahan',
            act: (page) => page.getByLabel('Cari kelurahan').pressSequentially('darat'),
          },
          {
            name: 'duplicate check',
            matches: (t) => new URL(t.url).pathname === '/intake/duplicates',
            act: async (page) => {
              await page.getByLabel('Nomor HP pelapor').fill('0812 5555 1001')
              await page.getByLabel('Nomor HP pelapor').press('Tab')
            },
          },
        ],
      },
      mine
        ? { name: 'Kasus saya', path: mine, user: facilitatorA }
        : { name: 'Kasus saya', path: '/cases', user: facilitatorA, note: '(no "Kasus saya" link yet: the case list)' },
      {
        name: 'case list',
        path: '/cases',
        user: 'operator',
      },
      // The case actions are plain forms (views/components/CaseActions.tsx): no partial to measure.
      { name: 'case page', path: `/cases/${caseId}`, user: facilitatorA, note: '(facilitator, with its action forms)' },
      { name: '/lapor', path: lapor, user: null },
    ]
    const browser = await launch()
    try {
      rows.push(...(await measurePages(browser, origin, pages)))
      const intakeHtml = await (await fetch(`${origin}/intake`, { headers: { Cookie: operator } })).text()
      rows.push(...(await measureOfflineCode(origin, assetUrls.offline, intakeHtml)))
      if (!quick) {
        log('bench: time to a usable page on two slow links, and to a one-field page')
        const bare = await startServer('bare')
        try {
          // The first field a person fills in; on Kasus saya, which has no form, the first case; on the
          // case page, whose action forms open from a summary, the first action. Each visit comes from
          // a page of the same site that loads nothing (bench/browser.ts, timeToUsable), so that a first
          // visit still finds the cache cold: /healthz, and the bare server's `/`.
          const firstField = (form: string) => `${form} :is(input, select, textarea):not([type=hidden])`
          const usable: UsableSpec[] = [
            { name: 'intake form', origin, path: '/intake', from: '/healthz', user: 'operator', target: firstField('form[action="/intake"]'), act: 'type' },
            { name: 'Kasus saya', origin, path: mine ?? '/my-cases', from: '/healthz', user: facilitatorA, target: 'main .card a', act: 'focus' },
            { name: 'case page', origin, path: `/cases/${caseId}`, from: '/healthz', user: facilitatorA, target: 'main details.action > summary', act: 'focus' },
            { name: '/lapor', origin, path: '/lapor', from: '/healthz', user: null, target: firstField('form[action="/lapor"]'), act: 'type' },
          ]
          const floor: UsableSpec = { name: 'floor', origin: bare.origin, path: '/form', from: '/', user: null, target: 'input', act: 'type' }
          rows.push(...(await measureUsable(browser, usable, floor)))
        } finally {
          await bare.stop()
        }
      }
    } finally {
      await browser.close()
    }
  } finally {
    await app.stop()
  }
}

const missed = rows.filter((r) => r.ok === false)
const seconds = (performance.now() - started) / 1000
const machine = { cpus: availableParallelism(), loadBefore, loadAfter: loadavg()[0]! }
const busy = Math.max(machine.loadBefore, machine.loadAfter) > machine.cpus
printTable(rows)
console.log(`\n${missed.length === 0 ? 'All budgets met' : `${missed.length} budget(s) missed`} (${quick ? 'quick, ' : ''}${only ? `${only} only, ` : ''}${seconds.toFixed(0)} s, ${new Date().toISOString()}).`)
console.log(
  `Machine: ${machine.cpus} CPUs, load average ${machine.loadBefore.toFixed(1)} before and ${machine.loadAfter.toFixed(1)} after` +
    (busy ? ': a LOADED machine, times and ratios are not the app\'s own (byte, request and round-trip counts are).' : '.'),
)
writeFileSync(values.out, JSON.stringify({ at: new Date().toISOString(), quick, only: values.only ?? null, seconds, node: process.version, machine: { ...machine, busy }, rows }, null, 2) + '\n')
process.exitCode = missed.length === 0 ? 0 : 1
