import type { Insights } from '../../../shared/insightsSchemas.js'

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
const CELL = 22
const GAP = 2
const LEFT = 34
const TOP = 18

/** Hours worth drawing: the provider's busy span (at least 08–18), so a phone shows wide cells. */
function hourRange(cells: Insights['heatmap']): number[] {
  const hours = cells.map((c) => c.hour)
  const first = Math.min(8, ...hours)
  const last = Math.max(18, ...hours)
  return Array.from({ length: last - first + 1 }, (_, i) => first + i)
}

/** Bookings by local weekday and starting hour; darker is busier. Exact counts in the cell titles. */
export function DemandHeatmap({ cells, timeZone }: { cells: Insights['heatmap']; timeZone: string }) {
  const hours = hourRange(cells)
  const max = Math.max(1, ...cells.map((c) => c.bookings))
  const count = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.bookings]))
  const width = LEFT + hours.length * (CELL + GAP)
  const height = TOP + DAYS.length * (CELL + GAP)
  return (
    <figure className="chart-card" data-testid="insights-heatmap">
      <figcaption>
        Demand by weekday and hour <span className="muted">({timeZone})</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label="Bookings by weekday and hour"
        className="heatmap"
      >
        {hours.map((hour, x) =>
          hour % 3 === 0 ? (
            <text
              key={hour}
              className="heatmap__label"
              x={LEFT + x * (CELL + GAP) + CELL / 2}
              y={TOP - 6}
              textAnchor="middle"
            >
              {String(hour).padStart(2, '0')}
            </text>
          ) : null,
        )}
        {DAYS.map((day, y) => (
          <g key={day}>
            <text className="heatmap__label" x={0} y={TOP + y * (CELL + GAP) + CELL * 0.7}>
              {day}
            </text>
            {hours.map((hour, x) => {
              const bookings = count.get(`${y + 1}-${hour}`) ?? 0
              return (
                <rect
                  key={hour}
                  x={LEFT + x * (CELL + GAP)}
                  y={TOP + y * (CELL + GAP)}
                  width={CELL}
                  height={CELL}
                  rx={3}
                  className={bookings === 0 ? 'heatmap__cell heatmap__cell--empty' : 'heatmap__cell'}
                  fillOpacity={bookings === 0 ? undefined : 0.15 + 0.85 * (bookings / max)}
                >
                  <title>{`${day} ${String(hour).padStart(2, '0')}:00 — ${bookings} bookings`}</title>
                </rect>
              )
            })}
          </g>
        ))}
      </svg>
    </figure>
  )
}
