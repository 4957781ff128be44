/**
 * A deliberately small Markdown renderer for admin-edited public text (/layanan): headings,
 * paragraphs, bullet and numbered lists, **bold**, *italic*, and links to http(s), mailto, tel and site paths.
 * Everything else is escaped, so the output is safe to place in a page as HTML.
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => entities[ch]!)
}

// Only schemes that cannot run script, or a path on this site (not "//host" nor "/\host", which
// browsers read as another host); checked on the raw target, before any escaping.
const safeLink = /^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:\+?[0-9 ()-]+|\/(?![/\\])[^\s\\]*)$/i

function inline(text: string): string {
  let out = ''
  // Links first, on unescaped text, so the URL check sees what the browser will see.
  const link = /\[([^\]\n]+)\]\(([^)\s]+)\)/g
  let last = 0
  for (const m of text.matchAll(link)) {
    out += emphasis(escapeHtml(text.slice(last, m.index)))
    const label = emphasis(escapeHtml(m[1]!))
    const href = m[2]!
    out += safeLink.test(href) ? `<a href="${escapeHtml(href)}">${label}</a>` : label
    last = m.index! + m[0].length
  }
  return out + emphasis(escapeHtml(text.slice(last)))
}

function emphasis(escaped: string): string {
  return escaped.replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>').replace(/\*([^*\n]+)\*/g, '<em>$1</em>')
}

/** Markdown to HTML; the only tags produced are h2–h4, p, ul, ol, li, strong, em, a and br. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const html: string[] = []
  let paragraph: string[] = []
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null
  const flush = () => {
    if (paragraph.length) html.push(`<p>${paragraph.map(inline).join('<br>')}</p>`)
    paragraph = []
    if (list) html.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`)
    list = null
  }
  for (const raw of lines) {
    const line = raw.trimEnd()
    const heading = /^(#{1,3})\s+(.+)$/.exec(line)
    const bullet = /^\s*[-*]\s+(.+)$/.exec(line)
    const numbered = /^\s*\d+[.)]\s+(.+)$/.exec(line)
    if (!line.trim()) {
      flush()
    } else if (heading) {
      flush()
      // The page already has its h1: Markdown # becomes h2.
      const level = heading[1]!.length + 1
      html.push(`<h${level}>${inline(heading[2]!)}</h${level}>`)
    } else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol'
      if (paragraph.length || (list && list.tag !== tag)) flush()
      list ??= { tag, items: [] }
      list.items.push((bullet ?? numbered)![1]!)
    } else if (list && /^\s{2,}\S/.test(raw)) {
      list.items[list.items.length - 1] += ' ' + line.trim()
    } else {
      if (list) flush()
      paragraph.push(line.trim())
    }
  }
  flush()
  return html.join('\n')
}
