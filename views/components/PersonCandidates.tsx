import { formatDate } from '../../worker/domain/format'
import { statusLabel } from '../../worker/domain/glossary'
import type { CandidatePerson } from '../../worker/db/queries/people'
import { openStatuses } from '../../worker/domain/case'

/** A candidate as the operator judges it: who, which fields matched, and the reports about them. */
export type CandidateView = { person: CandidatePerson; reasons: string[]; score: number }

const birthOf = (p: CandidatePerson) => (p.birthYear ? `lahir ±${p.birthYear}` : 'umur tidak diketahui')
const sexOf = (s: string) => (s === 'L' ? 'laki-laki' : s === 'P' ? 'perempuan' : 'jenis kelamin tidak diketahui')
const short = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max)}…` : text)

/** One candidate's facts, shared by the intake choice and the person page's "mungkin orang yang sama". */
export function CandidateFacts(props: { candidate: CandidateView; zone: string }) {
  const { person: p, reasons } = props.candidate
  return (
    <>
      {p.photo && <img class="person-photo" src={`/cases/${p.photo.caseId}/photos/${p.photo.id}`} alt={`Foto ${p.name}`} width="96" loading="lazy" />}
      <strong>{p.name}</strong> {!p.identityKnown && <span class="badge">identitas belum diketahui</span>} · {sexOf(p.sex)} · {birthOf(p)}
      {p.aliases && <> · alias {p.aliases}</>}
      <br />
      <span class="match">Cocok: {reasons.join('; ')}</span>
      {p.features && (
        <>
          <br />
          Ciri-ciri: {short(p.features)}
        </>
      )}
      <ul>
        {p.cases.slice(0, 3).map((k) => (
          <li>
            <a href={`/cases/${k.id}`}>{k.ticket}</a> · {statusLabel(k.status)} · {formatDate(k.receivedAt, props.zone)} · {k.categoryName} · {k.kelurahanName}, {k.address}: {short(k.description)}
          </li>
        ))}
      </ul>
      {p.cases.length > 3 && <p class="hint">dan {p.cases.length - 3} kasus lain.</p>}
      {p.sightings > 0 && <p class="hint">{p.sightings} laporan penampakan.</p>}
    </>
  )
}

/**
 * The candidates at intake (the htmx fragment as the operator types, and the confirmation step
 * without JavaScript): the operator links the report to a person, records it as a sighting of an
 * open case, or goes on with a new person. `candidates_seen` tells the server they were shown.
 */
export function IntakeCandidates(props: { candidates: CandidateView[]; chosen: string; zone: string; prompt?: boolean }) {
  if (props.candidates.length === 0) return <input type="hidden" name="candidates_seen" value="1" />
  return (
    <section class="notice warn candidates" aria-labelledby="candidates-title">
      <input type="hidden" name="candidates_seen" value="1" />
      <h3 id="candidates-title">Orang yang sama?</h3>
      {props.prompt && <p role="status">Laporan belum disimpan: ada orang yang mirip dengan laporan ini. Periksa, pilih, lalu tekan <strong>Simpan laporan</strong> lagi.</p>}
      <p class="hint">Sigap tidak memutuskan sendiri. Bandingkan, lalu pilih.</p>
      <fieldset>
        <legend>Laporan ini tentang</legend>
        <label>
          <input type="radio" name="link" value="" checked={props.chosen === ''} /> orang lain (orang baru)
        </label>
        {props.candidates.map((c) => {
          const open = c.person.cases.find((k) => openStatuses.includes(k.status as never))
          return (
            <div class="candidate">
              <CandidateFacts candidate={c} zone={props.zone} />
              <label>
                <input type="radio" name="link" value={`p:${c.person.id}`} checked={props.chosen === `p:${c.person.id}`} /> orang yang sama: buat kasus baru untuk {c.person.name}
              </label>
              {open && (
                <label>
                  <input type="radio" name="link" value={`s:${open.id}`} checked={props.chosen === `s:${open.id}`} /> orang yang sama, kasus {open.ticket} masih terbuka: catat sebagai penampakan (tidak membuat kasus baru)
                </label>
              )}
            </div>
          )
        })}
      </fieldset>
    </section>
  )
}
