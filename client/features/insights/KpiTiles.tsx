import { formatPrice } from '../../../shared/currencies.js'
import type { Insights } from '../../../shared/insightsSchemas.js'
import { change } from './periods.js'

interface Tile {
  label: string
  value: string
  /** Change from the previous period; `goodWhenUp` false for figures that should fall. */
  delta: string | null
  goodWhenUp: boolean
  note?: string
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`

function tiles({ current, previous }: Insights): Tile[] {
  const cancelled = (p: Insights['current']) =>
    p.cancellations.byCustomer + p.cancellations.byProvider + p.cancellations.unknown
  const revenue = current.revenue[0]
  const previousRevenue = previous.revenue.find((r) => r.currency === revenue?.currency)
  return [
    {
      label: 'Bookings',
      value: String(current.bookings),
      delta: change(current.bookings, previous.bookings),
      goodWhenUp: true,
      note: `${current.completed} completed`,
    },
    {
      label: 'Cancellations',
      value: String(cancelled(current)),
      delta: change(cancelled(current), cancelled(previous)),
      goodWhenUp: false,
      note: `${current.cancellations.byCustomer} by customers · ${current.cancellations.byProvider} by you · ${current.declines} declined`,
    },
    {
      label: 'Seats used (past slots)',
      value: percent(current.utilisation.past.rate),
      delta: change(current.utilisation.past.used, previous.utilisation.past.used),
      goodWhenUp: true,
      note: `${current.utilisation.past.used} of ${current.utilisation.past.capacity} seats`,
    },
    {
      label: 'Revenue booked',
      value: revenue ? formatPrice(revenue.booked, revenue.currency) : '—',
      delta: revenue ? change(revenue.booked, previousRevenue?.booked ?? 0) : null,
      goodWhenUp: true,
      note:
        current.revenue.length > 1 ? `and ${current.revenue.length - 1} more currencies below` : undefined,
    },
  ]
}

/** Headline figures of the period with their change from the previous period of equal length. */
export function KpiTiles({ insights }: { insights: Insights }) {
  return (
    <dl className="tiles insights-tiles" aria-label="This period compared with the previous one">
      {tiles(insights).map((tile) => {
        const falling = tile.delta?.startsWith('−') ?? false
        const good = tile.delta === null || tile.delta.startsWith('±') ? null : falling !== tile.goodWhenUp
        return (
          <div key={tile.label} className="tile">
            <dt>{tile.label}</dt>
            <dd>
              {tile.value}
              {tile.delta && (
                <span
                  className={`delta${good === null ? '' : good ? ' delta--good' : ' delta--bad'}`}
                  title="Change from the previous period"
                >
                  {tile.delta}
                </span>
              )}
            </dd>
            {tile.note && <dd className="tile__note">{tile.note}</dd>}
          </div>
        )
      })}
    </dl>
  )
}
