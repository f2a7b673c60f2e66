export interface Bar {
  label: string
  /** 0..1, or null when there is nothing to measure (no seats): no bar, a dash. */
  value: number | null
  /** Shown under the bar, e.g. "6/10". */
  detail: string
}

interface BarChartProps {
  title: string
  bars: readonly Bar[]
  testId?: string
}

const HEIGHT = 210
const PLOT_TOP = 24
const PLOT_BOTTOM = 160
/** Drawing units; the SVG scales to its container's width. */
const WIDTH = 1000
const AXIS = 44

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`)

/**
 * Utilisation bars drawn as SVG (a chart library would outweigh this). The SVG is one image for
 * screen readers; the same figures follow as a visually hidden table.
 */
export function BarChart({ title, bars, testId }: BarChartProps) {
  const space = (WIDTH - AXIS) / Math.max(bars.length, 1)
  const barWidth = Math.min(64, space * 0.6)
  const plotHeight = PLOT_BOTTOM - PLOT_TOP
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <p className="bar-chart__hint" aria-hidden="true">
        Swipe sideways to see the whole chart ›
      </p>
      <div className="bar-chart__scroll">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
          {[0, 0.5, 1].map((tick) => {
            const y = PLOT_BOTTOM - tick * plotHeight
            return (
              <g key={tick} className="bar-chart__grid">
                <line x1={0} x2={WIDTH} y1={y} y2={y} />
                <text x={2} y={y - 3}>
                  {percent(tick)}
                </text>
              </g>
            )
          })}
          {bars.map((bar, i) => {
            const value = Math.max(0, Math.min(1, bar.value ?? 0))
            const x = AXIS + i * space + (space - barWidth) / 2
            const h = Math.max(value * plotHeight, value > 0 ? 2 : 0)
            return (
              <g key={bar.label} className="bar-chart__bar">
                <rect x={x} y={PLOT_BOTTOM - h} width={barWidth} height={h} rx={4} />
                <text className="bar-chart__value" x={x + barWidth / 2} y={PLOT_BOTTOM - h - 6}>
                  {percent(bar.value === null ? null : value)}
                </text>
                <text className="bar-chart__label" x={x + barWidth / 2} y={PLOT_BOTTOM + 22}>
                  {bar.label}
                </text>
                <text className="bar-chart__detail" x={x + barWidth / 2} y={PLOT_BOTTOM + 42}>
                  {bar.detail}
                </text>
              </g>
            )
          })}
        </svg>
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Utilisation</th>
            <th scope="col">Booked of capacity</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{percent(bar.value)}</td>
              <td>{bar.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
