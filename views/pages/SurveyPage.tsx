import { surveyElements } from '../../worker/domain/ikm'
import { RequiredMark } from '../components/Field'
import type { FieldErrors, FormValues } from '../../worker/domain/form'

/** The nine-element satisfaction survey (PermenPANRB 14/2017), radio buttons only: works without JavaScript. */
export function SurveyPage(props: { action: string; ticket: string; values: FormValues; errors: FieldErrors }) {
  const hasErrors = Object.keys(props.errors).length > 0
  return (
    <>
      <h1>Survei kepuasan</h1>
      <p>Laporan {props.ticket}. Jawaban Anda membantu kami memperbaiki layanan dan tidak memengaruhi bantuan yang Anda terima.</p>
      {hasErrors && (
        <div class="notice bad" role="alert">
          Jawab semua pertanyaan yang ditandai.
        </div>
      )}
      <form method="post" action={props.action} class="narrow">
        {surveyElements.map((e, i) => (
          <fieldset class={props.errors[e.code] ? 'survey invalid' : 'survey'} aria-describedby={props.errors[e.code] ? `e-${e.code}` : undefined}>
            <legend>
              {i + 1}. {e.question}
              <RequiredMark />
            </legend>
            {e.answers.map((answer, j) => (
              <label class="choice">
                <input type="radio" name={e.code} value={String(j + 1)} checked={props.values[e.code] === String(j + 1)} required />
                {answer}
              </label>
            ))}
            {props.errors[e.code] && (
              <p class="error" id={`e-${e.code}`}>
                {props.errors[e.code]}
              </p>
            )}
          </fieldset>
        ))}
        <div class="field">
          <label for="f-saran">Saran (bila ada)</label>
          <textarea id="f-saran" name="saran" maxlength={1000}>
            {props.values.saran ?? ''}
          </textarea>
          {props.errors.saran && <p class="error">{props.errors.saran}</p>}
        </div>
        <button type="submit">Kirim jawaban</button>
      </form>
    </>
  )
}

export function SurveyDonePage(props: { message: string }) {
  return (
    <>
      <h1>Survei kepuasan</h1>
      <p class="notice" role="status" id="survey-done">
        {props.message}
      </p>
      <p>
        <a href="/layanan">Kembali ke halaman Layanan</a>
      </p>
    </>
  )
}
