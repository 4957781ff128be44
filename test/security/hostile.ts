// The bad-input corpus (test/corpus/*.txt, SECURITY.md (c)) and the checks every answer to it must pass.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { controlValue, decodeEntities } from '../support/html'

const corpusDir = join(import.meta.dirname, '..', 'corpus')

/** One case a line; `\uXXXX` is decoded; lines starting with "## " are comments. */
export function loadCorpus(): { file: string; value: string }[] {
  const out: { file: string; value: string }[] = []
  for (const file of readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()) {
    for (const line of readFileSync(join(corpusDir, file), 'utf8').split('\n')) {
      if (line === '' || line.startsWith('## ')) continue
      out.push({ file, value: line.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) })
    }
  }
  return out
}

/** The corpus plus generated cases: empty, a long value, every control character. */
export function corpusValues(): string[] {
  const generated = ['', 'x'.repeat(5_000), 'ä'.repeat(3_000), Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join(''), '<'.repeat(500), '"'.repeat(500)]
  return [...new Set([...loadCorpus().map((c) => c.value), ...generated])]
}

/** A few of the worst, for the slower per-field runs in an otherwise valid form. */
export function coreValues(): string[] {
  return ['<script>alert(1)</script>', '"><svg onload=alert(1)>', "'><img src=x onerror=alert(1)>", '</textarea><script>alert(1)</script>', '<div hx-get="/admin/users" hx-trigger="load">', 'javascript:alert(1)', "Siti Nur'aini"]
}

/**
 * `size` corpus values for the `nth` form: a stride through the whole corpus, started at a
 * different place for each form, so that together the forms use every value. SIGAP_HOSTILE_FULL=1
 * (nightly) gives every form every value.
 */
export function corpusSample(corpus: string[], nth: number, size = 200): string[] {
  if (process.env.SIGAP_HOSTILE_FULL || corpus.length <= size) return corpus
  return Array.from({ length: size }, (_, i) => corpus[(nth * 97 + Math.floor((i * corpus.length) / size)) % corpus.length]!)
}

// What a browser would make of the value on the way in (lone surrogates become U+FFFD).
const wellFormed = (s: string) => (s as string & { toWellFormed(): string }).toWellFormed()

/**
 * Fails when `value` shows up in `html` unescaped: no run of it that opens a tag or breaks out of
 * an attribute may appear raw (escaped, `<` is `&lt;` and `"` is `&quot;`). Also no event-handler
 * attribute and no `javascript:` or `data:text/html` URL in an attribute, which escaping alone does not stop.
 */
export function expectNoRawReflection(html: string, value: string, label: string, baseline = '') {
  const variants = new Set([value, value.trim(), value.normalize('NFC').trim(), value.normalize('NFKC').trim()].map(wellFormed))
  for (const v of variants) {
    for (let i = 0; i < v.length; i++) {
      const run = v.slice(i, i + 12)
      // Where escaping matters: a tag opening (`<svg`, `</textarea`, `<!--`), or a quote that closes
      // an attribute and goes on with `>` or another attribute (`" onfocus=`, `' hx-get=`).
      const tagLike = /^<[/!?]?[a-z]/i.test(run) && run.length >= 4
      const breakout = /^["'`]\s*(?:\/?>\s*<?[a-z]|[a-z][\w:.-]*\s*=)/i.test(run)
      if (!tagLike && !breakout) continue
      // Closing tags alone (`</option></select>`) are in every page; what follows them is its own run.
      if (run.replace(/<\/[a-z]+>/gi, '').replace(/^<\/?[a-z]*$/i, '') === '' || baseline.includes(run)) continue
      if (html.includes(run)) expect.fail(`${label}: ${JSON.stringify(run)} of ${JSON.stringify(value.slice(0, 80))} appears unescaped`)
    }
  }
  // The attribute scan depends on the page alone: a page already found clean (the same response
  // checked for each of its query values) is not scanned again.
  if (html === lastCleanPage) return
  for (const tag of html.matchAll(tagPattern)) {
    for (const a of tag[2]!.matchAll(attrPattern)) {
      const name = a[1]!.toLowerCase()
      const raw = a[2] ?? a[3] ?? a[4] ?? ''
      // Inline handlers and hx-on never occur in our pages (the CSP forbids them): any is injected.
      if (name.startsWith('on') || name.startsWith('hx-on') || name.startsWith('data-hx-on')) expect.fail(`${label}: event handler attribute ${name} on <${tag[1]}>`)
      if (urlAttributes.has(name) && /^\s*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|data\s*:\s*text\/html)/i.test(decodeEntities(raw).replace(/[\u0000-\u0020]/g, ''))) {
        expect.fail(`${label}: script URL in ${name} of <${tag[1]}>`)
      }
    }
  }
  lastCleanPage = html
}

let lastCleanPage: string | undefined

const tagPattern = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g
const attrPattern = /\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'hx-get', 'hx-post', 'hx-put', 'hx-delete', 'hx-patch', 'srcdoc'])

const normalizers: ((s: string) => string)[] = [
  (s) => s,
  (s) => s.trim(),
  (s) => s.normalize('NFC').trim(),
  (s) => s.normalize('NFKC').trim(),
  (s) => s.trim().toLowerCase(),
  (s) => s.normalize('NFC').trim().toLowerCase(),
  (s) => s.normalize('NFKC').trim().toLowerCase(),
  (s) => s.normalize('NFKC').trim().toUpperCase(),
  (s) => s.replace(/\r\n?/g, '\n'),
  (s) => s.replace(/\r\n?/g, '\n').trim(),
  (s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim(),
  // Multipart bodies carry line breaks as CRLF (the HTML form encoding); browsers send the same.
  (s) => s.replace(/\r\n|\r|\n/g, '\r\n'),
  (s) => s.replace(/\r\n|\r|\n/g, '\r\n').trim(),
  (s) => s.normalize('NFC').replace(/\r\n|\r|\n/g, '\r\n').trim(),
]

// Fields the app deliberately narrows on the way in: /cek keeps the digits of "last four digits".
const fieldNormalizers: Record<string, (s: string) => string> = {
  hp4: (s) => s.normalize('NFKC').replace(/\D/g, '').slice(0, 4),
  // The intake form's filter for the kelurahan list is a search box, not part of the report.
  kelurahan_q: () => '',
}

/** Whether a re-rendered control shows what was typed (allowing trimming, normalising, a length cap). */
export function keepsTyped(shown: string, typed: string, field = ''): boolean {
  const t = wellFormed(typed)
  // Blank means "not given": the form may show its default instead (a category's sort order 0).
  if (t.normalize('NFKC').trim() === '') return true
  // Rows of the ladder form are renumbered or dropped (`remove_N`, `count`) when those fields are hostile.
  if (/_\d+$/.test(field)) return true
  // A length cap in UTF-16 units may split the last character; it then shows as U+FFFD.
  const cut = shown.replace(/\uFFFD$/, '')
  return [...normalizers, ...(fieldNormalizers[field] ? [fieldNormalizers[field]] : [])].some((n) => {
    const expected = n(t)
    return expected === shown || (cut.length >= 11 && expected.startsWith(cut))
  })
}

/** The value a control of the form posting to `action` shows, if that form and control are there. */
export function shownValue(html: string, action: string, name: string): string | undefined {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const target = /\saction="([^"]*)"/.exec(m[1]!)?.[1]
    if (target !== undefined && decodeEntities(target) === action) return controlValue(m[2]!, name)
  }
  return undefined
}
