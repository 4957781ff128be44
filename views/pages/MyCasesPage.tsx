import type { MyCaseRow } from '../../worker/db/queries/handling'
import { statusLabel, urgencies } from '../../worker/domain/glossary'
import { phoneForWhatsApp } from '../../worker/domain/phone'
import { DueLabel } from '../components/CaseRow'

/** `Kasus saya`: a facilitator's open cases as cards for a 360 px phone, most urgent first. */
export function MyCasesPage(props: { rows: MyCaseRow[]; now: number }) {
  return (
    <>
      <h1>Kasus saya</h1>
      {props.rows.length === 0 ? (
        <p>Tidak ada kasus terbuka yang ditugaskan kepada Anda.</p>
      ) : (
        <ul class="cards">
          {props.rows.map((r) => (
            <li class={`card${r.urgency === 'darurat' ? ' urgent' : ''}`}>
              <div class="card-head">
                <a class="nowrap" href={`/cases/${r.id}`}>{r.ticket}</a>
                <DueLabel status={r.status} dueAt={r.dueAt} resolvedAt={r.resolvedAt} now={props.now} />
              </div>
              <div>
                <strong>{r.personName}</strong> · {r.categoryName}
              </div>
              <div class="muted">
                {r.kelurahanName} · {urgencies[r.urgency as keyof typeof urgencies] ?? r.urgency} · {statusLabel(r.status)}
              </div>
              <div class="muted">{r.address}</div>
              {r.reporterPhone && (
                <div class="contact">
                  <a class="btn secondary" href={`tel:${r.reporterPhone}`}>
                    Telepon {r.reporterName}
                  </a>{' '}
                  <a class="btn secondary" href={`https://wa.me/${phoneForWhatsApp(r.reporterPhone)}`} rel="noopener noreferrer" target="_blank">
                    WhatsApp
                  </a>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
