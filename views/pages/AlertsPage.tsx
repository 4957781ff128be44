import { renderAlert, type AlertContent } from '../../worker/alerts/message'
import type { AlertRow, TroubledDelivery } from '../../worker/db/queries/alerts'
import type { TroubledReporterMessage } from '../../worker/db/queries/reporter-messages'
import type { FormValues } from '../../worker/domain/form'
import { acknowledgements, canAcknowledge, type Attention, type DigestFigures } from '../../worker/domain/escalation'
import { TextField } from '../components/Field'
import { calendarDay, formatCalendarDay, formatDateTime, formatTimeLeft } from '../../worker/domain/format'
import { alertKindLabels, reporterPurposeLabels, reporterStatusLabels, whatsappStatusLabels } from '../../worker/domain/glossary'
import { ButtonForm } from '../components/ButtonForm'

function contentOf(row: AlertRow): AlertContent {
  return { ...row, figures: row.figures }
}

/** The inbox: each alert opens its case (or digest) in one tap, marking it read on the way. */
export function InboxPage(props: { rows: AlertRow[]; hasNext: boolean; page: number; origin: string; zone: string }) {
  return (
    <>
      <h1>Pemberitahuan</h1>
      <p>
        <a href="/alerts/settings">Atur saluran dan jam tenang</a>
      </p>
      {props.rows.some((r) => r.readAt === null) && (
        <ButtonForm action="/alerts/read-all">Tandai semua sudah dibaca</ButtonForm>
      )}
      {props.rows.length === 0 ? (
        <p>Belum ada pemberitahuan.</p>
      ) : (
        <ul class="alerts">
          {props.rows.map((row) => {
            const m = renderAlert(contentOf(row), { origin: props.origin, zone: props.zone })
            return (
              <li class={row.readAt === null ? 'unread' : undefined}>
                <form method="post" action={`/alerts/${row.id}/open`}>
                  <button type="submit" class="alert-open">
                    <span class="badge">{alertKindLabels[row.kind]}</span> {row.urgent && <span class="badge late">Darurat</span>} <strong>{m.title}</strong>
                    <span class="muted"> · {formatDateTime(row.createdAt, props.zone)}</span>
                    {row.readAt === null && <span class="sr-only"> (belum dibaca)</span>}
                  </button>
                </form>
                {row.acknowledgement && (
                  <span class="muted">
                    {acknowledgements[row.acknowledgement]}, {formatDateTime(row.acknowledgedAt!, props.zone)}
                  </span>
                )}
                {!row.acknowledgement && (row.kind === 'eskalasi' || row.kind === 'pengingat') && <AckButtons row={row} />}
              </li>
            )
          })}
        </ul>
      )}
      <nav class="pager">
        {props.page > 1 && <a href={`/alerts?page=${props.page - 1}`}>Sebelumnya</a>}
        {props.hasNext && <a href={`/alerts?page=${props.page + 1}`}>Berikutnya</a>}
      </nav>
    </>
  )
}

/** "Sudah dilihat" / "Saya tangani": the answers still open to this person, each one tap. */
function AckButtons(props: { row: AlertRow }) {
  const open = (Object.keys(acknowledgements) as (keyof typeof acknowledgements)[]).filter((a) => canAcknowledge(props.row.acknowledgement, a))
  return (
    <span class="actions">
      {open.map((answer) => (
        <form method="post" action={`/alerts/${props.row.id}/ack`} class="inline">
          <input type="hidden" name="answer" value={answer} />
          <button type="submit" class={answer === 'dilihat' ? 'secondary' : undefined}>
            {acknowledgements[answer]}
          </button>
        </form>
      ))}
    </span>
  )
}

/** One alert as its message's link opens it: what it is about, the way to the case, and the answer. */
export function AlertPage(props: { row: AlertRow; origin: string; zone: string }) {
  const { row } = props
  const m = renderAlert(contentOf(row), { origin: props.origin, zone: props.zone })
  const [, detail] = m.text.split('\n')
  return (
    <>
      <h1>{m.title}</h1>
      <p>{detail}</p>
      {row.caseId !== null && (
        <p>
          <a href={`/cases/${row.caseId}`}>Buka kasus {row.ticket}</a>
        </p>
      )}
      {row.acknowledgement && (
        <p class="notice">
          Tanggapan Anda: {acknowledgements[row.acknowledgement]}, {formatDateTime(row.acknowledgedAt!, props.zone)}.
        </p>
      )}
      {(row.kind === 'eskalasi' || row.kind === 'pengingat') && row.acknowledgement !== 'ditangani' && <AckButtons row={row} />}
      <p>
        <a href="/alerts">Semua pemberitahuan</a>
      </p>
    </>
  )
}

