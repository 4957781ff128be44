import { gradeLabels, surveyElements, type IkmResult } from '../../worker/domain/ikm'

export type IkmTable = { title: string; rows: { label: string; result: IkmResult }[] }

const fmt = (n: number, digits = 2) => n.toFixed(digits).replace('.', ',')

/** IKM per month, category and kelurahan (PermenPANRB 14/2017: average of nine element averages × 25). */
export function SatisfactionPage(props: { year: number; years: number[]; overall: IkmResult | null; tables: IkmTable[] }) {
  return (
    <>
      <h1>Indeks Kepuasan Masyarakat {props.year}</h1>
      <form method="get" action="/satisfaction" class="filters">
        <div class="field">
          <label for="f-tahun">Tahun</label>
          <select id="f-tahun" name="tahun">
            {props.years.map((y) => (
              <option value={String(y)} selected={y === props.year}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Tampilkan</button>
      </form>
      {props.overall ? (
        <>
          <p class="notice">
            IKM {props.year}: <strong id="ikm-overall">{fmt(props.overall.score)}</strong> · mutu {props.overall.grade} ({gradeLabels[props.overall.grade]}) ·{' '}
            {props.overall.respondents} responden
          </p>
          <h2>Nilai rata-rata per unsur</h2>
          <table>
            <tbody>
              {surveyElements.map((e, i) => (
                <tr>
                  <td>
                    U{i + 1} {e.name}
                  </td>
                  <td>{fmt(props.overall!.elementAverages[i]!)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p class="muted">Belum ada jawaban survei pada tahun ini.</p>
      )}
      {props.tables.map((t) => (
        <>
          <h2>{t.title}</h2>
          <table>
            <thead>
              <tr>
                <th></th>
                <th>Responden</th>
                <th>IKM</th>
                <th>Mutu</th>
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr>
                  <td>{r.label}</td>
                  <td>{r.result.respondents}</td>
                  <td>{fmt(r.result.score)}</td>
                  <td>
                    {r.result.grade} ({gradeLabels[r.result.grade]})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ))}
    </>
  )
}
