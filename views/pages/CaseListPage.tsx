import type { CaseFilter, CaseListRow } from '../../worker/db/queries/cases'
import { caseStatuses } from '../../worker/domain/case'
import { statusLabels } from '../../worker/domain/glossary'
import { CaseTable } from '../components/CaseRow'
import { SelectField, TextField } from '../components/Field'

export type CaseListProps = {
  rows: CaseListRow[]
  hasNext: boolean
  filter: CaseFilter
  now: number
  zone: string
  kelurahan: [string, string][]
  categories: [string, string][]
  canExport?: boolean
}

export function queryFor(filter: Omit<CaseFilter, 'page'>, page: number): string {
  const params = new URLSearchParams()
  // The dashboard's filters ride along so paging and the CSV keep them (issue 7).
  if (filter.open) params.set('open', '1')
  if (filter.assignee !== undefined) params.set('assignee', String(filter.assignee))
  if (filter.received) params.set('received', filter.received.text)
  if (filter.handled) params.set('handled', filter.handled.text)
  if (filter.within !== undefined) params.set('within', filter.within ? '1' : '0')
  if (filter.escalated) params.set('escalated', '1')
  if (filter.q) params.set('q', filter.q)
  if (filter.status) params.set('status', filter.status)
  if (filter.kelurahan) params.set('kelurahan', filter.kelurahan)
  if (filter.category) params.set('category', String(filter.category))
  if (filter.overdue) params.set('overdue', '1')
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

function CaseResults(props: CaseListProps) {
  return (
    <div id="case-results">
      {props.rows.length === 0 ? (
        <p>Tidak ada kasus yang cocok.</p>
      ) : (
        <CaseTable rows={props.rows} now={props.now} zone={props.zone} />
      )}
      <nav class="pager" aria-label="Halaman">
        {props.filter.page > 1 && <a href={`/cases${queryFor(props.filter, props.filter.page - 1)}`}>← Sebelumnya</a>}
        <span>Halaman {props.filter.page}</span>
        {props.hasNext && <a href={`/cases${queryFor(props.filter, props.filter.page + 1)}`}>Berikutnya →</a>}
      </nav>
    </div>
  )
}

export function CaseListPage(props: CaseListProps) {
  const f = props.filter
  const none = {}
  return (
    <>
      <h1>Kasus</h1>
      {/* A plain GET form, no htmx: the list is most of the page, so a partial saves little. */}
      <form method="get" action="/cases" class="filters">
        <TextField name="q" label="Cari" type="search" value={f.q ?? ''} errors={none} hint="Tiket, nama, NIK atau HP" />
        <SelectField name="status" label="Status" value={f.status ?? ''} options={caseStatuses.map((s) => [s, statusLabels[s]])} placeholder="Semua" errors={none} />
        <SelectField name="kelurahan" label="Kelurahan" value={f.kelurahan ?? ''} options={props.kelurahan} placeholder="Semua" errors={none} />
        <SelectField name="category" label="Kategori" value={f.category ? String(f.category) : ''} options={props.categories} placeholder="Semua" errors={none} />
        <div class="field">
          <label>
            <input type="checkbox" name="overdue" value="1" checked={f.overdue} /> Lewat target
          </label>
        </div>
        {/* Filters set from the dashboard, kept when the form is applied again. */}
        {f.open && <input type="hidden" name="open" value="1" />}
        {f.assignee !== undefined && <input type="hidden" name="assignee" value={String(f.assignee)} />}
        {f.received && <input type="hidden" name="received" value={f.received.text} />}
        {f.handled && <input type="hidden" name="handled" value={f.handled.text} />}
        {f.within !== undefined && <input type="hidden" name="within" value={f.within ? '1' : '0'} />}
        {f.escalated && <input type="hidden" name="escalated" value="1" />}
        <button type="submit">Terapkan</button>
      </form>
      {(f.open || f.assignee !== undefined || f.received || f.handled || f.within !== undefined || f.escalated) && (
        <p class="muted">
          Saringan dasbor:{f.open && ' terbuka'}
          {f.received && ` diterima ${f.received.text}`}
          {f.handled && ` ditangani ${f.handled.text}`}
          {f.within === true && ' tepat waktu'}
          {f.within === false && ' lewat target'}
          {f.escalated && ' dieskalasi/dirujuk'}
          {f.assignee !== undefined && (f.assignee === 0 ? ' belum ditugaskan' : ` fasilitator #${f.assignee}`)} · <a href="/cases">hapus saringan</a>
        </p>
      )}
      {props.canExport && (
        <p>
          <a href={`/cases/export.csv${queryFor(f, 1)}`} download>
            Unduh CSV
          </a>
        </p>
      )}
      <CaseResults {...props} />
    </>
  )
}
