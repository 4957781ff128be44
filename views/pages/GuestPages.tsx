import type { GuestView } from '../../worker/db/queries/guest-links'
import { contactRoles } from '../../worker/domain/dispatch'
import { formatDateTime } from '../../worker/domain/format'
import { labelOf } from '../../worker/domain/glossary'
import { guestAnswerLabels } from '../../worker/domain/guest-link'
import { PhotoField, TextArea } from '../components/Field'

type Answered = { answer: string; at: number; note: string | null }

/**
 * What a kelurahan contact sees through their link: the errand, where, and a form to answer.
 * Only ticket, category, kelurahan, RT/RW and landmark of the case: never a name or health detail.
 */
export function GuestPage(props: { action: string; link: GuestView; answers: Answered[]; zone: string; values: Record<string, string>; errors: Record<string, string>; photos: boolean; saved: boolean }) {
  const l = props.link
  const e = props.errors
  return (
    <>
      <h1>
        Permintaan bantuan <span class="nowrap">{l.ticket}</span>
      </h1>
      <p>
        Untuk {labelOf(contactRoles, l.contactRole)} {l.contactName}. Tautan ini berlaku sampai {formatDateTime(l.expiresAt, props.zone)}.
      </p>
      {props.saved && (
        <p class="notice ok" role="status">
          Terima kasih, jawaban Anda sudah diterima petugas Dinas Sosial.
        </p>
      )}
      <dl class="facts">
        <dt>Yang diminta</dt>
        <dd>{l.ask}</dd>
        <dt>Jenis laporan</dt>
        <dd>{l.category}</dd>
        <dt>Lokasi</dt>
        <dd>
          {[l.rt && `RT ${l.rt}`, l.rw && `RW ${l.rw}`, `Kel. ${l.kelurahan}`, `Kec. ${l.kecamatan}`].filter(Boolean).join(', ')}
        </dd>
        <dt>Patokan</dt>
        <dd>{l.landmark || '—'}</dd>
      </dl>
      {props.answers.length > 0 && (
        <>
          <h2>Jawaban Anda</h2>
          <ol>
            {props.answers.map((a) => (
              <li>
                {formatDateTime(a.at, props.zone)}: {a.note ?? labelOf(guestAnswerLabels, a.answer)}
              </li>
            ))}
          </ol>
        </>
      )}
      <form method="post" action={props.action} class="narrow" enctype={props.photos ? 'multipart/form-data' : undefined}>
        <input type="hidden" name="idem" value={props.values.idem ?? ''} />
        <fieldset class={e.answer ? 'survey invalid' : 'survey'} aria-describedby={e.answer ? 'e-answer' : undefined}>
          <legend>Jawaban</legend>
          {Object.entries(guestAnswerLabels).map(([value, label]) => (
            <label class="choice">
              <input type="radio" name="answer" value={value} checked={props.values.answer === value} /> {label}
            </label>
          ))}
          {e.answer && (
            <p class="error" id="e-answer">
              {e.answer}
            </p>
          )}
        </fieldset>
        <TextArea name="note" label="Catatan (bila ada)" value={props.values.note ?? ''} errors={e} maxlength={1000} />
        {props.photos && (
          <PhotoField name="foto" label="Foto (bila ada)" hint="JPEG, PNG atau WebP, paling besar 300 KB." errors={e} shrink />
        )}
        {e.form && (
          <p class="error" role="alert">
            {e.form}
          </p>
        )}
        <button type="submit">Kirim jawaban</button>
      </form>
    </>
  )
}

/** An unknown, expired or revoked link: nothing of the case, and who to call instead. */
export function GuestGonePage() {
  return (
    <>
      <h1>Tautan tidak berlaku</h1>
      <p>Tautan ini sudah kedaluwarsa, dicabut, atau tidak dikenal. Bila masih ada yang perlu disampaikan, hubungi petugas Dinas Sosial yang mengirimnya.</p>
    </>
  )
}
