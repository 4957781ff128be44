import type { CaseFilter, CaseListRow } from '../../worker/db/queries/cases'
import { caseStatuses, statusLabels } from '../../worker/domain/case'
import { CaseRow } from '../components/CaseRow'
import { SelectField, TextField } from '../components/Field'

export type CaseListProps = {
  rows: CaseListRow[]
  hasNext: boolean
  filter: CaseFilter
  now: number
  zone: string
  kelurahan: [string, string][]
  categories: [string, string][]
}

function queryFor(filter: CaseFilter, page: number): string {
  const params = new URLSearchParams()
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
        <table class="cases">
          <thead>
            <tr>
              <th>Tiket</th>
              <th>Orang</th>
              <th>Kategori</th>
              <th>Kelurahan</th>
              <th>Status</th>
              <th>Diterima / target</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <CaseRow row={row} now={props.now} zone={props.zone} />
            ))}
          </tbody>
        </table>
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
        <button type="submit">Terapkan</button>
      </form>
      <CaseResults {...props} />
    </>
  )
}
