// Server-rendered SVG charts (issue 7): no script, no inline style (CSP), presentation attributes
// only. The same numbers are always in a table beside the chart for screen readers and print.

export type Bar = { label: string; value: number; href?: string }

const width = 320
const labelWidth = 120
const rowHeight = 22

/** Horizontal bars: one row per item, scaled to the largest value; readable at phone width. */
export function BarChart(props: { title: string; bars: Bar[]; unit?: string }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value))
  const height = Math.max(1, props.bars.length) * rowHeight + 4
  const barSpace = width - labelWidth - 44
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={props.title} xmlns="http://www.w3.org/2000/svg">
      <title>{props.title}</title>
      {props.bars.map((b, i) => {
        const y = i * rowHeight + 2
        const w = Math.round((b.value / max) * barSpace)
        const label = b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label
        return (
          <g>
            <text x={labelWidth - 4} y={y + 15} text-anchor="end" font-size="11" fill="#222">
              {label}
            </text>
            <rect x={labelWidth} y={y + 3} width={Math.max(w, b.value > 0 ? 1 : 0)} height={rowHeight - 6} fill="#1f5f8b" />
            <text x={labelWidth + w + 4} y={y + 15} font-size="11" fill="#222">
              {`${b.value}${props.unit ?? ''}`}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
