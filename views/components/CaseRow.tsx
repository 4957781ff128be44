import type { Child } from 'hono/jsx'
import { statusLabel, urgencies } from '../../worker/domain/glossary'
import type { CaseListRow } from '../../worker/db/queries/cases'
import { caseClock } from '../../worker/domain/sla'
import { formatCaseClock, formatDateTime } from '../../worker/domain/format'
import { ListTable } from './ListTable'

/** Time left to the target or how late while the case is open; at resolution, whether it was on time. */
export function DueLabel(props: { status: string; dueAt: number; resolvedAt: number | null; now: number }) {
  const clock = caseClock(props, props.now)
  if (clock.kind === 'none') return null
  const late = clock.kind === 'running' ? clock.left.overdue : clock.lateMinutes > 0
  return <span class={late ? 'late' : 'due'}>{formatCaseClock(clock)}</span>
}

type TableRow = CaseListRow & { assigneeName?: string | null }

/** One case in a list; the supervisor's queue also shows who has it (`withAssignee`) and an `extra` cell (its assign form). */
function CaseRow(props: { row: CaseListRow & { assigneeName?: string | null }; now: number; zone: string; withAssignee?: boolean; extra?: Child }) {
  const { row } = props
  return (
    <tr>
      <td>
        <a class="nowrap" href={`/cases/${row.id}`}>{row.ticket}</a>
      </td>
      <td>{row.personName}</td>
      <td>
        {row.categoryName}
        <br />
        <span class="muted">{urgencies[row.urgency as keyof typeof urgencies] ?? row.urgency}</span>
      </td>
      <td>{row.kelurahanName}</td>
      <td>
        <span class="badge">{statusLabel(row.status)}</span>
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
        <DueLabel status={row.status} dueAt={row.dueAt} resolvedAt={row.resolvedAt} now={props.now} />
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
