import type { QueuedSeries } from '../../data/index.js'
import { useSeriesActions } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ClampedNote } from '../../ui/ClampedNote.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { SeriesResult } from './SeriesBookingForm.js'
import { seriesSummary, seriesWaitingWords } from './seriesText.js'

/**
 * A series booked on this device: while it waits to be sent, its weeks as unsent pending bookings
 * (no seat is held until the server answers); then the server's outcome per week, or why it refused
 * the series.
 */
export function QueuedSeriesStatus({ series, zone }: { series: QueuedSeries; zone: string }) {
  if (series.state === 'answered' && series.result) return <SeriesResult series={series.result} zone={zone} />
  if (series.state === 'refused')
    return (
      <p className="note note--error" role="alert" data-testid="series-refused">
        The series could not be booked: {series.refusal?.message}
      </p>
    )
  return (
    <section aria-label="Weeks waiting to be sent" data-testid="series-waiting">
      <h3>{seriesWaitingWords(series.planned.length)}</h3>
      <p className="field__hint">
        Kept on this device and booked together when you are back online; no seat is yours until then.
      </p>
      <ul className="outcome-list">
        {series.planned.map((week) => (
          <li key={week.index} data-testid="series-waiting-week" data-slot-id={week.slotId ?? ''}>
            {formatLongDateTime(week.startTime, zone)} <StatusBadge status="PENDING" neverSent />
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * Every series booked on this device that waits to be sent or whose outcome is not dismissed yet, each
 * named by its sessions (service, weekday and time, first and last date), with its weeks waiting to be
 * sent or the server's outcome per week.
 */
export function QueuedSeriesPanel({ list, zone }: { list: readonly QueuedSeries[]; zone: string }) {
  const { dismissSeries } = useSeriesActions()
  if (list.length === 0) return null
  return (
    <section className="booking-section" aria-label="Weekly bookings" data-testid="queued-series-list">
      <h2>Weekly bookings</h2>
      {list.map((series) => {
        const summary = seriesSummary(series, zone)
        return (
          <article
            key={series.id}
            className="card"
            aria-label={`${summary.title}, ${summary.when}`}
            data-testid="queued-series"
            data-series-id={series.id}
            data-state={series.state}
          >
            <p data-testid="series-summary">
              <strong>{summary.title}</strong>, {summary.when}
            </p>
            {series.request.notes && (
              <ClampedNote text={series.request.notes} className="booking-card__notes" />
            )}
            <QueuedSeriesStatus series={series} zone={zone} />
            {series.state !== 'waiting' && (
              <div className="form__actions">
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => void dismissSeries(series.id).catch(() => {})}
                  data-testid="dismiss-series"
                >
                  Dismiss
                </button>
              </div>
            )}
          </article>
        )
      })}
    </section>
  )
}
