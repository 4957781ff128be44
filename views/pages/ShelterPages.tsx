import type { AssessmentRow, RegionOptions, ResidentRow, StayRow } from '../../worker/db/queries/shelter'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { dischargeReasons, documentStatuses, documentSteps, tracingMethods, tracingResults, type StayClock } from '../../worker/domain/shelter'
import { SelectField, TextArea, TextField } from '../components/Field'
import { formatDate, formatDateTime, formatTimeLeft } from '../../worker/domain/format'

const label = (record: Record<string, string>, key: string | null) => (key ? (record[key] ?? key) : '—')

function StayLimit(props: { clock: StayClock; zone: string }) {
  const { clock } = props
  return (
    <>
      {clock.days} hari · batas {formatDate(clock.dueAt, props.zone)} · <span class={clock.left.overdue ? 'late' : 'due'}>{formatTimeLeft(clock.left)}</span>
    </>
  )
}

/** Current residents of the shelters, with their length of stay against the shelter's limit. */
export function ResidentsPage(props: { rows: (ResidentRow & { clock: StayClock })[]; zone: string }) {
  const overdue = props.rows.filter((r) => r.clock.left.overdue).length
  return (
    <>
      <h1>Penghuni rumah singgah</h1>
      <p>
        {props.rows.length} penghuni{overdue > 0 && <span class="late"> · {overdue} melewati batas lama tinggal</span>}
      </p>
      <table class="cases">
        <thead>
          <tr>
            <th>Kasus</th>
            <th>Nama</th>
            <th>Rumah singgah, kamar</th>
            <th>Masuk</th>
            <th>Lama tinggal</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr class={r.clock.left.overdue ? 'overdue' : undefined}>
              <td>
                <a class="nowrap" href={`/cases/${r.caseId}/shelter`}>{r.ticket}</a>
              </td>
              <td>{r.personName}</td>
              <td>
                {r.shelterName}, {r.bed}
              </td>
              <td>{formatDateTime(r.admittedAt, props.zone)}</td>
              <td>
                <StayLimit clock={r.clock} zone={props.zone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

export type ShelterCaseProps = {
  caseId: number
  ticket: string
  personName: string
  stays: (StayRow & { clock: StayClock })[]
  shelters: { id: number; name: string; active: boolean }[]
  assessment: AssessmentRow | null
  versions: { version: number; assessedAt: number; assessorName: string | null }[]
  documents: { step: string; status: string; note: string | null; updatedAt: number; updatedByName: string | null }[]
  origin: { provinceCode: string; regencyCode: string | null; detail: string | null; provinceName: string; regencyName: string | null } | null
  tracing: { at: number; method: string; contact: string; result: string; note: string | null; actorName: string | null }[]
  regions: RegionOptions
  nowLocal: string
  zone: string
  message?: { kind: 'ok' | 'bad'; text: string }
  failed?: { form: string; values: FormValues; errors: FieldErrors }
}

/** The typed values and messages of the one form that was refused, if any; read by every section. */
function formOf(p: ShelterCaseProps) {
  const failed = (form: string) => (p.failed?.form === form ? p.failed : undefined)
  const f = (form: string, name: string, fallback = '') => failed(form)?.values[name] ?? fallback
  const errs = (form: string) => failed(form)?.errors ?? {}
  return { failed, f, errs }
}

/** A case's shelter record: stay, assessment, identity documents and family tracing. */
export function ShelterCasePage(p: ShelterCaseProps) {
  return (
    <>
      <p class="no-print">
        <a href={`/cases/${p.caseId}`}>← Kasus {p.ticket}</a>
      </p>
      <h1>
        Rumah singgah · {p.personName} ({p.ticket})
      </h1>
      {p.message && (
        <div class={`notice${p.message.kind === 'bad' ? ' bad' : ''}`} role={p.message.kind === 'bad' ? 'alert' : 'status'}>
          {p.message.text}
        </div>
      )}
      <StaySection p={p} />
      <AssessmentSection p={p} />
      <DocumentsSection p={p} />
      <TracingSection p={p} />
    </>
  )
}

/** The current stay with its discharge form, or the admission form; past stays below. */
function StaySection({ p }: { p: ShelterCaseProps }) {
  const { failed, f, errs } = formOf(p)
  const open = p.stays.find((s) => s.stay.dischargedAt === null)
  return (
    <>
      <h2>Tinggal di rumah singgah</h2>
      {open ? (
        <>
          <dl class="facts" id="current-stay">
            <dt>Rumah singgah</dt>
            <dd>{open.shelterName}</dd>
            <dt>Kamar / tempat tidur</dt>
            <dd>{open.stay.bed}</dd>
            <dt>Masuk</dt>
            <dd>{formatDateTime(open.stay.admittedAt, p.zone)}</dd>
            <dt>Lama tinggal</dt>
            <dd>
              <StayLimit clock={open.clock} zone={p.zone} /> (batas {open.stayLimitDays} hari)
            </dd>
            <dt>Barang bawaan</dt>
            <dd class="pre">{open.stay.belongings ?? '—'}</dd>
          </dl>
          <details class="action" open={Boolean(failed('discharge'))}>
            <summary>Keluarkan dari rumah singgah</summary>
            <form method="post" action={`/cases/${p.caseId}/shelter/discharge`}>
              <input type="hidden" name="stay" value={String(open.stay.id)} />
              <SelectField name="reason" label="Alasan keluar" required placeholder="— pilih —" value={f('discharge', 'reason')} errors={errs('discharge')} options={Object.entries(dischargeReasons)} />
              <TextField name="discharged_at" label="Tanggal dan jam keluar" type="datetime-local" required value={f('discharge', 'discharged_at', p.nowLocal)} errors={errs('discharge')} />
              <fieldset>
                <legend>Serah terima (bila dipulangkan ke keluarga)</legend>
                <TextField name="received_by" label="Diterima oleh (nama)" value={f('discharge', 'received_by')} errors={errs('discharge')} maxlength={120} />
                <TextField name="received_relation" label="Hubungan dengan penerima" value={f('discharge', 'received_relation')} errors={errs('discharge')} maxlength={60} hint="mis. anak kandung, kakak, kepala desa" />
                <TextField name="received_phone" label="HP penerima" type="tel" value={f('discharge', 'received_phone')} errors={errs('discharge')} />
              </fieldset>
              <TextArea name="note" label="Catatan" value={f('discharge', 'note')} errors={errs('discharge')} maxlength={2000} />
              <button type="submit">Simpan keluar</button>
            </form>
          </details>
        </>
      ) : (
        <details class="action" open={Boolean(failed('admit'))}>
          <summary>Masukkan ke rumah singgah</summary>
          <form method="post" action={`/cases/${p.caseId}/shelter/admit`}>
            <SelectField
              name="shelter"
              label="Rumah singgah"
              required
              value={f('admit', 'shelter', p.shelters.filter((s) => s.active).length === 1 ? String(p.shelters.find((s) => s.active)!.id) : '')}
              placeholder="— pilih —"
              errors={errs('admit')}
              options={p.shelters.filter((s) => s.active).map((s): [string, string] => [String(s.id), s.name])}
            />
            <TextField name="admitted_at" label="Tanggal dan jam masuk" type="datetime-local" required value={f('admit', 'admitted_at', p.nowLocal)} errors={errs('admit')} />
            <TextField name="bed" label="Kamar / tempat tidur" required value={f('admit', 'bed')} errors={errs('admit')} maxlength={60} />
            <TextArea name="belongings" label="Barang bawaan yang diterima" value={f('admit', 'belongings')} errors={errs('admit')} maxlength={2000} />
            <button type="submit">Simpan masuk</button>
          </form>
        </details>
      )}
      {p.stays.filter((s) => s.stay.dischargedAt !== null).length > 0 && (
        <>
          <h3>Riwayat tinggal</h3>
          <ul class="plain" id="past-stays">
            {p.stays
              .filter((s) => s.stay.dischargedAt !== null)
              .map((s) => (
                <li>
                  {s.shelterName}, {s.stay.bed}: {formatDate(s.stay.admittedAt, p.zone)} – {formatDate(s.stay.dischargedAt!, p.zone)} ({s.clock.days} hari) · {label(dischargeReasons, s.stay.dischargeReason)}
                  {s.stay.receivedByName && (
                    <div>
                      Serah terima kepada <strong>{s.stay.receivedByName}</strong> ({s.stay.receivedByRelation}){s.stay.receivedByPhone && ` · ${s.stay.receivedByPhone}`}
                    </div>
                  )}
                  {s.stay.dischargeNote && <div class="muted">{s.stay.dischargeNote}</div>}
                </li>
              ))}
          </ul>
        </>
      )}
    </>
  )
}

/** The latest assessment, its earlier versions, and the form for the next version. */
function AssessmentSection({ p }: { p: ShelterCaseProps }) {
  const { failed, f, errs } = formOf(p)
  const a = p.assessment?.assessment
  return (
    <>
      <h2>Asesmen</h2>
      {p.assessment && a ? (
        <>
          <p>
            Versi {a.version} oleh {p.assessment.assessorName ?? '—'}, {formatDateTime(a.assessedAt, p.zone)} ·{' '}
            <a href={`/cases/${p.caseId}/assessments/${a.version}`}>Cetak</a>
          </p>
          <AssessmentFacts a={a} />
          {p.versions.length > 1 && (
            <details>
              <summary>Semua versi ({p.versions.length})</summary>
              <ul class="plain">
                {p.versions.map((v) => (
                  <li>
                    <a href={`/cases/${p.caseId}/assessments/${v.version}`}>Versi {v.version}</a> · {v.assessorName ?? '—'} · {formatDateTime(v.assessedAt, p.zone)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        <p class="muted">Belum ada asesmen.</p>
      )}
      <details class="action" open={Boolean(failed('assessment')) || !a}>
        <summary>{a ? `Perbarui asesmen (versi ${a.version + 1})` : 'Isi asesmen'}</summary>
        <form method="post" action={`/cases/${p.caseId}/assessments`}>
          <TextArea name="masalah" label="Masalah" required value={f('assessment', 'masalah', a?.masalah ?? '')} errors={errs('assessment')} maxlength={4000} />
          <TextArea name="potensi" label="Potensi" required value={f('assessment', 'potensi', a?.potensi ?? '')} errors={errs('assessment')} maxlength={4000} />
          <TextArea name="sumber" label="Sumber (dukungan yang ada)" required value={f('assessment', 'sumber', a?.sumber ?? '')} errors={errs('assessment')} maxlength={4000} />
          <TextArea name="identity" label="Identitas sejauh diketahui" value={f('assessment', 'identity', a?.identity ?? '')} errors={errs('assessment')} maxlength={2000} />
          <TextArea name="health" label="Kondisi kesehatan" value={f('assessment', 'health', a?.health ?? '')} errors={errs('assessment')} maxlength={2000} />
          <TextArea name="mental_state" label="Kondisi kejiwaan" value={f('assessment', 'mental_state', a?.mentalState ?? '')} errors={errs('assessment')} maxlength={2000} />
          <TextArea name="family_contacts" label="Kontak keluarga" value={f('assessment', 'family_contacts', a?.familyContacts ?? '')} errors={errs('assessment')} maxlength={2000} />
          <button type="submit">Simpan asesmen</button>
        </form>
      </details>
    </>
  )
}

/** Each identity-document step with its status and a form to update it. */
function DocumentsSection({ p }: { p: ShelterCaseProps }) {
  const { failed } = formOf(p)
  return (
    <>
      <h2>Dokumen identitas</h2>
      <table id="documents">
        <tbody>
          {(Object.entries(documentSteps) as [string, string][]).map(([step, stepLabel]) => {
            const row = p.documents.find((d) => d.step === step)
            const mine = failed(`doc-${step}`)
            return (
              <tr>
                <td>
                  <strong>{stepLabel}</strong>
                  <div>
                    <span class="badge">{label(documentStatuses, row?.status ?? 'belum')}</span>
                    {row && (
                      <span class="muted small">
                        {' '}
                        · {row.updatedByName ?? '—'}, {formatDateTime(row.updatedAt, p.zone)}
                      </span>
                    )}
                  </div>
                  {row?.note && <div class="muted">{row.note}</div>}
                </td>
                <td>
                  <form method="post" action={`/cases/${p.caseId}/documents`}>
                    <input type="hidden" name="step" value={step} />
                    <SelectField name="status" idSuffix={step} label="Status" value={mine?.values.status ?? row?.status ?? 'belum'} errors={mine?.errors ?? {}} options={Object.entries(documentStatuses)} />
                    <TextField name="note" idSuffix={step} label="Catatan" value={mine?.values.note ?? ''} errors={mine?.errors ?? {}} maxlength={500} />
                    <button type="submit">Simpan</button>
                  </form>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}

/** Family tracing: the place of origin and the contacts tried. */
function TracingSection({ p }: { p: ShelterCaseProps }) {
  const { failed, f, errs } = formOf(p)
  return (
    <>
      <h2>Penelusuran keluarga</h2>
      <h3>Daerah asal</h3>
      {p.origin ? (
        <p id="origin">
          {p.origin.detail && `${p.origin.detail}, `}
          {p.origin.regencyName && `${p.origin.regencyName}, `}
          {p.origin.provinceName}
        </p>
      ) : (
        <p class="muted">Belum diketahui.</p>
      )}
      <details class="action" open={Boolean(failed('origin'))}>
        <summary>{p.origin ? 'Ubah daerah asal' : 'Catat daerah asal'}</summary>
        <form method="post" action={`/cases/${p.caseId}/origin`}>
          <SelectField name="province" label="Provinsi" required placeholder="— pilih provinsi —" value={f('origin', 'province', p.origin?.provinceCode ?? '')} errors={errs('origin')} options={p.regions.provinces.map((r): [string, string] => [r.code, r.name])} />
          <div class="field">
            <label for="f-regency">Kabupaten / kota</label>
            <select id="f-regency" name="regency" aria-invalid={errs('origin').regency ? 'true' : undefined}>
              <option value="">— tidak diketahui —</option>
              {p.regions.provinces.map((prov) => (
                <optgroup label={prov.name}>
                  {p.regions.regencies
                    .filter((r) => r.provinceCode === prov.code)
                    .map((r) => (
                      <option value={r.code} selected={r.code === f('origin', 'regency', p.origin?.regencyCode ?? '')}>
                        {r.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            {errs('origin').regency && <p class="error">{errs('origin').regency}</p>}
          </div>
          <TextField name="detail" label="Kecamatan / desa / alamat" value={f('origin', 'detail', p.origin?.detail ?? '')} errors={errs('origin')} maxlength={200} />
          <button type="submit">Simpan daerah asal</button>
        </form>
      </details>
      <h3>Kontak yang sudah dicoba</h3>
      {p.tracing.length === 0 && <p class="muted">Belum ada.</p>}
      <ul class="plain" id="tracing">
        {p.tracing.map((t) => (
          <li>
            <strong>{formatDateTime(t.at, p.zone)}</strong> · {label(tracingMethods, t.method)}: {t.contact} → {label(tracingResults, t.result)}
            {t.actorName && <span class="muted"> · {t.actorName}</span>}
            {t.note && <div>{t.note}</div>}
          </li>
        ))}
      </ul>
      <details class="action" open={Boolean(failed('tracing'))}>
        <summary>Catat kontak</summary>
        <form method="post" action={`/cases/${p.caseId}/tracing`}>
          <SelectField name="method" label="Cara" required placeholder="— pilih —" value={f('tracing', 'method')} errors={errs('tracing')} options={Object.entries(tracingMethods)} />
          <TextField name="contact" label="Siapa yang dihubungi" required value={f('tracing', 'contact')} errors={errs('tracing')} maxlength={200} />
          <SelectField name="result" label="Hasil" required placeholder="— pilih —" value={f('tracing', 'result')} errors={errs('tracing')} options={Object.entries(tracingResults)} />
          <TextArea name="note" idSuffix="tracing" label="Catatan" value={f('tracing', 'note')} errors={errs('tracing')} maxlength={1000} />
          <button type="submit">Simpan kontak</button>
        </form>
      </details>
    </>
  )
}

function AssessmentFacts(props: { a: AssessmentRow['assessment'] }) {
  const a = props.a
  return (
    <dl class="facts" id="assessment">
      <dt>Masalah</dt>
      <dd class="pre">{a.masalah}</dd>
      <dt>Potensi</dt>
      <dd class="pre">{a.potensi}</dd>
      <dt>Sumber</dt>
      <dd class="pre">{a.sumber}</dd>
      <dt>Identitas</dt>
      <dd class="pre">{a.identity ?? '—'}</dd>
      <dt>Kesehatan</dt>
      <dd class="pre">{a.health ?? '—'}</dd>
      <dt>Kejiwaan</dt>
      <dd class="pre">{a.mentalState ?? '—'}</dd>
      <dt>Kontak keluarga</dt>
      <dd class="pre">{a.familyContacts ?? '—'}</dd>
    </dl>
  )
}

/** One assessment version as a printable sheet, replacing the paper form (seed 003). */
export function AssessmentPrintPage(props: { caseId: number; ticket: string; personName: string; row: AssessmentRow; agency: string; zone: string }) {
  const a = props.row.assessment
  return (
    <article class="letter">
      <p class="no-print">
        <a href={`/cases/${props.caseId}/shelter`}>← Kembali</a> · Gunakan menu cetak peramban untuk mencetak.
      </p>
      <h1 class="letter-title">LEMBAR ASESMEN PPKS</h1>
      <p class="letter-number">{props.agency}</p>
      <dl class="facts">
        <dt>Kasus</dt>
        <dd>{props.ticket}</dd>
        <dt>Nama / ciri-ciri</dt>
        <dd>{props.personName}</dd>
        <dt>Versi</dt>
        <dd>
          {a.version}, oleh {props.row.assessorName ?? '—'}, {formatDateTime(a.assessedAt, props.zone)}
        </dd>
      </dl>
      <AssessmentFacts a={a} />
    </article>
  )
}
