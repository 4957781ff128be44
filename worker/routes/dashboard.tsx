import { calendarDay, formatPeriod, monthNames } from '../domain/format'
import { listUnansweredEscalations } from '../db/queries/alerts'
import { dtksProposalCounts } from '../db/queries/dtks'
import { Hono, type Context } from 'hono'
import { DashboardPage, MonthlyReportPage, RecapPage, type DashboardProps, type FigureRow, type MonthRow, type RecapRow } from '../../views/pages/DashboardPage'
import { channelCounts, ensureRollupZone, laporCaseTimes, loadDashboard, loadMonths, loadRecap, partnerAnswerTimes, recapYears, userNames, zeroCounts, type Backlog, type Counts, type DashboardData, type Dim } from '../db/queries/dashboard'
import { dashboardRoles } from '../domain/access'
import { channelCodes } from '../domain/case'
import { channels } from '../domain/glossary'
import { toCsv } from '../domain/csv-export'
import { formatDay, median, monthOf, periodMs, monthPeriod, parseDate, percent, periodText, programmes, todayOf, yearOf, yearPeriod, zoneOffsetMinutes, type Period } from '../domain/figures'
import { partnerRows } from '../domain/partner-times'
import type { AppEnv } from '../env'
import { csvResponse, page } from '../render'
import { requireRole } from '../security/middleware'

export const dashboard = new Hono<AppEnv>()
dashboard.use('*', requireRole(...dashboardRoles))

/** The zone offset now, with the rollups cut for it (a changed zone rebuilds them once). */
async function prepare(c: Context<AppEnv>) {
  const now = c.var.clock.now()
  const offset = zoneOffsetMinutes(c.var.config.zone, now)
  await ensureRollupZone(c.var.db, offset)
  return { now, offset }
}

const casesLink = (params: Record<string, string>) => `/cases?${new URLSearchParams(params).toString()}`

/** The view model of one period's figures: every number with the link to its cases. */
async function figuresFor(c: Context<AppEnv>, now: number, offset: number, period: Period, periodLabel: string): Promise<DashboardProps> {
  const today = todayOf(now, offset)
  const month = monthOf(now, offset)
  const data: DashboardData = await loadDashboard(c.var.db, { now, today, month, period })
  const ref = await c.var.reference.get()
  const p = periodText(period)
  const assigneeIds = new Set<number>()
  for (const m of [data.backlog.assignee, data.period.assignee]) for (const k of m.keys()) if (k !== '') assigneeIds.add(Number(k))
  const names = await userNames(c.var.db, [...assigneeIds])

  const rowsOf = (dim: Exclude<Dim, 'all'>, param: string, label: (key: string) => string): FigureRow[] => {
    const keys = new Set([...data.backlog[dim].keys(), ...data.period[dim].keys()])
    return [...keys]
      .map((key) => {
        const b: Backlog = data.backlog[dim].get(key) ?? { open: 0, overdue: 0 }
        const n: Counts = data.period[dim].get(key) ?? zeroCounts
        const by = { [param]: dim === 'assignee' && key === '' ? '0' : key }
        return {
          label: label(key),
          open: b.open,
          overdue: b.overdue,
          handled: n.handled,
          within: n.withinTarget,
          percent: percent(n.withinTarget, n.handled),
          median: data.median[dim].get(key) ?? null,
          links: {
            open: casesLink({ open: '1', ...by }),
            overdue: casesLink({ overdue: '1', ...by }),
            handled: casesLink({ handled: p, ...by }),
            within: casesLink({ handled: p, within: '1', ...by }),
          },
        }
      })
      .filter((r) => r.open + r.handled > 0)
      .sort((a, b) => a.label.localeCompare(b.label, 'id'))
  }
  const all = data.period.all.get('') ?? zeroCounts
  const backlog = data.backlog.all.get('') ?? { open: 0, overdue: 0 }
  const headline = (label: string, counts: Counts, range: Period) => ({
    label,
    handled: counts.handled,
    within: counts.withinTarget,
    percent: percent(counts.withinTarget, counts.handled),
    links: { handled: casesLink({ handled: periodText(range) }), within: casesLink({ handled: periodText(range), within: '1' }) },
  })
  return {
    periodLabel,
    periodFrom: formatDay(period.from),
    periodTo: formatDay(period.to),
    open: backlog.open,
    overdue: backlog.overdue,
    openLink: casesLink({ open: '1' }),
    overdueLink: casesLink({ overdue: '1' }),
    headlines: [headline('hari ini', data.today, today), headline('bulan ini', data.month, month), headline(periodLabel, all, period)],
    median: data.median.all.get('') ?? null,
    medianLink: casesLink({ handled: p }),
    splits: [
      { title: 'Kelurahan', rows: rowsOf('kelurahan', 'kelurahan', (k) => ref.kelurahanNames.get(k) ?? k) },
      { title: 'Kategori', rows: rowsOf('category', 'category', (k) => ref.categoryById.get(Number(k))?.name ?? k) },
      { title: 'Fasilitator', rows: rowsOf('assignee', 'assignee', (k) => (k === '' ? 'Belum ditugaskan' : names.get(Number(k)) ?? `#${k}`)) },
    ],
    recapLink: '/dashboard/recap',
    reportLink: '/dashboard/report',
  }
}

