// Reads the forms a page offers, as a browser would submit them: enough to post every field of
// every form without a hand-kept list that falls behind the views.
import { decodeEntities } from '../support/html'

export type FormField = { name: string; kind: 'text' | 'hidden' | 'choice' | 'check' | 'file' | 'password'; value: string; options?: string[]; multiple?: boolean }
export type PageForm = { action: string; method: string; enctype: string; fields: FormField[] }

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)
  return m ? decodeEntities(m[1]!) : undefined
}

/** Every `<form method="post">` of `html` with its controls and their current values. */
export function postForms(html: string, pagePath: string): PageForm[] {
  const forms: PageForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = m[1]!
    if ((attr(tag, 'method') ?? 'get').toLowerCase() !== 'post') continue
    const fields: FormField[] = []
    const body = m[2]!
    for (const c of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(c[0], 'name')
      if (!name) continue
      const type = (attr(c[0], 'type') ?? 'text').toLowerCase()
      if (type === 'submit' || type === 'button' || type === 'image' || type === 'reset') continue
      if (type === 'checkbox' || type === 'radio') {
        const checked = /\schecked(=|\s|>|\/)/i.test(c[0])
        const existing = fields.find((f) => f.name === name && f.kind === 'check')
        if (type === 'radio' && existing) {
          existing.options!.push(attr(c[0], 'value') ?? 'on')
          if (checked) existing.value = attr(c[0], 'value') ?? 'on'
          continue
        }
        fields.push({ name, kind: 'check', value: checked ? (attr(c[0], 'value') ?? 'on') : '', options: [attr(c[0], 'value') ?? 'on'] })
        continue
      }
      const kind = type === 'hidden' ? 'hidden' : type === 'file' ? 'file' : type === 'password' ? 'password' : 'text'
      fields.push({ name, kind, value: attr(c[0], 'value') ?? '' })
    }
    for (const c of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(c[1]!, 'name')
      if (name) fields.push({ name, kind: 'text', value: decodeEntities(c[2]!) })
    }
    for (const c of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(c[1]!, 'name')
      if (!name) continue
      const options = [...c[2]!.matchAll(/<option\b([^>]*)>/gi)].map((o) => ({ value: attr(o[1]!, 'value') ?? '', selected: /\sselected/i.test(o[1]!) }))
      const values = options.map((o) => o.value)
      // A multiple select sends each selected option, and nothing when none is; a single one its first.
      if (/\smultiple/i.test(c[1]!)) {
        const selected = options.filter((o) => o.selected)
        if (selected.length === 0) fields.push({ name, kind: 'choice', value: '', options: values, multiple: true })
        for (const o of selected) fields.push({ name, kind: 'choice', value: o.value, options: values, multiple: true })
      }
      else fields.push({ name, kind: 'choice', value: options.find((o) => o.selected)?.value ?? options[0]?.value ?? '', options: values })
    }
    // A submit button with a name sends its value (the ladder's "add rung", say).
    forms.push({ action: attr(tag, 'action') ?? pagePath, method: 'post', enctype: attr(tag, 'enctype') ?? 'application/x-www-form-urlencoded', fields })
  }
  return forms
}

/** The name/value pairs the form would send as it stands, repeated names included. */
export function formPairs(form: PageForm): [string, string][] {
  return form.fields.filter((f) => f.kind !== 'file' && ((f.kind !== 'check' && !f.multiple) || f.value)).map((f) => [f.name, f.value])
}
