import type { Child } from 'hono/jsx'
import type { CaseDetail, TimelineEntry } from '../../worker/db/queries/cases'
import type { SightingRow } from '../../worker/db/queries/people'
import { openStatuses, type CaseStatus } from '../../worker/domain/case'
import { ageGroups, channels, dtksStatuses, eventLabels, labelOf, relations, replyFailureLabels, reporterPurposeLabels, sexes, statusLabel, urgencies, type ReplyFailure } from '../../worker/domain/glossary'
import { ButtonForm } from '../components/ButtonForm'
import { SpamForm } from '../components/SpamForm'
import { DueLabel } from '../components/CaseRow'
import { formatDateTime } from '../../worker/domain/format'

const label = labelOf

function eventText(e: Pick<TimelineEntry, 'kind' | 'fromStatus' | 'toStatus' | 'note'>): string {
  if (e.kind === 'dibuat') return e.toStatus === 'ditugaskan' ? 'Laporan diterima dan ditugaskan ke fasilitator' : 'Laporan diterima, menunggu penugasan'
  // An escalation is named by its rung ("Eskalasi ke Asisten"), kept as the event's note.
  if (e.kind === 'eskalasi' && e.note) return e.note
  const name = labelOf(eventLabels, e.kind)
  const move = e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? `${statusLabel(e.fromStatus)} → ${statusLabel(e.toStatus)}` : ''
  return move ? `${name}: ${move}` : name
}

function TimelineItem(props: { entry: Pick<TimelineEntry, 'at' | 'kind' | 'fromStatus' | 'toStatus' | 'note' | 'actorName'>; zone: string }) {
  const e = props.entry
  return (
    <li>
      <strong>{formatDateTime(e.at, props.zone)}</strong> · {eventText(e)}
      {e.actorName && <span class="muted"> · {e.actorName}</span>}
      {e.note && e.kind !== 'eskalasi' && <div>{e.note}</div>}
    </li>
  )
}

export function Timeline(props: { entries: TimelineEntry[]; zone: string }) {
  return (
    <ol class="timeline" id="timeline">
      {props.entries.map((e) => (
        <TimelineItem entry={e} zone={props.zone} />
      ))}
    </ol>
  )
}

/** One case: its people, place, problem, target and timeline, in the deployment's zone. */
/** The sightings of a case: further reports about its person, each with time, place and caller (issue 23). */
function Sightings(props: { sightings: SightingRow[]; zone: string }) {
  if (props.sightings.length === 0) return <></>
  return (
    <>
      <h2 id="sightings">Penampakan ({props.sightings.length})</h2>
      <ol class="timeline">
        {props.sightings.map((s) => (
          <li>
            <strong>{formatDateTime(s.at, props.zone)}</strong> · {s.kelurahanName}, {s.address}
            {s.landmark && ` (${s.landmark})`} · pelapor {s.reporterName}
            {s.reporterPhone && (
              <>
                {' '}
                <a href={`tel:${s.reporterPhone}`}>{s.reporterPhone}</a>
              </>
            )}{' '}
            lewat {label(channels, s.channel)}
            <div>{s.description}</div>
          </li>
        ))}
      </ol>
    </>
  )
}

/** A reply to the reporter that failed for good, named by its purpose and why (never the stored error). */
type FailedReply = { id: number; purpose: string; failure: ReplyFailure }

type CasePerson = { id: number; name: string; identityKnown: boolean; cases: number } | null

