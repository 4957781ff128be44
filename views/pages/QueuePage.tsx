import type { QueueRow } from '../../worker/db/queries/handling'
import { CaseRow } from '../components/CaseRow'

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
            {props.rows.map((row) => (
              <CaseRow row={row} now={props.now} zone={props.zone} withAssignee />
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
