import type { Child } from 'hono/jsx'
import { statusLabels, urgencies, type CaseStatus } from '../../worker/domain/case'
import type { CaseListRow } from '../../worker/db/queries/cases'
import { timeLeft } from '../../worker/domain/sla'
import { formatDateTime, formatTimeLeft } from '../../worker/domain/format'
import { ListTable } from './ListTable'

/** Time left to the target, or how late; frozen once the case is resolved. */
export function DueLabel(props: { dueAt: number; resolvedAt: number | null; now: number }) {
  const left = timeLeft(props.dueAt, props.now, props.resolvedAt)
  return <span class={left.overdue ? 'late' : 'due'}>{formatTimeLeft(left)}</span>
}

type TableRow = CaseListRow & { assigneeName?: string | null }

/** One case in a list; the supervisor's queue also shows who has it (`withAssignee`) and an `extra` cell (its assign form). */
function CaseRow(props: { row: CaseListRow & { assigneeName?: string | null }; now: number; zone: string; withAssignee?: boolean; extra?: Child }) {
  const { row } = props
  return (
    <tr>
      <td>
        <a href={`/cases/${row.id}`}>{row.ticket}</a>
      </td>
      <td>{row.personName}</td>
      <td>
        {row.categoryName}
        <br />
        <span class="muted">{urgencies[row.urgency as keyof typeof urgencies] ?? row.urgency}</span>
      </td>
      <td>{row.kelurahanName}</td>
      <td>
        <span class="badge">{statusLabels[row.status as CaseStatus] ?? row.status}</span>
        {props.withAssignee && (
          <>
            <br />
            <span class="muted">{row.assigneeName ?? 'Belum ditugaskan'}</span>
          </>
        )}
      </td>
      <td>
        {formatDateTime(row.receivedAt, props.zone)}
        <br />
        <DueLabel dueAt={row.dueAt} resolvedAt={row.resolvedAt} now={props.now} />
      </td>
      {props.extra}
    </tr>
  )
}


/**
 * The case list and the supervisor's queue: one row per case. The queue shows who has each case
 * (`withAssignee`) and, when it may assign, an `extra` column (`extraHeading`, `extra(row)`).
 */
export function CaseTable<R extends TableRow>(props: { rows: R[]; now: number; zone: string; withAssignee?: boolean; extraHeading?: string; extra?: (row: R) => Child }) {
  return (
    <ListTable class="cases" headings={['Tiket', 'Orang', 'Kategori', 'Kelurahan', props.withAssignee ? 'Status / fasilitator' : 'Status', 'Diterima / target', ...(props.extraHeading ? [props.extraHeading] : [])]}>
      {props.rows.map((row) => (
        <CaseRow row={row} now={props.now} zone={props.zone} withAssignee={props.withAssignee} extra={props.extraHeading && props.extra ? <td>{props.extra(row)}</td> : undefined} />
      ))}
    </ListTable>
  )
}
