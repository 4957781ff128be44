import type { Child } from 'hono/jsx'
import type { UnansweredEscalation } from '../../worker/db/queries/alerts'
import { formatDateTime } from '../../worker/domain/format'
import { formatMinutes, formatPercent } from '../../worker/domain/figures'
import { BarChart } from '../components/charts'
import { RequiredMark } from '../components/Field'

/** One row of a split table: a kelurahan, a category or a facilitator, with links to its cases. */
export type FigureRow = {
  label: string
  open: number
  overdue: number
  handled: number
  within: number
  percent: number | null
  median: number | null
  links: { open: string; overdue: string; handled: string; within: string }
}

export type Headline = { label: string; handled: number; within: number; percent: number | null; links: { handled: string; within: string } }

export type DashboardProps = {
  periodLabel: string
  periodFrom: string
  periodTo: string
  open: number
  overdue: number
  openLink: string
  overdueLink: string
  headlines: Headline[]
  median: number | null
  medianLink: string
  splits: { title: string; rows: FigureRow[] }[]
  recapLink: string
  reportLink: string
}

function FigureTable(props: { caption: string; rows: FigureRow[] }) {
  return (
    <table class="figures">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Nama</th>
          <th scope="col" class="num">Terbuka</th>
          <th scope="col" class="num">Lewat target</th>
          <th scope="col" class="num">Ditangani</th>
          <th scope="col" class="num">Tepat waktu</th>
          <th scope="col" class="num">%</th>
          <th scope="col" class="num">Median waktu</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="num"><a href={r.links.open}>{r.open}</a></td>
            <td class="num"><a href={r.links.overdue}>{r.overdue}</a></td>
            <td class="num"><a href={r.links.handled}>{r.handled}</a></td>
            <td class="num"><a href={r.links.within}>{r.within}</a></td>
            <td class="num">{formatPercent(r.percent)}</td>
            <td class="num">{formatMinutes(r.median)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The figures of one period: headline cards, then per kelurahan, category and facilitator. */
export function Figures(props: DashboardProps) {
  return (
    <>
      <div class="cards">
        <div class="card">
          <span class="sub">Terbuka sekarang</span>
          <a class="figure" href={props.openLink}>{props.open}</a>
        </div>
        <div class="card">
          <span class="sub">Lewat target sekarang</span>
          <a class="figure" href={props.overdueLink}>{props.overdue}</a>
        </div>
        {props.headlines.map((h) => (
          <div class="card">
            <span class="sub">Tepat waktu {h.label}</span>
            <a class="figure" href={h.links.within}>{formatPercent(h.percent)}</a>
            <span class="sub">
              <a href={h.links.within}>{h.within}</a> dari <a href={h.links.handled}>{h.handled}</a> ditangani
            </span>
          </div>
        ))}
        <div class="card">
          <span class="sub">Median waktu penanganan ({props.periodLabel})</span>
          <a class="figure" href={props.medianLink}>{formatMinutes(props.median)}</a>
        </div>
      </div>
      {props.splits.map((s) => (
        <section class="split">
          <h2>{s.title}</h2>
          <BarChart title={`Kasus ditangani tepat waktu per ${s.title.toLowerCase()}, ${props.periodLabel}`} bars={s.rows.map((r) => ({ label: r.label, value: r.within }))} />
          <BarChart title={`Kasus terbuka per ${s.title.toLowerCase()}`} bars={s.rows.map((r) => ({ label: r.label, value: r.open }))} />
          <FigureTable caption={`${s.title}: ${props.periodLabel}`} rows={s.rows} />
        </section>
      ))}
    </>
  )
}

/** Escalations nobody on them has answered ("sudah dilihat" / "saya tangani"): the ladder goes on by time regardless. */
function UnansweredEscalations(props: { rows: UnansweredEscalation[]; zone: string }) {
  return (
    <section aria-labelledby="unanswered-heading">
      <h2 id="unanswered-heading">Eskalasi yang belum ditanggapi</h2>
      {props.rows.length === 0 ? (
        <p>Semua eskalasi sudah ditanggapi.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Kasus</th>
              <th scope="col">Tingkat</th>
              <th scope="col">Penerima</th>
              <th scope="col">Sejak</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/cases/${r.caseId}`}>{r.ticket}</a>
                </td>
                <td>{r.rungLabel ?? `Tingkat ${r.rung}`}</td>
                <td>{r.recipient}</td>
                <td>{formatDateTime(r.since, props.zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function DashboardPage(props: DashboardProps & { unanswered: UnansweredEscalation[]; zone: string }) {
  return (
    <>
      <h1>Dasbor</h1>
      <p>
        Target 1×24 jam: kasus dianggap tepat waktu bila diselesaikan paling lambat pada batas targetnya. <a href={props.recapLink}>Rekap tahunan</a> ·{' '}
        <a href={props.reportLink}>Laporan bulanan (cetak A4)</a>
      </p>
      <form method="get" action="/dashboard" class="filters">
        <div class="field">
          <label for="from">
            Dari tanggal
            <RequiredMark />
          </label>
          <input id="from" name="from" type="date" value={props.periodFrom} required />
        </div>
        <div class="field">
          <label for="to">
            Sampai tanggal
            <RequiredMark />
          </label>
          <input id="to" name="to" type="date" value={props.periodTo} required />
        </div>
        <button type="submit">Tampilkan</button>
      </form>
      <Figures {...props} />
      <UnansweredEscalations rows={props.unanswered} zone={props.zone} />
    </>
  )
}

export type RecapRow = { label: string; received: number; escalated: number; receivedLink: string; escalatedLink: string }

export type RecapProps = { year: number; years: number[]; categories: RecapRow[]; programmes: { label: string; received: number; escalated: number }[]; csv: { categories: string; programmes: string } }

/** Seed 002's recap for any year: complaints per category; escalated cases per JPS programme. */
export function RecapPage(props: RecapProps) {
  const total = props.categories.reduce((n, r) => n + r.received, 0)
  return (
    <div class="report">
      <h1>Rekap tahun {props.year}</h1>
      <form method="get" action="/dashboard/recap" class="filters no-print">
        <div class="field">
          <label for="year">Tahun</label>
          <input id="year" name="year" type="number" min="2000" max="2100" value={String(props.year)} />
        </div>
        <button type="submit">Tampilkan</button>
        {props.years.length > 0 && <span class="muted"> Tahun berdata: {props.years.join(', ')}</span>}
      </form>
      <p>
        Kasus dieskalasi: kasus yang mencapai tingkat eskalasi 2 (Kepala Dinas) atau lebih, atau yang dirujuk ke mitra; dihitung menurut tahun diterima.
      </p>
      <h2>Pengaduan per kategori</h2>
      <p class="no-print"><a href={props.csv.categories} download>Unduh CSV</a></p>
      <BarChart title={`Pengaduan per kategori, ${props.year}`} bars={props.categories.filter((r) => r.received > 0).map((r) => ({ label: r.label, value: r.received }))} />
      <CountsTable
        caption={`Pengaduan per kategori, tahun ${props.year} (jumlah ${total})`}
        heading="Kategori"
        rows={props.categories.map((r) => ({ label: r.label, received: <a href={r.receivedLink}>{r.received}</a>, escalated: <a href={r.escalatedLink}>{r.escalated}</a> }))}
      />
      <h2>Kasus dieskalasi per program JPS</h2>
      <p class="no-print"><a href={props.csv.programmes} download>Unduh CSV</a></p>
      <BarChart title={`Kasus dieskalasi per program, ${props.year}`} bars={props.programmes.map((r) => ({ label: r.label, value: r.escalated }))} />
      <CountsTable caption={`Kasus dieskalasi per program, tahun ${props.year}`} heading="Program" rows={props.programmes} />
    </div>
  )
}

/** Cases received and escalated per category or programme: the recap's table. */
function CountsTable(props: { caption?: string; heading: string; rows: { label: string; received: Child; escalated: Child }[] }) {
  return (
    <table class="figures">
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{props.heading}</th>
          <th scope="col" class="num">Pengaduan</th>
          <th scope="col" class="num">Dieskalasi</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="num">{r.received}</td>
            <td class="num">{r.escalated}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The monthly report: the month's figures and recap on A4 (print from the browser). */
export function MonthlyReportPage(props: { title: string; month: string; agency: string; figures: DashboardProps; recap: RecapRow[] }) {
  return (
    <div class="report">
      <form method="get" action="/dashboard/report" class="filters no-print">
        <div class="field">
          <label for="month">Bulan</label>
          <input id="month" name="month" type="month" value={props.month} />
        </div>
        <button type="submit">Tampilkan</button>
        <span class="muted"> Cetak dari menu peramban; halaman diatur untuk kertas A4.</span>
      </form>
      <h1>{props.title}</h1>
      <p>{props.agency}</p>
      <Figures {...props.figures} />
      <h2>Pengaduan per kategori</h2>
      <CountsTable heading="Kategori" rows={props.recap} />
    </div>
  )
}