export function CasePage(props: { detail: CaseDetail; timeline: TimelineEntry[]; now: number; zone: string; justCreated: boolean; sightingSaved?: boolean; person?: CasePerson; sightings?: SightingRow[]; conversations?: { id: number; sender: string; firstMessageAt: number }[]; failedReplies?: FailedReply[]; canResend?: boolean; resendQueued?: boolean; handling?: Child; lead?: Child }) {
  const { case: k } = props.detail
  return (
    <>
      {props.sightingSaved && (
        <div class="notice" role="status" data-clear-draft="intake">
          Laporan dicatat sebagai penampakan pada kasus <strong>{k.ticket}</strong>; tidak ada kasus baru, target kasus tidak berubah. <a href="/intake">Buat laporan baru</a>
        </div>
      )}
      {props.justCreated && (
        <div class="notice" role="status" data-clear-draft="intake">
          Laporan tersimpan dengan nomor tiket <strong>{k.ticket}</strong>. <a href="/intake">Buat laporan baru</a>
        </div>
      )}
      {props.lead}
      <h1>
        Kasus <span class="nowrap">{k.ticket}</span>{' '}
        <span class="badge" id="case-status">
          {statusLabel(k.status)}
        </span>
      </h1>
      <dl class="facts">
        <dt>Target</dt>
        <dd>
          {formatDateTime(k.dueAt, props.zone)} · <DueLabel status={k.status} dueAt={k.dueAt} resolvedAt={k.resolvedAt} now={props.now} />
        </dd>
        <dt>Diterima</dt>
        <dd>
          {formatDateTime(k.receivedAt, props.zone)} lewat {label(channels, k.channel)}
        </dd>
        <dt>Kategori</dt>
        <dd>
          {props.detail.categoryName} · {label(urgencies, k.urgency)}
        </dd>
        <dt>Fasilitator</dt>
        <dd>{props.detail.assigneeName ?? 'Belum ditugaskan'}</dd>
      </dl>
      <h2>Orang yang perlu dibantu</h2>
      <dl class="facts">
        {props.person && (
          <>
            <dt>Catatan orang</dt>
            <dd>
              <a href={`/people/${props.person.id}`} id="case-person">
                {props.person.name}
              </a>
              {!props.person.identityKnown && ' (identitas belum diketahui)'}
              {props.person.cases > 1 && ` · ${props.person.cases} kasus`}
            </dd>
          </>
        )}
        <dt>Nama / ciri-ciri</dt>
        <dd>{k.personName}</dd>
        <dt>NIK</dt>
        <dd>{k.personNik ?? '—'}</dd>
        <dt>Umur, jenis kelamin</dt>
        <dd>
          {label(ageGroups, k.personAgeGroup)}, {label(sexes, k.personSex)}
        </dd>
        <dt>DTKS</dt>
        <dd>{label(dtksStatuses, k.dtksStatus)}</dd>
      </dl>
      <h2>Lokasi</h2>
      <dl class="facts">
        <dt>Alamat</dt>
        <dd>
          {k.address}
          {k.rt && ` RT ${k.rt}`}
          {k.rw && ` RW ${k.rw}`}
        </dd>
        <dt>Kelurahan</dt>
        <dd>
          {props.detail.kelurahanName}, Kec. {props.detail.kecamatanName}
        </dd>
        <dt>Patokan</dt>
        <dd>{k.landmark ?? '—'}</dd>
      </dl>
      <h2 id="pelapor">Pelapor</h2>
      <dl class="facts">
        <dt>Nama</dt>
        <dd>
          {k.reporterName} ({label(relations, k.reporterRelation)})
        </dd>
        <dt>HP</dt>
        <dd>{k.reporterPhone ? <a href={`tel:${k.reporterPhone}`}>{k.reporterPhone}</a> : '—'}</dd>
        {(props.conversations ?? []).length > 0 && (
          <>
            <dt>WhatsApp</dt>
            <dd>
              {props.conversations!.map((w, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={`/inbox/${w.id}`}>percakapan dari +{w.sender}</a> ({formatDateTime(w.firstMessageAt, props.zone)})
                </>
              ))}
            </dd>
          </>
        )}
      </dl>
      {props.resendQueued && (
        <div class="notice" role="status">
          Pesan WhatsApp ke pelapor dikirim ulang: masuk antrean kirim dan berangkat dalam beberapa menit. Bila gagal lagi, pemberitahuan muncul kembali di sini.
        </div>
      )}
      {(props.failedReplies ?? []).map((r) => (
        <div class="notice bad">
          <p>
            Pesan WhatsApp ke pelapor gagal terkirim ({labelOf(reporterPurposeLabels, r.purpose)}): {labelOf(replyFailureLabels, r.failure)}.
          </p>
          {props.canResend && <ButtonForm action={`/cases/${k.id}/replies/${r.id}/resend`} class="no-print">Kirim ulang</ButtonForm>}
        </div>
      ))}
      <h2>Uraian</h2>
      <p class="pre">{k.description}</p>
      <Sightings sightings={props.sightings ?? []} zone={props.zone} />
      {props.handling}
      {k.channel === 'online' && openStatuses.includes(k.status as CaseStatus) && <SpamForm caseId={k.id} />}
      <h2>Riwayat</h2>
      <Timeline entries={props.timeline} zone={props.zone} />
    </>
  )
}
