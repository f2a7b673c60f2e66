/** Bookings per day of the period (solid) over the previous period's (dashed), as SVG lines. */
import { dayTicks } from './dayTicks.js'
import { valueTicks } from './valueTicks.js'

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

const PLOT_W = WIDTH - PAD.left - PAD.right
const PLOT_H = HEIGHT - PAD.top - PAD.bottom

/** The x of value `i` of `count`; a single one (a one-day period) in the middle of the plot. */
const xOf = (i: number, count: number) => PAD.left + (count > 1 ? (i * PLOT_W) / (count - 1) : PLOT_W / 2)

function points(values: readonly number[], max: number): [number, number][] {
  return values.map((v, i) => [xOf(i, values.length), PAD.top + PLOT_H - (v / max) * PLOT_H])
}

/** One period's values as a line, or as a dot when there is one value: a one-point line draws nothing. */
function Series({ values, max, className }: { values: readonly number[]; max: number; className: string }) {
  const at = points(values, max)
  const [only] = at
  if (at.length === 1 && only)
    return <circle className={`${className} line-chart__dot`} cx={only[0]} cy={only[1]} r={4} />
  return (
    <polyline
      className={className}
      points={at.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
    />
  )
}

export function DailyComparisonChart({
  from,
  current,
  previous,
}: {
  /** The period's first day ("yyyy-MM-dd"): the axis names the days from it. */
  from: string
  current: readonly number[]
  previous: readonly number[]
}) {
  const now = buckets(current)
  const before = buckets(previous)
  const gridlines = valueTicks(Math.max(...now.values, ...before.values))
  const max = gridlines.at(-1) ?? 1
  const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0)
  const title = `Bookings per ${now.unit}: this period against the previous one`
  const ticks = dayTicks(from, now.values.length, now.unit)
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
        {gridlines.map((value) => {
          const y = PAD.top + (1 - value / max) * PLOT_H
          return (
            <g key={value} className="line-chart__grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
              <text x={PAD.left - 4} y={y + 4}>
                {value}
              </text>
            </g>
          )
        })}
        <Series className="line-chart__previous" values={before.values} max={max} />
        <Series className="line-chart__current" values={now.values} max={max} />
        {ticks.map((tick, i) => (
          <text
            key={tick.index}
            className="line-chart__axis"
            x={xOf(tick.index, now.values.length)}
            y={HEIGHT - 4}
            textAnchor={
              ticks.length === 1 ? 'middle' : i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'
            }
          >
            {tick.label}
          </text>
        ))}
      </svg>
    </figure>
  )
}
