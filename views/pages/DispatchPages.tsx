import type { CrewDispatchRow, VehicleBoardRow } from '../../worker/db/queries/dispatch'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { crewSteps, dispatchStatuses, nextCrewStep, tripResults, vehicleKinds } from '../../worker/domain/dispatch'
import { PhoneLinks } from '../components/CaseServices'
import { SelectField, TextField } from '../components/Field'
import { formatDateTime } from '../../worker/domain/format'

const label = (record: Record<string, string>, key: string) => record[key] ?? key

/** The board: every vehicle, free or on a case. */
export function DispatchBoardPage(props: { rows: VehicleBoardRow[]; zone: string; crew: boolean }) {
  const free = props.rows.filter((v) => v.active && v.dispatchId === null)
  return (
    <>
      <h1>Papan kendaraan</h1>
      <p>
        <strong>{free.length}</strong> dari {props.rows.filter((v) => v.active).length} kendaraan aktif bebas.
      </p>
      {props.crew && (
        <p>
          <a href="/crew">Tugas kendaraan saya (awak)</a>
        </p>
      )}
      {props.rows.length === 0 && <p class="muted">Belum ada kendaraan. Admin menambahkannya di menu Admin → Kendaraan.</p>}
      <ul class="cards" id="vehicle-board">
        {props.rows.map((v) => (
          <li class={`card${v.dispatchId !== null ? ' busy' : ''}`}>
            <div class="card-head">
              <span>
                {v.name} ({v.plate})
              </span>
              <span class={`badge ${!v.active ? '' : v.dispatchId === null ? 'free' : 'late'}`}>{!v.active ? 'Tidak aktif' : v.dispatchId === null ? 'Bebas' : label(dispatchStatuses, v.dispatchStatus ?? '')}</span>
            </div>
            <div class="muted">
              {label(vehicleKinds, v.kind)}
              {v.base && ` · pos ${v.base}`}
            </div>
            {v.dispatchId !== null && (
              <div>
                Bertugas ke <a class="nowrap" href={`/cases/${v.caseId}`}>{v.ticket}</a> ({v.kelurahanName}) sejak {formatDateTime(v.dispatchedAt!, props.zone)}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

/** The crew's phone page: where to go, whom to call, and the one next step as a big button. */
export type CrewPageProps = {
  rows: CrewDispatchRow[]
  zone: string
  shelters: { id: number; name: string }[]
  message?: { kind: 'ok' | 'bad'; text: string }
  /** A refused "Selesai": the typed values and messages, on its own trip's form. */
  failed?: { dispatchId: number; values: FormValues; errors: FieldErrors }
}

export function CrewPage(props: CrewPageProps) {
  return (
    <>
      <h1>Tugas kendaraan</h1>
      {props.message && (
        <div class={`notice${props.message.kind === 'bad' ? ' bad' : ''}`} role={props.message.kind === 'bad' ? 'alert' : 'status'}>
          {props.message.text}
        </div>
      )}
      {props.rows.length === 0 && <p class="muted">Tidak ada tugas aktif untuk kendaraan Anda.</p>}
      <ul class="cards">
        {props.rows.map((d) => {
          const step = nextCrewStep(d.status)
          return (
            <li class="card urgent" id={`dispatch-${d.id}`}>
              <div class="card-head">
                <span>
                  {d.ticket} · {d.categoryName}
                </span>
                <span class="badge">{label(dispatchStatuses, d.status)}</span>
              </div>
              <div>
                {d.vehicleName} ({d.plate}) · dikirim {formatDateTime(d.dispatchedAt, props.zone)}
              </div>
              <div>
                <strong>{d.personName}</strong>
              </div>
              <div>
                {d.address}
                {d.rt && ` RT ${d.rt}`}
                {d.rw && ` RW ${d.rw}`}, {d.kelurahanName}
              </div>
              {d.landmark && <div class="muted">Patokan: {d.landmark}</div>}
              {d.destination && <div>Tujuan: {d.destination}</div>}
              {d.reporterPhone && (
                <div>
                  Pelapor {d.reporterName}: <PhoneLinks phone={d.reporterPhone} />
                </div>
              )}
              {step === 'finish' ? (
                <FinishForm dispatchId={d.id} shelters={props.shelters} failed={props.failed?.dispatchId === d.id ? props.failed : undefined} />
              ) : (
                step && (
                  <form method="post" action={`/dispatches/${d.id}/${step}`}>
                    <button type="submit" class="big">
                      {crewSteps[step]}
                    </button>
                  </form>
                )
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}

/** "Selesai" asks what happened: it settles the case or hands it on (domain/dispatch.ts caseAfterTrip). */
function FinishForm(props: { dispatchId: number; shelters: { id: number; name: string }[]; failed?: { values: FormValues; errors: FieldErrors } }) {
  const values = props.failed?.values ?? {}
  const errors = props.failed?.errors ?? {}
  const suffix = String(props.dispatchId)
  return (
    <form method="post" action={`/dispatches/${props.dispatchId}/finish`} class="trip-finish">
      <fieldset aria-describedby={errors.result ? `e-result-${suffix}` : undefined}>
        <legend>Hasil perjalanan *</legend>
        {Object.entries(tripResults).map(([value, text]) => (
          <label class="choice">
            <input type="radio" name="result" value={value} checked={values.result === value} required /> {text}
          </label>
        ))}
        {errors.result && (
          <p class="error" id={`e-result-${suffix}`}>
            {errors.result}
          </p>
        )}
      </fieldset>
      {props.shelters.length > 0 && (
        <SelectField
          name="shelter"
          label="Rumah singgah (bila diantar ke rumah singgah)"
          idSuffix={suffix}
          placeholder="— pilih rumah singgah —"
          value={values.shelter ?? ''}
          errors={errors}
          options={props.shelters.map((sh): [string, string] => [String(sh.id), sh.name])}
        />
      )}
      <TextField name="note" label="Catatan (nama rumah sakit, penerima, dsb.)" idSuffix={suffix} value={values.note ?? ''} errors={errors} maxlength={1000} />
      <button type="submit" class="big">
        {crewSteps.finish}
      </button>
    </form>
  )
}
