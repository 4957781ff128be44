import { formatDateTime, formatDuration } from '../../worker/domain/format'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { labelOf, reporterPurposeLabels, reporterStatusLabels, waConversationStatusLabels, waRejectReasons, whatsappStatusLabels } from '../../worker/domain/glossary'
import type { ReporterReply } from '../../worker/db/queries/reporter-messages'
import { firstText, isStoredPhoto, maskedSender, sharedLocation, type WaConversation, type WaMessage } from '../../worker/domain/wa-inbox'
import { SelectField, TextArea, TextField } from '../components/Field'
import { MapLink, mediaUrl, WaMessageList } from '../components/WaMessages'

export type InboxEntry = WaConversation & { messages: WaMessage[] }
export type HandledEntry = WaConversation & { ticket: string | null; handledAt: number | null }

const waiting = (since: number, now: number) => `menunggu ${formatDuration((now - since) / 60_000)}`
const statusLabel = (status: string) => labelOf(waConversationStatusLabels, status)

/** "Pesan masuk": the conversations nobody has handled yet, the one waiting longest first, then the last ones handled. */
export function InboxPage(props: { waiting: InboxEntry[]; handled: HandledEntry[]; now: number; zone: string; message?: string }) {
  return (
    <>
      <h1>Pesan masuk</h1>
      <p class="muted">Laporan lewat WhatsApp resmi Dinas Sosial. Buka percakapan untuk membuat laporan, melampirkannya ke kasus, atau menolaknya.</p>
      {props.message && (
        <div class="notice" role="status">
          {props.message}
        </div>
      )}
      <h2>Menunggu ({props.waiting.length})</h2>
      {props.waiting.length === 0 ? (
        <p>Tidak ada pesan yang menunggu.</p>
      ) : (
        <ul class="plain inbox">
          {props.waiting.map((w) => {
            const text = firstText(w.messages)
            const location = sharedLocation(w.messages)
            const photos = w.messages.filter(isStoredPhoto)
            return (
              <li class="inbox-row">
                <p>
                  <a href={`/inbox/${w.id}`}>
                    <strong>{w.profileName ?? 'Tanpa nama'}</strong> ({maskedSender(w.sender)})
                  </a>{' '}
                  · <span class="nowrap">{waiting(w.firstMessageAt, props.now)}</span> · {w.messages.length} pesan
                </p>
                {text && <p class="wa-text">{text.length > 280 ? `${text.slice(0, 280)}…` : text}</p>}
                {photos.length > 0 && (
                  <div class="photos">
                    {photos.slice(0, 4).map((m) => (
                      <img src={mediaUrl(w.id, m.id)} alt="Foto dari pelapor" loading="lazy" />
                    ))}
                  </div>
                )}
                {location && (
                  <p>
                    <MapLink message={location} />
                  </p>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {props.handled.length > 0 && (
        <>
          <h2>Terakhir ditangani</h2>
          <ul class="plain">
            {props.handled.map((h) => (
              <li>
                <a href={`/inbox/${h.id}`}>
                  {h.profileName ?? 'Tanpa nama'} ({maskedSender(h.sender)})
                </a>{' '}
                · {statusLabel(h.status)}
                {h.ticket ? ` ${h.ticket}` : h.status === 'ditolak' ? `: ${h.closedReason ?? '—'}` : ''}
                {h.handledAt !== null && ` · ${formatDateTime(h.handledAt, props.zone)}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}

export type ConversationForms = { attach: { values: FormValues; errors: FieldErrors }; reject: { values: FormValues; errors: FieldErrors } }

/** One conversation in full, with the three ways to handle it while it waits. */
export function ConversationPage(props: { conversation: WaConversation & { ticket: string | null }; messages: WaMessage[]; replies: ReporterReply[]; now: number; zone: string; forms: ConversationForms }) {
  const c = props.conversation
  const { attach, reject } = props.forms
  const failed = Object.keys(attach.errors).length > 0 || Object.keys(reject.errors).length > 0
  return (
    <>
      <h1>Pesan WhatsApp dari {c.profileName ?? 'pengirim tanpa nama'}</h1>
      {failed && (
        <div class="notice bad" role="alert">
          Belum tersimpan. Perbaiki isian yang ditandai.
        </div>
      )}
      <dl class="facts">
        <dt>Nomor</dt>
        <dd>+{c.sender}</dd>
        <dt>Pesan pertama</dt>
        <dd>
          {formatDateTime(c.firstMessageAt, props.zone)}
          {c.status === 'baru' && ` (${waiting(c.firstMessageAt, props.now)})`}
        </dd>
        <dt>Keadaan</dt>
        <dd>
          {statusLabel(c.status)}
          {c.caseId !== null && c.ticket && (
            <>
              {': '}
              <a href={`/cases/${c.caseId}`}>kasus {c.ticket}</a>
            </>
          )}
          {c.status === 'ditolak' && `: ${c.closedReason ?? '—'}`}
        </dd>
      </dl>
      <h2>Percakapan</h2>
      <WaMessageList conversationId={c.id} messages={props.messages} zone={props.zone} />
      {props.replies.length > 0 && (
        <>
          <h2>Balasan ke pengirim</h2>
          <ul class="plain">
            {props.replies.map((r) => (
              <li>
                {labelOf(reporterPurposeLabels, r.purpose)} · {labelOf(reporterStatusLabels, r.status)}
                {r.remoteStatus && ` · ${labelOf(whatsappStatusLabels, r.remoteStatus)}`} · {formatDateTime(r.createdAt, props.zone)}
              </li>
            ))}
          </ul>
        </>
      )}
      {c.status === 'baru' && (
        <section aria-labelledby="wa-actions">
          <h2 id="wa-actions">Tindak lanjut</h2>
          <p>
            <a class="btn" href={`/inbox/${c.id}/case`}>
              Buat laporan
            </a>{' '}
            <span class="hint">Formulir laporan terisi dari pesan ini; target dihitung sejak pesan pertama.</span>
          </p>
          <form method="post" action={`/inbox/${c.id}/attach`} novalidate>
            <h3>Lampirkan ke kasus yang ada</h3>
            <TextField name="ticket" label="Nomor tiket kasus" value={attach.values.ticket ?? ''} errors={attach.errors} required maxlength={12} hint="Mis. 2611-0042. Pesan ini tampil di riwayat kasus itu." />
            <button type="submit" class="btn secondary">
              Lampirkan
            </button>
          </form>
          <form method="post" action={`/inbox/${c.id}/reject`} novalidate>
            <h3>Bukan untuk Dinas Sosial / spam</h3>
            <SelectField name="reason" label="Alasan" value={reject.values.reason ?? ''} options={Object.entries(waRejectReasons)} placeholder="— pilih alasan —" errors={reject.errors} required />
            <TextArea name="note" label="Keterangan untuk pengirim (bila perlu)" value={reject.values.note ?? ''} errors={reject.errors} maxlength={300} hint="Ikut dikirim bersama alasan, mis. ke mana sebaiknya mengadu." />
            <p class="hint">Pengirim mendapat balasan bahwa pesannya tidak ditindaklanjuti sebagai laporan, dengan alasan di atas.</p>
            <button type="submit" class="btn secondary">
              Tolak pesan
            </button>
          </form>
        </section>
      )}
      <p>
        <a href="/inbox">Kembali ke Pesan masuk</a>
      </p>
    </>
  )
}