export function DigestPage(props: { figures: DigestFigures }) {
  const f = props.figures
  return (
    <>
      <h1>Ringkasan harian {formatCalendarDay(calendarDay(f.day))}</h1>
      <dl class="facts">
        <dt>Kasus terbuka</dt>
        <dd>{f.open}</dd>
        <dt>Terlambat (melewati target)</dt>
        <dd>{f.overdue}</dd>
        <dt>Target jatuh kemarin</dt>
        <dd>{f.dueYesterday}</dd>
        <dt>Tertangani tepat waktu</dt>
        <dd>
          {f.handledWithinTarget}
          {f.handledPercent !== null && ` (${f.handledPercent}%)`}
        </dd>
      </dl>
      {f.attentionByKelurahan && (
        <>
          <h2>Perlu perhatian per kelurahan</h2>
          <NeedTable rows={f.attentionByKelurahan} label="Kelurahan" />
          <h2>Perlu perhatian per pemegang</h2>
          <NeedTable rows={f.attentionByHolder ?? []} label="Pemegang" />
        </>
      )}
      {f.oldestLate && f.oldestLate.length > 0 && (
        <>
          <h2>Paling lama terlambat</h2>
          <ul>
            {f.oldestLate.map((c) => (
              <li>
                {c.ticket}, {c.kelurahan}: {formatTimeLeft({ overdue: true, minutes: c.minutes })}
              </li>
            ))}
          </ul>
        </>
      )}
      {f.escalatedYesterday && f.escalatedYesterday.length > 0 && (
        <>
          <h2>Eskalasi kemarin</h2>
          <ul>
            {f.escalatedYesterday.map((e) => (
              <li>
                {e.ticket}, tingkat {e.rung}, kepada {e.to}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Terlambat per kelurahan</h2>
      <CountTable rows={f.overdueByKelurahan} label="Kelurahan" />
      <h2>Terlambat per kategori</h2>
      <CountTable rows={f.overdueByCategory} label="Kategori" />
      <p>
        <a href="/cases?overdue=1">Lihat kasus terlambat</a>
      </p>
    </>
  )
}

/** A small table of the digest: a name column, then one column of numbers per heading. */
function DigestTable(props: { label: string; headings: string[]; rows: { name: string; values: number[] }[] }) {
  if (props.rows.length === 0) return <p>Tidak ada.</p>
  return (
    <table>
      <thead>
        <tr>
          <th>{props.label}</th>
          {props.headings.map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>{r.name}</td>
            {r.values.map((v) => (
              <td>{v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const NeedTable = (props: { rows: Attention[]; label: string }) => (
  <DigestTable label={props.label} headings={['Terlambat', 'Jatuh target hari ini']} rows={props.rows.map((r) => ({ name: r.name ?? 'Belum ditugaskan', values: [r.overdue, r.dueToday] }))} />
)

const CountTable = (props: { rows: { name: string; count: number }[]; label: string }) => (
  <DigestTable label={props.label} headings={['Jumlah']} rows={props.rows.map((r) => ({ name: r.name, values: [r.count] }))} />
)

const channelLabels = { whatsapp: 'WhatsApp', email: 'E-mail', webhook: 'Gateway pesan dinas (webhook)', push: 'Notifikasi di HP atau komputer (peramban)' } as const

export type AlertSettingsProps = {
  values: FormValues
  errors: Record<string, string>
  available: (keyof typeof channelLabels)[]
  phone: string | null
  email: string | null
  devices: { id: number; device: string; createdAt: number }[]
  vapidKey: string
  zone: string
  saved: boolean
  /** An admin setting someone else's channels: their name; the devices stay theirs to manage. */
  forUser?: { id: number; displayName: string }
}

/** Channels and quiet hours; only channels this deployment has credentials for are offered. */
export function AlertSettingsPage(props: AlertSettingsProps) {
  const missing = (ch: keyof typeof channelLabels) =>
    ch === 'whatsapp' && !props.phone ? ' (nomor HP belum tercatat)' : ch === 'email' && !props.email ? ' (alamat e-mail belum tercatat)' : ch === 'push' && props.devices.length === 0 ? ' (belum ada perangkat yang diizinkan)' : ''
  return (
    <>
      <h1>Pengaturan pemberitahuan{props.forUser && `: ${props.forUser.displayName}`}</h1>
      {props.saved && <p class="notice">Pengaturan tersimpan.</p>}
      {props.forUser && <p class="hint">Perubahan dicatat di log audit atas nama Anda.</p>}
      <form method="post" action={props.forUser ? `/admin/users/${props.forUser.id}/alerts` : '/alerts/settings'}>
        <fieldset>
          <legend>Saluran</legend>
          <p class="hint">Kotak masuk di Sigap selalu aktif.</p>
          {props.available.length === 0 && <p>Belum ada saluran lain yang disiapkan admin.</p>}
          {props.available.map((ch) => (
            <div class="field">
              <label>
                <input type="checkbox" name={ch} value="1" checked={props.values[ch] === '1'} /> {channelLabels[ch]}
                {missing(ch)}
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Jam tenang</legend>
          <p class="hint">Tanpa WhatsApp dan e-mail pada jam ini, kecuali kasus darurat. Kotak masuk tetap terisi.</p>
          <div class="grid">
            <TextField name="quiet_start" label="Mulai" type="time" value={props.values.quiet_start ?? ''} errors={props.errors} hint="Contoh 21:00" />
            <TextField name="quiet_end" label="Selesai" type="time" value={props.values.quiet_end ?? ''} errors={props.errors} hint="Contoh 06:00" />
          </div>
        </fieldset>
        <button type="submit">Simpan</button>
      </form>
      {props.forUser ? (
        <p>Perangkat yang menerima notifikasi: {props.devices.length}. Hanya pemiliknya yang dapat mengizinkan atau menghapus perangkat.</p>
      ) : (
      <section aria-labelledby="devices-heading">
        <h2 id="devices-heading">Perangkat yang menerima notifikasi</h2>
        {props.devices.length === 0 ? (
          <p>Belum ada.</p>
        ) : (
          <ul>
            {props.devices.map((d) => (
              <li>
                {d.device}, sejak {formatDateTime(d.createdAt, props.zone)}{' '}
                <ButtonForm action={`/alerts/push/${d.id}/delete`} class="inline" button="secondary">
                  Hapus
                </ButtonForm>
              </li>
            ))}
          </ul>
        )}
        <p class="hint">Izinkan sekali di setiap HP atau komputer yang Anda pakai; peringatan kasus terlambat lalu muncul di sana walau Sigap tidak dibuka.</p>
        <button type="button" id="push-enable" data-key={props.vapidKey} hidden>
          Izinkan notifikasi di perangkat ini
        </button>
        <p id="push-status" role="status"></p>
      </section>
      )}
    </>
  )
}

const statusLabels = { pending: 'Menunggu', sending: 'Sedang dikirim', sent: 'Terkirim', dead: 'Gagal (berhenti)' } as const

/** For admins: messages that failed for good, and those still being retried. */
export function DeliveriesPage(props: { rows: TroubledDelivery[]; replies: TroubledReporterMessage[]; zone: string }) {
  return (
    <>
      <h1>Pengiriman bermasalah</h1>
      {props.rows.length === 0 ? (
        <p>Tidak ada pengiriman yang gagal.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Saluran</th>
              <th>Penerima</th>
              <th>Kasus</th>
              <th>Status</th>
              <th>Percobaan</th>
              <th>Galat terakhir</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{r.id}</td>
                <td>{r.channel}</td>
                <td>{r.recipient}</td>
                <td>{r.ticket ?? alertKindLabels[r.kind]}</td>
                <td>
                  {statusLabels[r.status]}
                  {r.status !== 'dead' && <span class="muted"> · berikutnya {formatDateTime(r.nextAttemptAt, props.zone)}</span>}
                </td>
                <td>{r.attempts}</td>
                <td>{r.lastError}</td>
                <td>
                  {r.status === 'dead' && (
                    <ButtonForm action={`/alerts/deliveries/${r.id}/retry`}>Kirim ulang</ButtonForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Pesan WhatsApp ke pelapor</h2>
      {props.replies.length === 0 ? (
        <p>Tidak ada pesan ke pelapor yang gagal.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Pesan</th>
              <th>Kasus</th>
              <th>Status</th>
              <th>Percobaan</th>
              <th>Galat terakhir</th>
            </tr>
          </thead>
          <tbody>
            {props.replies.map((r) => (
              <tr>
                <td>{r.id}</td>
                <td>{reporterPurposeLabels[r.purpose]}</td>
                <td>{r.ticket ?? (r.conversationId === null ? '' : `Percakapan ${r.conversationId}`)}</td>
                <td>
                  {r.remoteStatus === 'failed' ? whatsappStatusLabels.failed : reporterStatusLabels[r.status]}
                  {r.status === 'pending' && <span class="muted"> · berikutnya {formatDateTime(r.nextAttemptAt, props.zone)}</span>}
                </td>
                <td>{r.attempts}</td>
                <td>{r.lastError}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
