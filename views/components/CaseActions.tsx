import type { Child } from 'hono/jsx'
import { statusLabel } from '../../worker/domain/glossary'
import { formatBytes, maxPhotosPerEvent, maxUploadBytes, targetPhotoBytes } from '../../worker/domain/photo'
import { actionLabels, outcomes, partnerTypes, type Action } from '../../worker/domain/transitions'
import { formatDateTime, formatDuration } from '../../worker/domain/format'
import { maxTaskLength } from '../../worker/domain/letter'
import { SelectField, TextArea, TextField } from './Field'
import type { FieldErrors, FormValues } from '../../worker/domain/form'

export type HandlingMessage = { kind: 'ok' | 'bad'; text: string }

export type HandlingProps = {
  caseId: number
  status: string
  version: number
  /** The case and the viewer as this render saw them, signed: the action is decided on it in one round trip (worker/security/case-snapshot.ts). */
  snapshot: string
  /** This render's idempotency key: a form sent twice saves once (the phone gives each form its own, issue 22). */
  formKey: string
  handleMinutes: number | null
  outcome: string | null
  duplicateOf: { id: number; ticket: string } | null
  allowed: Action[]
  photos: { id: number }[]
  referrals: { partnerType: string; partnerName: string; request: string; at: number }[]
  /** The admin's partner organisations a referral may name (issue 7); free text when none fits. */
  partners?: { id: number; name: string; partnerType: string }[]
  /** The listed partners and facilitators, signed for the referral and assign forms (case-snapshot.ts, signChoices). */
  choices?: { partners?: string; assignees?: string }
  letters: { id: number; number: string; officerName: string }[]
  /** Supervisor only: who the case may go to, and whether a letter can be issued now. */
  facilitators?: { id: number; displayName: string; areas: string[] }[]
  canIssueLetter: boolean
  /** Facilitators' requests no letter answers yet; whether the viewer (the facilitator on the case) may ask. */
  letterRequests: { officerId: number; officerName: string; requestedAt: number }[]
  canRequestLetter: boolean
  /** Supervisor: the issue form, with its defaults or the typed values and a message per field. */
  letterForm?: { values: Record<string, string>; errors: Record<string, string> }
  photosEnabled: boolean
  message?: HandlingMessage
  /** The action whose form failed, with the typed values and a message per field. */
  failed?: { action: Action; values: FormValues; errors: FieldErrors }
  zone: string
}

const pathOf = (caseId: number, action: Action) => `/cases/${caseId}/${action.replace('_', '-')}`

// Plain forms, with JavaScript on too: POST, then 303 back to the case page, or the page again with
// the message and the failed form. Not htmx: one form alone gzips to about a quarter of the page, so
// no partial that carries forms can be the ≥ 80 % smaller than its page that issue 10 asks for.
function ActionForm(props: { p: HandlingProps; action: Action; multipart?: boolean; choices?: string; children: Child }) {
  const { p, action } = props
  const failed = p.failed?.action === action
  return (
    <details class="action" open={failed}>
      <summary>{actionLabels[action]}</summary>
      <form method="post" action={pathOf(p.caseId, action)} enctype={props.multipart ? 'multipart/form-data' : undefined}>
        <input type="hidden" name="version" value={String(p.version)} />
        <input type="hidden" name="snapshot" value={p.snapshot} />
        <input type="hidden" name="idem" value={p.formKey} />
        {props.choices && <input type="hidden" name="choices" value={props.choices} />}
        {props.children}
        <button type="submit">{actionLabels[action]}</button>
      </form>
    </details>
  )
}

function NoteField(props: { p: HandlingProps; action: Action; label: string; required?: boolean }) {
  const failed = props.p.failed?.action === props.action ? props.p.failed : undefined
  return <TextArea name="note" idSuffix={props.action} label={props.label} value={failed?.values.note ?? ''} errors={failed?.errors ?? {}} required={props.required} maxlength={2000} />
}

