import type { CrewDispatchRow, VehicleBoardRow } from '../../worker/db/queries/dispatch'
import { crewSteps, dispatchStatuses, nextCrewStep, vehicleKinds } from '../../worker/domain/dispatch'
import { PhoneLinks } from '../components/CaseServices'
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
                Bertugas ke <a href={`/cases/${v.caseId}`}>{v.ticket}</a> ({v.kelurahanName}) sejak {formatDateTime(v.dispatchedAt!, props.zone)}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

/** The crew's phone page: where to go, whom to call, and the one next step as a big button. */
export type CrewPageProps = { rows: CrewDispatchRow[]; zone: string; message?: { kind: 'ok' | 'bad'; text: string } }

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
              {step && (
                <form method="post" action={`/dispatches/${d.id}/${step}`}>
                  <button type="submit" class="big">
                    {crewSteps[step]}
                  </button>
                </form>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}
