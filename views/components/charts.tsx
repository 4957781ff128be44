// Server-rendered SVG charts (issues 7 and 19): no script, no inline style (CSP), presentation
// attributes only, so they read the same with JavaScript off and on paper. Each chart is a figure
// whose caption is the question it answers; the SVG carries its own legend (backgrounds of HTML
// swatches are dropped when printing), every category's full name on a line of its own above its
// bars (wrapped, never cut), and each bar's number beside it. The numbers are also in the table the
// chart was drawn from, which the SVG names as its description for screen readers.

export type ChartRow = { label: string; values: number[] }

const width = 360
const fontSize = 12
const lineHeight = 15
const barHeight = 12
const barGap = 3
const rowGap = 9
// Room right of the longest bar for its number.
const numberSpace = 44
// Characters per label line at this font size across the full width (system sans-serif, generous).
const lineChars = 48

/** Fills of the series, in legend order: blue, orange, purple; each at least 3:1 against white (WCAG 1.4.11). */
const fills = ['#1f5f8b', '#b35900', '#6b4c9a'] as const

/** `text` in lines of at most `max` characters, broken between words (a longer word gets a line of its own). */
export function wrapLabel(text: string, max = lineChars): string[] {
  const lines: string[] = []
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1]
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines.length > 0 ? lines : ['']
}

/**
 * Horizontal grouped bars: per row its label, then one bar per series with its number. `tableId`
 * is the id of the table holding the same numbers; `empty` is said instead of a chart without rows.
 */
export function BarChart(props: { id: string; question: string; series: string[]; rows: ChartRow[]; tableId: string; empty?: string }) {
  const captionId = `${props.id}-question`
  if (props.rows.length === 0) {
    return (
      <figure class="chart" id={props.id}>
        <figcaption id={captionId}>{props.question}</figcaption>
        <p class="muted">{props.empty ?? 'Belum ada data.'}</p>
      </figure>
    )
  }
  const max = Math.max(1, ...props.rows.flatMap((r) => r.values))
  const barSpace = width - numberSpace
  // Legend: swatch and name, wrapping to a new line when the next item would not fit.
  const legend: { x: number; y: number; name: string; fill: string }[] = []
  let x = 0
  let y = 0
  props.series.forEach((name, i) => {
    const itemWidth = 18 + name.length * 7 + 14
    if (x > 0 && x + itemWidth > width) {
      x = 0
      y += lineHeight + 2
    }
    legend.push({ x, y, name, fill: fills[i % fills.length]! })
    x += itemWidth
  })
  let top = y + lineHeight + rowGap
  const rows = props.rows.map((r) => {
    const lines = wrapLabel(r.label)
    const labelTop = top
    const barsTop = labelTop + lines.length * lineHeight
    top = barsTop + r.values.length * (barHeight + barGap) + rowGap
    return { ...r, lines, labelTop, barsTop }
  })
  return (
    <figure class="chart" id={props.id}>
      <figcaption id={captionId}>{props.question}</figcaption>
      <svg class="chart" viewBox={`0 0 ${width} ${top}`} width="100%" role="img" aria-labelledby={captionId} aria-describedby={props.tableId} xmlns="http://www.w3.org/2000/svg">
        <g class="legend">
          {legend.map((l) => (
            <g>
              <rect x={l.x} y={l.y + 1} width="12" height="12" fill={l.fill} />
              <text x={l.x + 17} y={l.y + 11} font-size={fontSize} fill="#1b1f23">
                {l.name}
              </text>
            </g>
          ))}
        </g>
        {rows.map((r) => (
          <g>
            <text x="0" y={r.labelTop} font-size={fontSize} font-weight="600" fill="#1b1f23">
              {r.lines.map((line, i) => (
                <tspan x="0" dy={i === 0 ? fontSize : lineHeight}>
                  {line}
                </tspan>
              ))}
            </text>
            {r.values.map((value, i) => {
              const barY = r.barsTop + i * (barHeight + barGap)
              const w = Math.round((value / max) * barSpace)
              return (
                <g>
                  <title>{`${r.label}, ${props.series[i]}: ${String(value)}`}</title>
                  <rect x="0" y={barY} width={Math.max(w, value > 0 ? 1 : 0)} height={barHeight} fill={fills[i % fills.length]} />
                  <text x={w + 4} y={barY + barHeight - 2} font-size={fontSize} fill="#1b1f23">
                    {String(value)}
                  </text>
                </g>
              )
            })}
          </g>
        ))}
      </svg>
    </figure>
  )
}