// Location and photos: both optional; without JavaScript the location button stays hidden.
function FieldExtras(props: { p: HandlingProps; action: Action }) {
  const failed = props.p.failed?.action === props.action ? props.p.failed : undefined
  return (
    <>
      <div class="geo" data-geo hidden>
        <input type="hidden" name="lat" value="" />
        <input type="hidden" name="lng" value="" />
        <input type="hidden" name="accuracy" value="" />
        <button type="button" class="btn secondary" data-geo-button>
          Tambahkan lokasi saya
        </button>{' '}
        <span class="muted" data-geo-status aria-live="polite"></span>
      </div>
      {props.p.photosEnabled && (
        <div class="field">
          <label for={`f-photos-${props.action}`}>Foto (boleh kosong, paling banyak {maxPhotosPerEvent})</label>
          <input id={`f-photos-${props.action}`} type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple data-shrink />
          <div class="hint">Foto dikecilkan otomatis sampai sekitar {formatBytes(targetPhotoBytes)}; semua foto sekali kirim paling besar {formatBytes(maxUploadBytes)}.</div>
          {failed?.errors.photos && <p class="error">{failed.errors.photos}</p>}
        </div>
      )}
    </>
  )
}

function fieldsOf(p: HandlingProps, action: Action) {
  const failed = p.failed?.action === action ? p.failed : undefined
  return { values: failed?.values ?? {}, errors: failed?.errors ?? {} }
}

function FormFor(props: { p: HandlingProps; action: Action }) {
  const { p, action } = props
  const { values, errors } = fieldsOf(p, action)
  switch (action) {
    case 'accept':
    case 'visit':
      return (
        <ActionForm p={p} action={action} multipart={p.photosEnabled}>
          <NoteField p={p} action={action} label={action === 'accept' ? 'Hasil kontak pertama / kunjungan' : 'Catatan kunjungan'} required />
          <FieldExtras p={p} action={action} />
        </ActionForm>
      )
    case 'refer':
      return (
        <ActionForm p={p} action={action} choices={p.choices?.partners}>
          {(p.partners ?? []).length > 0 && (
            <SelectField name="partner_id" label="Mitra terdaftar" value={values.partner_id ?? ''} options={(p.partners ?? []).map((m) => [String(m.id), m.name])} placeholder="— lembaga lain, isi di bawah —" errors={errors} />
          )}
          <SelectField name="partner_type" label="Jenis mitra" value={values.partner_type ?? ''} options={Object.entries(partnerTypes)} placeholder="— pilih —" errors={errors} required={(p.partners ?? []).length === 0} />
          <TextField name="partner_name" label="Nama lembaga" value={values.partner_name ?? ''} errors={errors} maxlength={200} required={(p.partners ?? []).length === 0} />
          <TextArea name="request" label="Yang diminta dari mitra" value={values.request ?? ''} errors={errors} maxlength={2000} required />
          <NoteField p={p} action={action} label="Catatan (boleh kosong)" />
        </ActionForm>
      )
    case 'resolve':
      return (
        <ActionForm p={p} action={action}>
          <SelectField name="outcome" label="Hasil penanganan" value={values.outcome ?? ''} options={Object.entries(outcomes)} placeholder="— pilih —" errors={errors} required />
          <NoteField p={p} action={action} label="Catatan penyelesaian" required />
        </ActionForm>
      )
    case 'reject':
      return (
        <ActionForm p={p} action={action}>
          <NoteField p={p} action={action} label="Alasan penolakan" required />
        </ActionForm>
      )
    case 'duplicate':
      return (
        <ActionForm p={p} action={action}>
          <TextField name="duplicate_of" label="Nomor tiket kasus aslinya" value={values.duplicate_of ?? ''} errors={errors} maxlength={40} required />
          <NoteField p={p} action={action} label="Alasan" required />
        </ActionForm>
      )
    case 'assign':
      return (
        <ActionForm p={p} action={action} choices={p.choices?.assignees}>
          <SelectField
            name="assignee"
            label="Fasilitator"
            value={values.assignee ?? ''}
            options={(p.facilitators ?? []).map((f): [string, string] => [String(f.id), `${f.displayName}${f.areas.length ? ` (${f.areas.join(', ')})` : ''}`])}
            placeholder="— pilih —"
            errors={errors}
            required
          />
          <NoteField p={p} action={action} label="Alasan (wajib bila menugaskan ulang)" />
        </ActionForm>
      )
    case 'close':
      return (
        <ActionForm p={p} action={action}>
          <NoteField p={p} action={action} label="Catatan verifikasi (boleh kosong)" />
        </ActionForm>
      )
    case 'send_back':
      return (
        <ActionForm p={p} action={action}>
          <NoteField p={p} action={action} label="Alasan pengembalian" required />
        </ActionForm>
      )
  }
}

