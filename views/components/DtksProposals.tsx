import type { DtksProposalRow } from '../../worker/db/queries/dtks'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { calendarDay, formatCalendarDay, formatDate } from '../../worker/domain/format'
import { dtksOutcomes, labelOf } from '../../worker/domain/glossary'
import { SelectField, TextArea, TextField } from './Field'

export type DtksProposalsProps = {
  caseId: number
  rows: DtksProposalRow[]
  /** Whether the viewer may record an usulan or its outcome (role and scope already checked by loading the case). */
  canRecord: boolean
  /** Whether the person is known not to be in DTKS: only then is a new usulan offered. */
  canPropose: boolean
  idem: string
  today: string
  zone: string
  message?: { kind: 'ok' | 'bad'; text: string }
  /** A refused form: the new usulan (`proposal` absent) or the outcome of usulan `proposal`. */
  failed?: { proposal?: number; values: FormValues; errors: FieldErrors }
}

const outcomeOptions = Object.entries(dtksOutcomes) as [string, string][]

/** Usulan to DTKS/DTSEN through the kelurahan's SIKS-NG operator (issue 24): what went, to whom, what came of it. */
export function DtksProposals(p: DtksProposalsProps) {
  if (p.rows.length === 0 && !(p.canRecord && p.canPropose)) return null
  const failedNew = p.failed && p.failed.proposal === undefined ? p.failed : undefined
  return (
    <section id="dtks" aria-labelledby="dtks-heading">
      <h3 id="dtks-heading">Usulan DTKS/DTSEN</h3>
      {p.message && (
        <p class={`notice ${p.message.kind}`} role={p.message.kind === 'ok' ? 'status' : 'alert'}>
          {p.message.text}
        </p>
      )}
      {p.rows.length > 0 && (
        <ul class="plain">
          {p.rows.map((r) => {
            const failed = p.failed?.proposal === r.id ? p.failed : undefined
            return (
              <li>
                Dikirim {formatCalendarDay(calendarDay(r.sentOn))} kepada {r.sentTo}
                {r.createdByName && ` (dicatat oleh ${r.createdByName})`} · <span class="badge">{labelOf(dtksOutcomes, r.outcome)}</span>
                {r.outcomeAt !== null && ` sejak ${formatDate(r.outcomeAt, p.zone)}`}
                {p.canRecord && (
                  <details class="action" open={Boolean(failed)}>
                    <summary>Catat hasil usulan</summary>
                    <form method="post" action={`/cases/${p.caseId}/dtks/${r.id}/hasil`}>
                      <input type="hidden" name="idem" value={p.idem} />
                      <SelectField name="outcome" idSuffix={String(r.id)} label="Hasil" required placeholder="— pilih hasil —" value={failed?.values.outcome ?? ''} errors={failed?.errors ?? {}} options={outcomeOptions} />
                      <TextArea name="outcome_note" idSuffix={String(r.id)} label="Catatan" value={failed?.values.outcome_note ?? ''} errors={failed?.errors ?? {}} maxlength={1000} hint="Misalnya alasan penolakan atau bulan penetapan." />
                      <button type="submit">Simpan hasil</button>
                    </form>
                  </details>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {p.canRecord && p.canPropose && (
        <details class="action" open={Boolean(failedNew)}>
          <summary>Catat usulan ke operator SIKS-NG</summary>
          <form method="post" action={`/cases/${p.caseId}/dtks`}>
            <input type="hidden" name="idem" value={p.idem} />
            <TextField name="sent_on" label="Tanggal dikirim" type="date" required value={failedNew?.values.sent_on ?? p.today} errors={failedNew?.errors ?? {}} />
            <TextField name="sent_to" label="Dikirim kepada" required maxlength={200} value={failedNew?.values.sent_to ?? ''} errors={failedNew?.errors ?? {}} hint="Nama operator SIKS-NG kelurahan." />
            <TextArea name="note" label="Catatan" value={failedNew?.values.note ?? ''} errors={failedNew?.errors ?? {}} maxlength={1000} />
            <button type="submit">Simpan usulan</button>
          </form>
        </details>
      )}
    </section>
  )
}
