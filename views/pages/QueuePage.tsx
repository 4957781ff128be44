import type { LetterRequestRow, QueueRow, TriageRow } from '../../worker/db/queries/handling'
import { formatDateTime } from '../../worker/domain/format'
import type { HandlingMessage } from '../components/CaseActions'
import { CaseTable } from '../components/CaseRow'
import { SelectField, TextArea } from '../components/Field'
import type { FieldErrors, FormValues } from '../../worker/domain/form'

/**
 * A queue row; when the viewer may assign it from the queue, `assignees` (who the case may go to) and
 * the case's signed `snapshot` (worker/security/case-snapshot.ts).
 */
export type QueueEntry = QueueRow & { assignees?: { id: number; displayName: string; areas: string[] }[]; snapshot?: string }

export type QueueProps = {
  rows: QueueEntry[]
  /** The facilitators the assign forms offer, signed (case-snapshot.ts, signChoices). */
  assigneeChoices?: string
  /** Open cases whose kelurahan is not known yet (unknown-area.ts). */
  triage: TriageRow[]
  /** Facilitators' surat tugas requests waiting for the supervisor (issued on the case page). */
  letterRequests: LetterRequestRow[]
  /** The kelurahan to choose from, when the viewer may set one. */
  areas?: [string, string][]
  now: number
  zone: string
  message?: HandlingMessage
  /** The row whose assign form failed, with the typed values and a message per field. */
  failed?: { caseId: number; values: FormValues; errors: FieldErrors }
}

/** The supervisor's queue: unassigned and overdue cases, most overdue first. */
export function QueuePage(props: QueueProps) {
  return (
    <>
      <h1>Antrean</h1>
      <p class="muted">Kasus yang kelurahannya belum diketahui, yang belum ditugaskan, dan yang melewati target.</p>
      <QueueList {...props} />
      {props.letterRequests.length > 0 && (
        <>
          <h2>Permintaan surat tugas</h2>
          <ul class="plain">
            {props.letterRequests.map((r) => (
              <li>
                <a href={`/cases/${r.caseId}#case-handling`} class="nowrap">
                  {r.ticket}
                </a>{' '}
                · {r.officerName} · diminta {formatDateTime(r.requestedAt, props.zone)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}

/** The queue's message and table: the page body, and what an htmx assign from the queue gets back. */
export function QueueList(props: QueueProps) {
  const assigning = props.rows.some((row) => row.assignees)
  return (
    <div id="queue">
      {props.message && (
        <div class={props.message.kind === 'ok' ? 'notice' : 'notice bad'} role={props.message.kind === 'ok' ? 'status' : 'alert'}>
          {props.message.text}
        </div>
      )}
      {props.triage.length > 0 && (
        <section aria-labelledby="triage-title">
          <h2 id="triage-title">Kelurahan belum diketahui ({props.triage.length})</h2>
          <p class="muted">Batas waktu berjalan sejak laporan diterima. Tetapkan kelurahan dari alamat dan patokan; kasus lalu diteruskan ke fasilitator kelurahan itu.</p>
          <CaseTable
            rows={props.triage}
            now={props.now}
            zone={props.zone}
            withAssignee
            extraHeading="Lokasi"
            extra={(row) => <TriageCell row={row} areas={props.areas} failed={props.failed?.caseId === row.id ? props.failed : undefined} />}
          />
        </section>
      )}
      {props.triage.length > 0 && <h2>Antrean penugasan</h2>}
      {props.rows.length === 0 ? (
        <p>Antrean kosong.</p>
      ) : (
        <CaseTable
          rows={props.rows}
          now={props.now}
          zone={props.zone}
          withAssignee
          extraHeading={assigning ? 'Tugaskan' : undefined}
          extra={(row) => row.assignees && <QueueAssignForm row={row} assignees={row.assignees} choices={props.assigneeChoices} failed={props.failed?.caseId === row.id ? props.failed : undefined} />}
        />
      )}
    </div>
  )
}

// Posts to the case's own assign action (same rules), which sends a queue form back to the queue.
function QueueAssignForm(props: { row: QueueEntry; assignees: NonNullable<QueueEntry['assignees']>; choices?: string; failed?: QueueProps['failed'] }) {
  const { row } = props
  const path = `/cases/${row.id}/assign`
  const errors = props.failed?.errors ?? {}
  const values = props.failed?.values ?? {}
  return (
    <form method="post" action={path} hx-post={path} hx-target="#queue" hx-swap="outerHTML" hx-disable="find button">
      <input type="hidden" name="version" value={String(row.version)} />
      <input type="hidden" name="return" value="queue" />
      <input type="hidden" name="snapshot" value={row.snapshot} />
      <input type="hidden" name="choices" value={props.choices} />
      <SelectField
        name="assignee"
        idSuffix={String(row.id)}
        label="Fasilitator"
        value={values.assignee ?? ''}
        options={props.assignees.map((f): [string, string] => [String(f.id), `${f.displayName}${f.areas.length ? ` (${f.areas.join(', ')})` : ''}`])}
        placeholder="— pilih —"
        errors={errors}
        required
      />
      {/* Moving a case away from someone needs a reason (domain/transitions.ts, assign). */}
      {(row.assignedTo !== null || errors.note) && <TextArea name="note" idSuffix={String(row.id)} label="Alasan penugasan ulang" value={values.note ?? ''} errors={errors} required maxlength={2000} />}
      <button type="submit">Tugaskan</button>
    </form>
  )
}

// Where the case is as the caller described it, and (for the supervisor) the form that sets its kelurahan.
function TriageCell(props: { row: TriageRow; areas?: [string, string][]; failed?: QueueProps['failed'] }) {
  const { row } = props
  const path = `/cases/${row.id}/kelurahan`
  const errors = props.failed?.errors ?? {}
  return (
    <>
      <p>
        {row.address}
        {row.landmark && (
          <>
            <br />
            <span class="muted">Patokan: {row.landmark}</span>
          </>
        )}
      </p>
      {props.areas && (
        <form method="post" action={path} hx-post={path} hx-target="#queue" hx-swap="outerHTML" hx-disable="find button">
          <input type="hidden" name="version" value={String(row.version)} />
          <SelectField name="kelurahan" idSuffix={`set-${row.id}`} label="Kelurahan" value={props.failed?.values.kelurahan ?? ''} options={props.areas} placeholder="— pilih kelurahan —" errors={errors} required />
          <button type="submit">Tetapkan kelurahan</button>
        </form>
      )}
    </>
  )
}
