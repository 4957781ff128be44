import type { QueueRow } from '../../worker/db/queries/handling'
import { statusLabels, urgencies, type CaseStatus } from '../../worker/domain/case'
import { DueLabel } from '../components/CaseRow'
import { formatDateTime } from '../format'

/** The supervisor's queue: unassigned and overdue cases, most overdue first. */
export function QueuePage(props: { rows: QueueRow[]; now: number; zone: string }) {
  return (
    <>
      <h1>Antrean</h1>
      <p class="muted">Kasus yang belum ditugaskan dan kasus yang melewati target.</p>
      {props.rows.length === 0 ? (
        <p>Antrean kosong.</p>
      ) : (
        <table class="cases">
          <thead>
            <tr>
              <th>Tiket</th>
              <th>Orang</th>
              <th>Kategori</th>
              <th>Kelurahan</th>
              <th>Status / fasilitator</th>
              <th>Diterima / target</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/cases/${r.id}`}>{r.ticket}</a>
                </td>
                <td>{r.personName}</td>
                <td>
                  {r.categoryName}
                  <br />
                  <span class="muted">{urgencies[r.urgency as keyof typeof urgencies] ?? r.urgency}</span>
                </td>
                <td>{r.kelurahanName}</td>
                <td>
                  <span class="badge">{statusLabels[r.status as CaseStatus] ?? r.status}</span>
                  <br />
                  <span class="muted">{r.assigneeName ?? 'Belum ditugaskan'}</span>
                </td>
                <td>
                  {formatDateTime(r.receivedAt, props.zone)}
                  <br />
                  <DueLabel dueAt={r.dueAt} resolvedAt={r.resolvedAt} now={props.now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
