/** Bookings per day of the period (solid) over the previous period's (dashed), as SVG lines. */
const WIDTH = 420
const HEIGHT = 170
const PAD = { left: 30, right: 8, top: 12, bottom: 22 }

/** Long periods are summed into weeks so a line stays readable (and the SVG small). */
function buckets(values: readonly number[]): { values: number[]; unit: 'day' | 'week' } {
  if (values.length <= 92) return { values: [...values], unit: 'day' }
  const weeks: number[] = []
  values.forEach((v, i) => {
    weeks[Math.floor(i / 7)] = (weeks[Math.floor(i / 7)] ?? 0) + v
  })
  return { values: weeks, unit: 'week' }
}

function points(values: readonly number[], max: number): string {
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const step = values.length > 1 ? plotW / (values.length - 1) : 0
  return values
    .map((v, i) => `${(PAD.left + i * step).toFixed(1)},${(PAD.top + plotH - (v / max) * plotH).toFixed(1)}`)
    .join(' ')
}

export function DailyComparisonChart({
  current,
  previous,
}: {
  current: readonly number[]
  previous: readonly number[]
}) {
  const now = buckets(current)
  const before = buckets(previous)
  const max = Math.max(1, ...now.values, ...before.values)
  const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0)
  const title = `Bookings per ${now.unit}: this period against the previous one`
  return (
    <figure className="chart-card" data-testid="insights-daily">
      <figcaption>
        Bookings per {now.unit}
        <span className="chart-legend">
          <span className="chart-legend__current">This period ({total(current)})</span>
          <span className="chart-legend__previous">Previous ({total(previous)})</span>
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} className="line-chart">
        {[0, 0.5, 1].map((tick) => {
          const y = PAD.top + (1 - tick) * (HEIGHT - PAD.top - PAD.bottom)
          return (
            <g key={tick} className="line-chart__grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
              <text x={PAD.left - 4} y={y + 4}>
                {Math.round(max * tick)}
              </text>
            </g>
          )
        })}
        <polyline className="line-chart__previous" points={points(before.values, max)} />
        <polyline className="line-chart__current" points={points(now.values, max)} />
        <text className="line-chart__axis" x={PAD.left} y={HEIGHT - 4}>
          first {now.unit}
        </text>
        <text className="line-chart__axis" x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
          last {now.unit}
        </text>
      </svg>
    </figure>
  )
}
