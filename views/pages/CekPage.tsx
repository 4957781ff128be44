import type { PublicEvent, TrackedCase } from '../../worker/db/queries/public'
import { statusLabel } from '../../worker/domain/glossary'
import { formatDateTime } from '../../worker/domain/format'
import { waitText } from '../../worker/domain/throttle'
import { RequiredMark } from '../components/Field'

export type CekValues = { tiket: string; hp4: string }

const status = (s: string | null) => (s ? statusLabel(s) : '')

// Words for the public: what happened, never who did it or what was written.
function eventText(e: PublicEvent): string {
  if (e.kind === 'dibuat') return 'Laporan diterima'
  if (e.kind === 'dibuka_kembali') return 'Dibuka kembali atas permintaan pelapor'
  if (e.toStatus === 'ditugaskan') return 'Ditugaskan kepada fasilitator kelurahan'
  if (e.toStatus === 'ditangani') return 'Sedang ditangani'
  if (e.toStatus === 'dirujuk') return 'Dirujuk ke lembaga mitra'
  if (e.toStatus === 'selesai') return 'Penanganan selesai'
  if (e.toStatus === 'ditutup') return 'Kasus ditutup'
  if (e.toStatus === 'duplikat') return 'Digabung dengan laporan lain yang sama'
  if (e.toStatus === 'ditolak') return 'Laporan tidak dapat diproses'
  return e.toStatus ? status(e.toStatus) : 'Diperbarui'
}

export type CekResultState =
  | { kind: 'none' }
  | { kind: 'mismatch' }
  | { kind: 'blocked'; retryAfterSeconds: number }
  | { kind: 'found'; kase: TrackedCase; timeline: PublicEvent[]; canReopen: boolean; reopenUntil: number | null; surveyUrl: string | null; reopened?: boolean; reopenError?: string; reopenReason?: string }

/** Ticket + last four phone digits; the result appears below the form (swapped in by htmx, or the whole page without JS). */
export function CekPage(props: { values: CekValues; result: CekResultState; zone: string }) {
  return (
    <>
      <h1>Cek laporan</h1>
      <form method="post" action="/cek" class="narrow" hx-post="/cek" hx-target="#hasil" hx-swap="outerHTML">
        <div class="grid">
          <div class="field">
            <label for="f-tiket">
              Nomor tiket
              <RequiredMark />
            </label>
            <input type="text" id="f-tiket" name="tiket" value={props.values.tiket} required maxlength={12} autocomplete="off" placeholder="2611-0042" />
          </div>
          <div class="field">
            <label for="f-hp4">
              4 angka terakhir nomor HP pelapor
              <RequiredMark />
            </label>
            <input type="text" id="f-hp4" name="hp4" value={props.values.hp4} required inputmode="numeric" maxlength={4} pattern="[0-9]{4}" autocomplete="off" />
          </div>
        </div>
        <button type="submit">Cek status</button>
      </form>
      <CekResult {...props} />
    </>
  )
}

export function CekResult(props: { values: CekValues; result: CekResultState; zone: string }) {
  const r = props.result
  return (
    <section id="hasil" aria-live="polite">
      {r.kind === 'mismatch' && (
        <p class="notice bad" role="alert">
          Nomor tiket dan 4 angka HP tidak cocok dengan laporan mana pun. Periksa kembali lalu coba lagi.
        </p>
      )}
      {r.kind === 'blocked' && (
        <p class="notice bad" role="alert">
          Terlalu banyak percobaan. Coba lagi setelah {waitText(r.retryAfterSeconds)}.
        </p>
      )}
      {r.kind === 'found' && <Found {...props} result={r} />}
    </section>
  )
}

function Found(props: { values: CekValues; result: Extract<CekResultState, { kind: 'found' }>; zone: string }) {
  const { kase, timeline } = props.result
  return (
    <>
      {props.result.reopened && (
        <p class="notice" role="status">
          Laporan dibuka kembali. Petugas akan menghubungi Anda lagi.
        </p>
      )}
      <h2>
        Tiket <span class="nowrap">{kase.ticket}</span> <span class="badge" id="status">{status(kase.status)}</span>
      </h2>
      <dl class="facts">
        <dt>Diterima</dt>
        <dd>{formatDateTime(kase.receivedAt, props.zone)}</dd>
        <dt>Jenis masalah</dt>
        <dd>{kase.categoryName}</dd>
      </dl>
      <h2>Riwayat</h2>
      <ol class="timeline">
        {timeline.map((e) => (
          <li>
            <strong>{formatDateTime(e.at, props.zone)}</strong> · {eventText(e)}
          </li>
        ))}
      </ol>
      {props.result.surveyUrl && (
        <p class="notice">
          Kasus ini sudah ditutup. Bantu kami memperbaiki layanan: <a href={props.result.surveyUrl} id="survey-link">isi survei kepuasan</a> (9 pertanyaan, sekali isi).
        </p>
      )}
      {kase.surveyAnsweredAt && <p class="muted">Terima kasih, survei kepuasan untuk laporan ini sudah diisi.</p>}
      {props.result.canReopen && (
        <form method="post" action="/cek/buka-kembali" class="narrow" hx-post="/cek/buka-kembali" hx-target="#hasil" hx-swap="outerHTML">
          <h2>Masalah belum selesai?</h2>
          <p>
            Sampai {formatDateTime(props.result.reopenUntil!, props.zone)} Anda dapat meminta laporan ini dibuka kembali. Ceritakan apa yang belum
            selesai.
          </p>
          <input type="hidden" name="tiket" value={props.values.tiket} />
          <input type="hidden" name="hp4" value={props.values.hp4} />
          <div class="field">
            <label for="f-alasan">
              Apa yang belum selesai?
              <RequiredMark />
            </label>
            <textarea id="f-alasan" name="alasan" required maxlength={1000} aria-invalid={props.result.reopenError ? 'true' : undefined} aria-describedby={props.result.reopenError ? 'e-alasan' : undefined}>
              {props.result.reopenError ? (props.result.reopenReason ?? '') : ''}
            </textarea>
            {props.result.reopenError && (
              <p class="error" id="e-alasan">
                {props.result.reopenError}
              </p>
            )}
          </div>
          <button type="submit">Buka kembali laporan</button>
        </form>
      )}
    </>
  )
}