/** Letters issued (each opens as a printable page), open requests, and the form that asks or issues. */
function Letters(props: { p: HandlingProps }) {
  const p = props.p
  const form = p.letterForm
  return (
    <>
      <h3>Surat tugas</h3>
      <ul class="plain">
        {p.letters.map((l) => (
          <li>
            <a href={`/surat-tugas/${l.id}`}>{l.number}</a> · {l.officerName}
          </li>
        ))}
        {p.letterRequests.map((r) => (
          <li>
            Diminta oleh {r.officerName} · {formatDateTime(r.requestedAt, p.zone)} · menunggu diterbitkan supervisor
          </li>
        ))}
      </ul>
      {p.canRequestLetter && (
        <form method="post" action={`/cases/${p.caseId}/surat-tugas/request`}>
          <button type="submit" class="btn secondary">
            Minta surat tugas
          </button>
        </form>
      )}
      {form && (
        <details class="action" open={Object.keys(form.errors).length > 0 || p.letterRequests.length > 0}>
          <summary>Terbitkan surat tugas</summary>
          <form method="post" action={`/cases/${p.caseId}/surat-tugas`}>
            <TextArea name="task" label="Untuk (tugas yang diberikan)" value={form.values.task ?? ''} errors={form.errors} required maxlength={maxTaskLength} hint="Surat ini dibawa dan diperlihatkan kepada warga: jangan tulis NIK atau keterangan kesehatan." />
            <TextField name="period_start" label="Masa tugas mulai" type="date" value={form.values.period_start ?? ''} errors={form.errors} required />
            <TextField name="period_end" label="Masa tugas sampai" type="date" value={form.values.period_end ?? ''} errors={form.errors} required />
            <button type="submit">Terbitkan surat tugas</button>
          </form>
        </details>
      )}
    </>
  )
}

/**
 * The part of the case page that actions change: state, outcome, photos, referrals, letters and
 * the forms the viewer may use now.
 */
export function CaseHandling(p: HandlingProps) {
  return (
    <section id="case-handling" class="handling" aria-labelledby="handling-title">
      <h2 id="handling-title">Penanganan</h2>
      {p.message && (
        <div class={p.message.kind === 'ok' ? 'notice' : 'notice bad'} role={p.message.kind === 'ok' ? 'status' : 'alert'}>
          {p.message.text}
        </div>
      )}
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <span class="badge">{statusLabel(p.status)}</span>
        </dd>
        {p.handleMinutes !== null && (
          <>
            <dt>Waktu penanganan</dt>
            <dd>{formatDuration(p.handleMinutes)}</dd>
          </>
        )}
        {p.outcome && (
          <>
            <dt>Hasil</dt>
            <dd>{outcomes[p.outcome as keyof typeof outcomes] ?? p.outcome}</dd>
          </>
        )}
        {p.duplicateOf && (
          <>
            <dt>Duplikat dari</dt>
            <dd>
              <a href={`/cases/${p.duplicateOf.id}`}>{p.duplicateOf.ticket}</a>
            </dd>
          </>
        )}
      </dl>
      {p.referrals.length > 0 && (
        <>
          <h3>Rujukan</h3>
          <ul class="plain">
            {p.referrals.map((r) => (
              <li>
                <strong>{partnerTypes[r.partnerType as keyof typeof partnerTypes] ?? r.partnerType}</strong>: {r.partnerName} · {formatDateTime(r.at, p.zone)}
                <div>{r.request}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.photos.length > 0 && (
        <div class="photos">
          {p.photos.map((ph) => (
            <a href={`/cases/${p.caseId}/photos/${ph.id}`}>
              <img src={`/cases/${p.caseId}/photos/${ph.id}`} alt={`Foto ${ph.id}`} width="96" height="96" loading="lazy" />
            </a>
          ))}
        </div>
      )}
      {(p.letters.length > 0 || p.canIssueLetter || p.canRequestLetter || p.letterRequests.length > 0) && <Letters p={p} />}
      {p.allowed.length > 0 && (
        <div class="actions">
          {p.allowed.map((a) => (
            <FormFor p={p} action={a} />
          ))}
        </div>
      )}
    </section>
  )
}
