import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { TextField } from './Field'

export type LaporPanelProps = {
  caseId: number
  laporId: string | null
  canEdit: boolean
  /** The follow-up text for LAPOR!, once the case is resolved and has a LAPOR! id. */
  resolution: string | null
  message?: { kind: 'ok' | 'bad'; text: string }
  failed?: { values: FormValues; errors: FieldErrors }
}

/** SP4N-LAPOR! (issue 24): the case's LAPOR! tracking id, and the follow-up text to copy into LAPOR!. */
export function LaporPanel(p: LaporPanelProps) {
  if (!p.laporId && !p.canEdit) return null
  return (
    <section id="lapor" aria-labelledby="lapor-heading">
      <h3 id="lapor-heading">SP4N-LAPOR!</h3>
      {p.message && (
        <p class={`notice ${p.message.kind}`} role={p.message.kind === 'ok' ? 'status' : 'alert'}>
          {p.message.text}
        </p>
      )}
      <p>Nomor tiket LAPOR!: {p.laporId ?? '—'}</p>
      {p.resolution && (
        <div class="field">
          <label for="lapor-text">Teks tindak lanjut untuk LAPOR! (salin)</label>
          <textarea id="lapor-text" readonly rows={5}>
            {p.resolution}
          </textarea>
        </div>
      )}
      {p.canEdit && (
        <details class="action" open={Boolean(p.failed)}>
          <summary>Ubah nomor tiket LAPOR!</summary>
          <form method="post" action={`/cases/${p.caseId}/lapor`}>
            <TextField name="lapor_id" label="Nomor tiket LAPOR!" maxlength={30} value={p.failed?.values.lapor_id ?? p.laporId ?? ''} errors={p.failed?.errors ?? {}} hint="Kosongkan untuk menghapus." />
            <button type="submit">Simpan</button>
          </form>
        </details>
      )}
    </section>
  )
}
