/**
 * The one way a submitted form is read (STYLE.md, handlers): a reader per field that records the
 * field's first problem in Indonesian and keeps what was typed, so that a refused form comes back
 * with every value and a message beside each field (`Parsed<T>`). Pure.
 */
import { checkNik, type NikContext } from './nik'
import { normalizePhone } from './phone'

/** What the form shows again: each field's text as typed (as a reader mapped it, where one did). */
export type FormValues = Record<string, string>
/** One message per field name. */
export type FieldErrors = Record<string, string>
/** A refused form: what to show again and why. */
export type Refused = { values: FormValues; errors: FieldErrors }
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & Refused)

/** A form body as Hono parses it: strings, files, or lists of them for repeated names. */
export type FormBody = Record<string, unknown>

// Control characters (except tab and line breaks) and bidi overrides make stored text lie about
// itself in lists and letters.
const forbiddenChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/
export const forbiddenMessage = 'Berisi karakter yang tidak diizinkan.'

export function hasForbiddenChars(text: string): boolean {
  return forbiddenChars.test(text)
}

export const tooLongMessage = (max: number) => `Terlalu panjang (paling banyak ${max} karakter).`

/** Every text field of a body as typed; files and repeated names are left out. */
export function typedValues(body: FormBody): FormValues {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/** How a text field is checked: a length cap, and the messages when it is empty or too long. */
export type TextRule = {
  max: number
  /** The message when empty; absent, the field may be empty (read as null). */
  required?: string
  /** The message when longer than `max`; by default "Terlalu panjang (…)". */
  tooLong?: string
  /** Applied before the checks, and shown back: as in `str`. */
  map?: (text: string) => string
}

/** A rule whose messages name the field: "Catatan wajib diisi.", "Catatan paling banyak 500 karakter." */
export function named(label: string, max: number, required: true): TextRule & { required: string }
export function named(label: string, max: number, required?: boolean): TextRule
export function named(label: string, max: number, required = false): TextRule {
  return { max, tooLong: `${label} paling banyak ${max} karakter.`, ...(required ? { required: `${label} wajib diisi.` } : {}) }
}

/** A list of allowed values: a label record's keys, an array, or a set. */
export type Choices<K extends string> = Readonly<Record<K, unknown>> | readonly K[] | ReadonlySet<K>

function allows(choices: Choices<string>, value: string): boolean {
  if (choices instanceof Set) return choices.has(value)
  if (Array.isArray(choices)) return choices.includes(value)
  return Object.hasOwn(choices, value)
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const day = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text)
}

/**
 * Reads one submitted form. Each reader returns the field's value (check `ok` before trusting it),
 * puts its cleaned text into `values` and its first problem into `errors`; `done` gives the result.
 */
export class Form {
  readonly values: FormValues
  readonly errors: FieldErrors = {}

  constructor(private readonly body: FormBody) {
    this.values = typedValues(body)
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0
  }

  /** Records a problem of `name`; a field keeps its first one. */
  fail(name: string, message: string): void {
    this.errors[name] ??= message
  }

  /**
   * The field NFC-normalised and trimmed ('' when absent or a file; the first of repeated values).
   * The form shows it again as typed; with `map` (lower case, say), as mapped.
   */
  str(name: string, map?: (text: string) => string): string {
    const raw = this.body[name]
    const first = Array.isArray(raw) ? raw[0] : raw
    const text = typeof first === 'string' ? first.normalize('NFC').trim() : ''
    if (!map) return text
    const value = map(text)
    if (name in this.values || value) this.values[name] = value
    return value
  }

  /** A repeated field (checkboxes, multi-select): its non-empty values. */
  list(name: string): string[] {
    const raw = this.body[name]
    const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
    return all.filter((v): v is string => typeof v === 'string' && v !== '')
  }

  /** A checkbox sending `on` (default '1'); echoed as `on` or ''. */
  flag(name: string, on = '1'): boolean {
    const checked = this.str(name) === on
    this.values[name] = checked ? on : ''
    return checked
  }

  /** Free text: required or not, at most `rule.max` characters, none of the forbidden characters. */
  text(name: string, rule: TextRule & { required: string }): string
  text(name: string, rule: TextRule): string | null
  text(name: string, rule: TextRule): string | null {
    const value = this.str(name, rule.map)
    if (!value) {
      if (rule.required) this.fail(name, rule.required)
      return rule.required ? '' : null
    }
    if (value.length > rule.max) this.fail(name, rule.tooLong ?? tooLongMessage(rule.max))
    else if (hasForbiddenChars(value)) this.fail(name, forbiddenMessage)
    return value
  }

  /** One value from a list; `message` when it is not in it. */
  choice<K extends string>(name: string, choices: Choices<K>, message: string): K {
    const value = this.str(name)
    if (!allows(choices, value)) this.fail(name, message)
    return value as K
  }

  /** A whole number (optionally signed) from `min` to `max`, or `blank` when empty and given; `message` otherwise. */
  int(name: string, range: { min: number; max: number; blank?: number }, message: string): number {
    const text = this.str(name)
    if (!text && range.blank !== undefined) {
      this.values[name] = String(range.blank)
      return range.blank
    }
    const value = Number(text)
    if (!/^-?\d{1,15}$/.test(text) || value < range.min || value > range.max) this.fail(name, message)
    return value
  }

  /** The id of one of `ids` (a select of records); `message` otherwise. */
  id(name: string, ids: ReadonlySet<number>, message: string): number {
    const value = Number(this.str(name))
    if (!Number.isSafeInteger(value) || !ids.has(value)) this.fail(name, message)
    return value
  }

  /** A calendar day as YYYY-MM-DD (an `<input type="date">`); `message` otherwise. */
  date(name: string, message: string): string {
    const value = this.str(name)
    if (!isIsoDate(value)) this.fail(name, message)
    return value
  }

  /** An Indonesian phone number in E.164 (domain/phone.ts and its messages); null when empty and not required. */
  phone(name: string, required?: string): string | null {
    const value = this.str(name)
    if (!value) {
      if (required) this.fail(name, required)
      return null
    }
    const checked = normalizePhone(value)
    if (checked.ok) return checked.phone
    this.fail(name, checked.message)
    return null
  }

  /** A NIK (domain/nik.ts and its messages); null when empty. */
  nik(name: string, ctx: NikContext): string | null {
    const value = this.str(name)
    if (!value) return null
    const checked = checkNik(value, ctx)
    if (checked.ok) return checked.nik
    this.fail(name, checked.message)
    return null
  }

  /** The result: `value` when every field passed, else what was typed and the messages. */
  done<T>(value: T): Parsed<T> {
    return this.ok ? { ok: true, value } : { ok: false, values: this.values, errors: this.errors }
  }
}

/**
 * `parsed` with problems found after it (a name already taken, a photo that is not one): refused
 * when there are any, with the typed values and the parser's messages kept.
 */
export function withProblems<T>(parsed: Parsed<T>, body: FormBody, errors: FieldErrors): Parsed<T> {
  if (Object.keys(errors).length === 0) return parsed
  return parsed.ok ? { ok: false, values: typedValues(body), errors } : { ok: false, values: parsed.values, errors: { ...parsed.errors, ...errors } }
}

export function readForm(body: FormBody): Form {
  return new Form(body)
}
