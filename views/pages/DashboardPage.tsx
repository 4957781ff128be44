import type { Child } from 'hono/jsx'
import type { PartnerTimes } from '../../worker/domain/partner-times'
import type { UnansweredEscalation } from '../../worker/db/queries/alerts'
import { formatDateTime, formatDuration } from '../../worker/domain/format'
import { formatMinutes, formatPercent, percent } from '../../worker/domain/figures'
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

/** Seven columns do not fit a phone: the table scrolls sideways in its own box (focusable, so a keyboard scrolls it too). */
function FigureTable(props: { id: string; caption: string; heading: string; rows: FigureRow[] }) {
  return (
    <div class="wide" role="region" tabindex={0} aria-labelledby={`${props.id}-caption`}>
      <table class="figures" id={props.id}>
        <caption id={`${props.id}-caption`}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.heading}</th>
            <th scope="col" class="num">Terbuka</th>
            <th scope="col" class="num">Lewat target</th>
            <th scope="col" class="num">Ditangani</th>
            <th scope="col" class="num">Tepat waktu</th>
            <th scope="col" class="num">% tepat waktu</th>
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
    </div>
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
      {props.splits.map((s) => {
        const noun = s.title.toLowerCase()
        const tableId = `tabel-${noun}`
        return (
          <section class="split" aria-labelledby={`judul-${noun}`}>
            <h2 id={`judul-${noun}`}>Per {noun}</h2>
            <BarChart
              id={`grafik-terbuka-${noun}`}
              question={`Berapa kasus masih terbuka per ${noun} saat ini, dan berapa yang sudah lewat target?`}
              series={['Terbuka', 'Lewat target']}
              rows={s.rows.filter((r) => r.open > 0).map((r) => ({ label: r.label, values: [r.open, r.overdue] }))}
              tableId={tableId}
              empty="Tidak ada kasus terbuka."
            />
            <BarChart
              id={`grafik-ditangani-${noun}`}
              question={`Berapa kasus selesai ditangani per ${noun}, ${props.periodLabel}, dan berapa yang tepat waktu?`}
              series={['Ditangani', 'Tepat waktu']}
              rows={s.rows.filter((r) => r.handled > 0).map((r) => ({ label: r.label, values: [r.handled, r.within] }))}
              tableId={tableId}
              empty={`Tidak ada kasus selesai ditangani, ${props.periodLabel}.`}
            />
            <FigureTable id={tableId} caption={`Angka per ${noun}: terbuka dan lewat target saat ini; ditangani, tepat waktu dan median waktu penanganan ${props.periodLabel}`} heading={s.title} rows={s.rows} />
          </section>
        )
      })}
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

/** Each partner's answer times over the period's referrals (issue 24). */
function PartnerTimesTable(props: { rows: PartnerTimes[]; periodLabel: string }) {
  return (
    <section class="split" id="mitra">
      <h2>Mitra: waktu menjawab rujukan</h2>
      {props.rows.length === 0 ? (
        <p>Belum ada rujukan ke mitra terdaftar pada periode ini.</p>
      ) : (
        <table class="figures">
          <caption>Rujukan ke mitra, {props.periodLabel}</caption>
          <thead>
            <tr>
              <th scope="col">Mitra</th>
              <th scope="col" class="num">Rujukan</th>
              <th scope="col" class="num">Dijawab</th>
              <th scope="col">Median sampai jawaban</th>
              <th scope="col">Median sampai hasil</th>
              <th scope="col" class="num">Lewat batas jawab</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{r.partner}</td>
                <td class="num">{r.referrals}</td>
                <td class="num">{r.answered}</td>
                <td>{r.firstMedian === null ? '–' : formatDuration(r.firstMedian)}</td>
                <td>{r.resultMedian === null ? '–' : formatDuration(r.resultMedian)}</td>
                <td class="num">{r.missed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export type DtksCounts = Record<'menunggu' | 'diterima' | 'ditolak', number>

/** Usulan to DTKS/DTSEN made in the period, by what came of them so far (issue 24). */
function DtksFigures(props: { counts: DtksCounts; periodLabel: string }) {
  const { menunggu, diterima, ditolak } = props.counts
  return (
    <section class="split" id="dtks">
      <h2>Usulan DTKS/DTSEN</h2>
      <table class="figures">
        <caption>Usulan ke operator SIKS-NG kelurahan, {props.periodLabel}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">Diusulkan</th>
            <th scope="col" class="num">Diterima</th>
            <th scope="col" class="num">Ditolak</th>
            <th scope="col" class="num">Menunggu</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td class="num">{menunggu + diterima + ditolak}</td>
            <td class="num">{diterima}</td>
            <td class="num">{ditolak}</td>
            <td class="num">{menunggu}</td>
          </tr>
        </tbody>
      </table>
    </section>
  )
}

export type LaporFigures = { cases: number; resolved: number; median: number | null }

/** Cases that came through SP4N-LAPOR! in the period and how fast they were resolved (issue 24). */
function LaporTable(props: { figures: LaporFigures; periodLabel: string }) {
  const f = props.figures
  return (
    <section class="split" id="lapor">
      <h2>Laporan dari SP4N-LAPOR!</h2>
      <table class="figures">
        <caption>Kasus dengan nomor tiket LAPOR!, diterima {props.periodLabel}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">Kasus</th>
            <th scope="col" class="num">Selesai</th>
            <th scope="col">Median waktu sampai selesai</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td class="num">{f.cases}</td>
            <td class="num">{f.resolved}</td>
            <td>{f.median === null ? '–' : formatDuration(Math.round(f.median))}</td>
          </tr>
        </tbody>
      </table>
    </section>
  )
}

/** How many cases came in by each channel in the period (issue 21: WhatsApp among them). */
function ChannelTable(props: { rows: { label: string; count: number }[]; periodLabel: string }) {
  return (
    <section class="split" id="saluran">
      <h2>Laporan per saluran</h2>
      <CountsTable caption={`Kasus diterima ${props.periodLabel}, menurut saluran laporan`} heading="Saluran" columns={['Kasus']} rows={props.rows.map((r) => ({ label: r.label, values: [r.count] }))} />
    </section>
  )
}

export function DashboardPage(props: DashboardProps & { unanswered: UnansweredEscalation[]; partners: PartnerTimes[]; dtks: DtksCounts; lapor: LaporFigures; channels: { label: string; count: number }[]; zone: string }) {
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
      <PartnerTimesTable rows={props.partners} periodLabel={props.periodLabel} />
      <DtksFigures counts={props.dtks} periodLabel={props.periodLabel} />
      <ChannelTable rows={props.channels} periodLabel={props.periodLabel} />
      <LaporTable figures={props.lapor} periodLabel={props.periodLabel} />
      <UnansweredEscalations rows={props.unanswered} zone={props.zone} />
    </>
  )
}

export type RecapRow = { label: string; received: number; escalated: number; receivedLink: string; escalatedLink: string }

/** One month of the year view, with links to its cases. */
export type MonthRow = {
  label: string
  received: number
  escalated: number
  handled: number
  within: number
  percent: number | null
  links: { received: string; escalated: string; handled: string; within: string }
}

export type RecapProps = {
  year: number
  years: number[]
  months: MonthRow[]
  categories: RecapRow[]
  programmes: { label: string; received: number; escalated: number }[]
  csv: { categories: string; programmes: string }
}

/** The year month by month (seed 002 counts its services per year and month): a chart and its table. */
function YearByMonth(props: { year: number; months: MonthRow[] }) {
  const total = (pick: (m: MonthRow) => number) => props.months.reduce((n, m) => n + pick(m), 0)
  return (
    <section aria-labelledby="judul-bulan">
      <h2 id="judul-bulan">Per bulan</h2>
      <BarChart
        id="grafik-bulan"
        question={`Berapa pengaduan diterima dan berapa kasus selesai ditangani tiap bulan, tahun ${props.year}?`}
        series={['Diterima', 'Ditangani']}
        rows={props.months.map((m) => ({ label: m.label, values: [m.received, m.handled] }))}
        tableId="tabel-bulan"
      />
      <table class="figures" id="tabel-bulan">
        <caption>{`Angka per bulan, tahun ${props.year}: pengaduan menurut bulan diterima, penanganan menurut bulan selesai`}</caption>
        <thead>
          <tr>
            <th scope="col">Bulan</th>
            <th scope="col" class="num">Diterima</th>
            <th scope="col" class="num">Dieskalasi</th>
            <th scope="col" class="num">Ditangani</th>
            <th scope="col" class="num">Tepat waktu</th>
            <th scope="col" class="num">% tepat waktu</th>
          </tr>
        </thead>
        <tbody>
          {props.months.map((m) => (
            <tr>
              <th scope="row">{m.label}</th>
              <td class="num"><a href={m.links.received}>{m.received}</a></td>
              <td class="num"><a href={m.links.escalated}>{m.escalated}</a></td>
              <td class="num"><a href={m.links.handled}>{m.handled}</a></td>
              <td class="num"><a href={m.links.within}>{m.within}</a></td>
              <td class="num">{formatPercent(m.percent)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Jumlah</th>
            <td class="num">{total((m) => m.received)}</td>
            <td class="num">{total((m) => m.escalated)}</td>
            <td class="num">{total((m) => m.handled)}</td>
            <td class="num">{total((m) => m.within)}</td>
            <td class="num">{formatPercent(percent(total((m) => m.within), total((m) => m.handled)))}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  )
}

/** Seed 002's recap for any year: month by month; complaints per category; escalated cases per JPS programme. */
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
      <YearByMonth year={props.year} months={props.months} />
      <h2>Per kategori</h2>
      <p class="no-print"><a href={props.csv.categories} download>Unduh CSV</a></p>
      <BarChart
        id="grafik-kategori"
        question={`Berapa pengaduan diterima per kategori, tahun ${props.year}, dan berapa yang dieskalasi?`}
        series={['Pengaduan', 'Dieskalasi']}
        rows={props.categories.filter((r) => r.received > 0).map((r) => ({ label: r.label, values: [r.received, r.escalated] }))}
        tableId="tabel-kategori"
        empty={`Belum ada pengaduan pada tahun ${props.year}.`}
      />
      <CountsTable
        id="tabel-kategori"
        caption={`Pengaduan per kategori, tahun ${props.year} (jumlah ${total})`}
        heading="Kategori"
        columns={recapColumns}
        rows={props.categories.map((r) => ({ label: r.label, values: [<a href={r.receivedLink}>{r.received}</a>, <a href={r.escalatedLink}>{r.escalated}</a>] }))}
      />
      <h2>Per program JPS</h2>
      <p class="no-print"><a href={props.csv.programmes} download>Unduh CSV</a></p>
      <BarChart
        id="grafik-program"
        question={`Berapa kasus dieskalasi per program JPS, tahun ${props.year}?`}
        series={['Dieskalasi']}
        rows={props.programmes.map((r) => ({ label: r.label, values: [r.escalated] }))}
        tableId="tabel-program"
      />
      <CountsTable id="tabel-program" caption={`Kasus dieskalasi per program JPS, tahun ${props.year}`} heading="Program" columns={recapColumns} rows={receivedEscalated(props.programmes)} />
    </div>
  )
}

/** Counts per label (category, programme, channel), one column each: the recap's and the dashboard's plain tables. */
function CountsTable(props: { id?: string; caption?: string; heading: string; columns: string[]; rows: { label: string; values: Child[] }[] }) {
  return (
    <table class="figures" id={props.id}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{props.heading}</th>
          {props.columns.map((c) => (
            <th scope="col" class="num">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            {r.values.map((v) => (
              <td class="num">{v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The recap's two columns. */
const recapColumns = ['Pengaduan', 'Dieskalasi']
const receivedEscalated = (rows: { label: string; received: Child; escalated: Child }[]) => rows.map((r) => ({ label: r.label, values: [r.received, r.escalated] }))

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
      <CountsTable heading="Kategori" columns={recapColumns} rows={receivedEscalated(props.recap)} />
    </div>
  )
}
