// Small readers for server-rendered HTML: enough to assert what a form shows without a browser.

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}

/** The value a form control shows: an input's value, a select's selected option, a textarea's text. */
export function controlValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)
  if (input) return decodeEntities(/\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? '')
  const textarea = new RegExp(`<textarea\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)
  if (textarea) return decodeEntities(textarea[1]!)
  const select = new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)
  if (select) return decodeEntities(/<option value="([^"]*)" selected=""/.exec(select[1]!)?.[1] ?? '')
  return undefined
}

/** The message shown beside a field (the element the control's aria-describedby points to). */
export function fieldError(html: string, name: string): string | undefined {
  const found = new RegExp(`<p class="error" id="e-${name}">([^<]*)</p>`).exec(html)
  return found ? decodeEntities(found[1]!) : undefined
}

/** The hidden fields of the form that posts to `action`, as a browser sends them (version, snapshot, key, choices…). */
export function hiddenFieldsOf(html: string, action: string): Record<string, string> | undefined {
  const at = html.indexOf(`action="${action}"`)
  if (at < 0) return undefined
  const form = html.slice(at, html.indexOf('</form>', at))
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name!, decodeEntities(value!)]))
}
