import { formatPrice } from '../../../shared/currencies.js'
import type { PeriodFigures } from '../../../shared/insightsSchemas.js'
import { awaitingCell } from './pendingWords.js'

/**
 * Revenue per currency at the prices bookings were made at; never summed across currencies. Booked
 * counts accepted bookings; requests still awaiting the provider have their own column, as a
 * declined request (which never held revenue) has rather than counting as lost. On a
 * phone each currency's row becomes a list of labelled amounts (data-label, see insights.css).
 */
export function RevenueTable({ current, previous }: { current: PeriodFigures; previous: PeriodFigures }) {
  return (
    <figure className="chart-card" data-testid="insights-revenue">
      <figcaption>Revenue</figcaption>
      {current.revenue.length === 0 ? (
        <p className="muted">No priced bookings in this period.</p>
      ) : (
        <table className="revenue-table">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Booked</th>
              <th scope="col">Awaiting you</th>
              <th scope="col">Completed</th>
              <th scope="col">Lost to cancellations</th>
              <th scope="col">Declined requests</th>
              <th scope="col">Booked before</th>
            </tr>
          </thead>
          <tbody>
            {current.revenue.map((r) => {
              const before = previous.revenue.find((p) => p.currency === r.currency)?.booked ?? 0
              return (
                <tr key={r.currency}>
                  <th scope="row">{r.currency}</th>
                  <td data-label="Booked">{formatPrice(r.booked, r.currency)}</td>
                  <td data-label="Awaiting you">{awaitingCell(r.pending, r.pendingRequests, r.currency)}</td>
                  <td data-label="Completed">{formatPrice(r.completed, r.currency)}</td>
                  <td data-label="Lost to cancellations">{formatPrice(r.lostToCancellations, r.currency)}</td>
                  <td data-label="Declined requests">{formatPrice(r.declined, r.currency)}</td>
                  <td data-label="Booked before" className="muted">
                    {formatPrice(before, r.currency)}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </figure>
  )
}
