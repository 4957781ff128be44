import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../worker/domain/markdown'

describe('markdown for /layanan', () => {
  it('renders headings, paragraphs, lists, emphasis and safe links', () => {
    const html = renderMarkdown('# Alur\nBaris satu\nbaris dua\n\n- **KTP** asli\n- KK\n\n1. Lapor\n2. *Ditangani*\n\n[Hotline](tel:112) dan [situs](https://example.go.id) dan [lapor](/lapor)')
    expect(html).toBe(
      '<h2>Alur</h2>\n<p>Baris satu<br>baris dua</p>\n<ul><li><strong>KTP</strong> asli</li><li>KK</li></ul>\n<ol><li>Lapor</li><li><em>Ditangani</em></li></ol>\n' +
        '<p><a href="tel:112">Hotline</a> dan <a href="https://example.go.id">situs</a> dan <a href="/lapor">lapor</a></p>',
    )
  })

  it('escapes HTML and drops links with unsafe schemes, keeping their text', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1)) [a](JaVaScRiPt:x) [b](data:text/html,x) [c](//evil.example) [d](/\\evil.example) [e](https://x.example/"onmouseover="x)')
    expect(html).not.toMatch(/<script|<img|href="javascript|href="data|href="\/\/|href="\/\\/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('klik')
    expect(html).toContain('href="https://x.example/&quot;onmouseover=&quot;x"')
  })

  it('escapes quotes inside link labels and text', () => {
    expect(renderMarkdown('[a "b" <c>](https://x.example) \'q\'')).toBe('<p><a href="https://x.example">a &quot;b&quot; &lt;c&gt;</a> &#39;q&#39;</p>')
  })
})