dashboard.get('/', async (c) => {
  const { now, offset } = await prepare(c)
  const month = monthOf(now, offset)
  const today = todayOf(now, offset).from
  // Default period: this month up to today; a picked one must be real dates, at most ten years.
  const from = parseDate(c.req.query('from') ?? '') ?? month.from
  const to = parseDate(c.req.query('to') ?? '') ?? today
  const period = to >= from && to - from <= 3660 ? { from, to } : { from: month.from, to: today }
  const label = formatPeriod(calendarDay(formatDay(period.from)), calendarDay(formatDay(period.to)))
  const range = periodMs(period, offset)
  const [figures, unanswered, answers, dtks, lapor, byChannel] = await Promise.all([
    figuresFor(c, now, offset, period, label),
    listUnansweredEscalations(c.var.db),
    partnerAnswerTimes(c.var.db, range),
    dtksProposalCounts(c.var.db, range),
    laporCaseTimes(c.var.db, range),
    channelCounts(c.var.db, period),
  ])
  const laporMinutes = lapor.flatMap((r) => (r.minutes === null ? [] : [r.minutes]))
  return page(c, 'Dasbor', <DashboardPage {...figures} unanswered={unanswered} partners={partnerRows(answers)} dtks={dtks} lapor={{ cases: lapor.length, resolved: laporMinutes.length, median: median(laporMinutes) }} channels={channelRows(byChannel)} zone={c.var.config.zone} />)
})

/** Every channel in the glossary's order, those with no case included: a zero is a figure too. */
const channelRows = (counts: { channel: string; n: number }[]) =>
  channelCodes.map((code) => ({ label: channels[code], count: Number(counts.find((r) => r.channel === code)?.n ?? 0) }))

function yearParam(c: Context<AppEnv>, now: number, offset: number): number {
  const y = Number(c.req.query('year'))
  return Number.isSafeInteger(y) && y >= 2000 && y <= 2100 ? y : yearOf(now, offset)
}

async function recapRows(c: Context<AppEnv>, period: Period) {
  const ref = await c.var.reference.get()
  const recap = await loadRecap(c.var.db, period)
  const p = periodText(period)
  // Every category, also those without cases: a recap table shows the zeros (seed 002's tables do).
  const categories: (RecapRow & { group: string | null })[] = ref.categories.map((cat) => {
    const r = recap.get(cat.id) ?? { received: 0, escalated: 0 }
    return {
      label: cat.name,
      group: cat.groupName,
      received: r.received,
      escalated: r.escalated,
      receivedLink: casesLink({ received: p, category: String(cat.id) }),
      escalatedLink: casesLink({ received: p, category: String(cat.id), escalated: '1' }),
    }
  })
  const byProgramme = programmes.map((label) => {
    const inGroup = categories.filter((r) => r.group === label)
    return { label, received: inGroup.reduce((n, r) => n + r.received, 0), escalated: inGroup.reduce((n, r) => n + r.escalated, 0) }
  })
  return { categories, programmes: byProgramme }
}

/** The year month by month: received and escalated by the month received, handled by the month resolved. */
async function monthRows(c: Context<AppEnv>, year: number): Promise<MonthRow[]> {
  const months = await loadMonths(c.var.db, yearPeriod(year))
  return monthNames.map((label, i) => {
    const n = months.get(i + 1) ?? zeroCounts
    const p = periodText(monthPeriod(year, i + 1))
    return {
      label,
      received: n.received,
      escalated: n.escalated,
      handled: n.handled,
      within: n.withinTarget,
      percent: percent(n.withinTarget, n.handled),
      links: { received: casesLink({ received: p }), escalated: casesLink({ received: p, escalated: '1' }), handled: casesLink({ handled: p }), within: casesLink({ handled: p, within: '1' }) },
    }
  })
}

dashboard.get('/recap', async (c) => {
  const { now, offset } = await prepare(c)
  const year = yearParam(c, now, offset)
  const [{ categories, programmes: progs }, months, years] = await Promise.all([recapRows(c, yearPeriod(year)), monthRows(c, year), recapYears(c.var.db)])
  return page(
    c,
    `Rekap ${year}`,
    <RecapPage year={year} years={years} months={months} categories={categories} programmes={progs} csv={{ categories: `/dashboard/recap/categories.csv?year=${year}`, programmes: `/dashboard/recap/programmes.csv?year=${year}` }} />,
  )
})

dashboard.get('/recap/categories.csv', async (c) => {
  const { now, offset } = await prepare(c)
  const year = yearParam(c, now, offset)
  const { categories } = await recapRows(c, yearPeriod(year))
  return csvResponse(c, `rekap-kategori-${year}.csv`, toCsv(['Tahun', 'Kategori', 'Program', 'Pengaduan', 'Dieskalasi'], categories.map((r) => [year, r.label, r.group, r.received, r.escalated])))
})

dashboard.get('/recap/programmes.csv', async (c) => {
  const { now, offset } = await prepare(c)
  const year = yearParam(c, now, offset)
  const { programmes: progs } = await recapRows(c, yearPeriod(year))
  return csvResponse(c, `rekap-program-${year}.csv`, toCsv(['Tahun', 'Program', 'Pengaduan', 'Dieskalasi'], progs.map((r) => [year, r.label, r.received, r.escalated])))
})

dashboard.get('/report', async (c) => {
  const { now, offset } = await prepare(c)
  const m = /^(\d{4})-(\d{2})$/.exec(c.req.query('month') ?? '')
  const current = monthOf(now, offset)
  const period = m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? monthPeriod(Number(m[1]), Number(m[2])) : current
  const start = new Date(period.from * 86_400_000)
  const monthText = `${monthNames[start.getUTCMonth()]} ${start.getUTCFullYear()}`
  const figures = await figuresFor(c, now, offset, period, monthText)
  const { categories } = await recapRows(c, period)
  const agency = (await c.var.reference.get()).settings.get('agency.name') ?? 'Dinas Sosial'
  return page(
    c,
    `Laporan ${monthText}`,
    <MonthlyReportPage title={`Laporan bulanan penanganan kasus, ${monthText}`} month={formatDay(period.from).slice(0, 7)} agency={agency} figures={figures} recap={categories.filter((r) => r.received > 0)} />,
  )
})
