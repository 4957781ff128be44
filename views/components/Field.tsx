import type { Child } from 'hono/jsx'
import type { FieldErrors } from '../../worker/domain/form'

// `idSuffix` keeps ids unique when several forms on one page share a field name. `required:
// 'sometimes'` marks a field that other answers make required (the hint says when); the browser
// is not asked to enforce it, the server is.
type Common = { name: string; label: string; errors: FieldErrors; hint?: string; required?: boolean | 'sometimes'; idSuffix?: string }

/** The one mark of a required field, after its label; screen readers hear `required` from the control itself. */
export function RequiredMark() {
  return (
    <span class="req" aria-hidden="true">
      {' *'}
    </span>
  )
}

const keyOf = (props: Common) => (props.idSuffix ? `${props.name}-${props.idSuffix}` : props.name)

/** Label, control, hint and the error message beside it; the control gets aria-invalid and aria-describedby. */
function Wrap(props: Common & { children: Child }) {
  const error = props.errors[props.name]
  return (
    <div class="field">
      <label for={`f-${keyOf(props)}`}>
        {props.label}
        {props.required && <RequiredMark />}
      </label>
      {props.children}
      {props.hint && (
        <div class="hint" id={`h-${keyOf(props)}`}>
          {props.hint}
        </div>
      )}
      {error && (
        <p class="error" id={`e-${keyOf(props)}`}>
          {error}
        </p>
      )}
    </div>
  )
}

function aria(props: Common) {
  const key = keyOf(props)
  const ids = [props.hint ? `h-${key}` : '', props.errors[props.name] ? `e-${key}` : ''].filter(Boolean).join(' ')
  return { id: `f-${key}`, name: props.name, 'aria-invalid': props.errors[props.name] ? 'true' : undefined, 'aria-describedby': ids || undefined, required: props.required === true }
}

export function TextField(props: Common & { value: string; type?: string; maxlength?: number; inputmode?: 'numeric' | 'tel' | 'text' | 'search'; autocomplete?: string; extra?: Record<string, string> }) {
  return (
    <Wrap {...props}>
      <input type={props.type ?? 'text'} value={props.value} maxlength={props.maxlength} inputmode={props.inputmode} autocomplete={props.autocomplete ?? 'off'} {...aria(props)} {...props.extra} />
    </Wrap>
  )
}

/** One photo from the camera or gallery; `shrink` lets app.js make it smaller on the phone before sending. */
export function PhotoField(props: Common & { shrink?: boolean }) {
  return (
    <Wrap {...props}>
      <input type="file" accept="image/jpeg,image/png,image/webp" data-shrink={props.shrink ? '' : undefined} {...aria(props)} />
    </Wrap>
  )
}

export function TextArea(props: Common & { value: string; maxlength?: number }) {
  return (
    <Wrap {...props}>
      <textarea maxlength={props.maxlength} {...aria(props)}>
        {props.value}
      </textarea>
    </Wrap>
  )
}

export function SelectField(props: Common & { value: string; options: [string, string][]; placeholder?: string; extra?: Record<string, string> }) {
  return (
    <Wrap {...props}>
      <select {...aria(props)} {...props.extra}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        <Options options={props.options} value={props.value} />
      </select>
    </Wrap>
  )
}

/** The `<option>` list alone: also the htmx fragment of a filtered select. */
export function Options(props: { options: [string, string][]; value: string }) {
  return (
    <>
      {props.options.map(([value, label]) => (
        <option value={value} selected={value === props.value}>
          {label}
        </option>
      ))}
    </>
  )
}
