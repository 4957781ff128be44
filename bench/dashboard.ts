// Dashboard timing (issue 7): the dashboard's one read batch (backlog, today, month, period
// rollups and medians) over 10,000 and 1,000,000 generated cases. The figures read rollups and two
// covering indexes, so the time should barely move with the number of cases.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { defaultBulkNow, seedBulk } from '../scripts/seed-bulk'
import { loadDashboard, loadRecap } from '../worker/db/queries/dashboard'
import { openFileDb } from '../worker/db/open-file'
import { monthOf, todayOf, yearPeriod, zoneOffsetMinutes } from '../worker/domain/figures'
import { loadNote, loadNow, ms, type Row } from './support'

export const dashboardBudgetMs = 250
/** 1,000,000 ÷ 10,000 cases (issue 25): the median reads days of histograms, not the period's cases. */
export const dashboardRatioBudget = 1.5
const runs = 5
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** Median time of the dashboard batch and of a year's recap on an already seeded file. */
export async function timeDashboard(url: string, now: number) {
  const db = await openFileDb(url)
  const offset = zoneOffsetMinutes('Asia/Pontianak', now)
  const month = monthOf(now, offset)
  const input = { now, today: todayOf(now, offset), month, period: month }
  const dash: number[] = []
  const recap: number[] = []
  let open = 0
  for (let i = 0; i < runs; i++) {
    let t = performance.now()
    const data = await loadDashboard(db, input)
    dash.push(performance.now() - t)
    open = data.backlog.all.get('')?.open ?? 0
    t = performance.now()
    await loadRecap(db, yearPeriod(2026))
    recap.push(performance.now() - t)
  }
  db.$client.close()
  return { dashboardMs: median(dash), recapMs: median(recap), open }
}

export async function measureDashboard(dir: string, log: (line: string) => void): Promise<Row[]> {
  const now = Date.parse(defaultBulkNow)
  const rows: Row[] = []
  const times: number[] = []
  let loadBefore = 0
  for (const size of [10_000, 1_000_000]) {
    const file = join(dir, `dashboard-${size}.db`)
    const seedSeconds = await seedBulk({ url: `file:${file}`, cases: size, due: 1000, open: 1000, now, force: true })
    log(`  seeded ${size.toLocaleString('en')} cases in ${seedSeconds.toFixed(1)} s`)
    if (size === 10_000) loadBefore = loadNow()
    const r = await timeDashboard(`file:${file}`, now)
    times.push(r.dashboardMs)
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    rows.push(
      { area: 'dashboard', figure: `dashboard figures over ${size.toLocaleString('en')} cases (median of ${runs})`, value: ms(r.dashboardMs), reference: `< ${dashboardBudgetMs} ms`, ok: r.dashboardMs < dashboardBudgetMs, raw: r },
      { area: 'dashboard', figure: `yearly recap over ${size.toLocaleString('en')} cases (median of ${runs})`, value: ms(r.recapMs), reference: `< ${dashboardBudgetMs} ms`, ok: r.recapMs < dashboardBudgetMs },
    )
  }
  const ratio = times[1]! / times[0]!
  rows.push({ area: 'dashboard', figure: `dashboard figures 1,000,000 ÷ 10,000 cases (${loadNote(loadBefore, loadNow())})`, value: ratio.toFixed(2), reference: `≤ ${dashboardRatioBudget}`, ok: ratio <= dashboardRatioBudget })
  return rows
}

// `npx tsx bench/dashboard.ts [file:…]`: time an existing seeded file, or seed and time both sizes.
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2]
  if (url) console.log(await timeDashboard(url, Date.parse(defaultBulkNow)))
  else {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'sigap-dash-'))
    try {
      console.table((await measureDashboard(dir, console.error)).map(({ raw: _raw, ...r }) => r))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
