import { type FormEvent, useId, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import type { BookingBulkAction, BulkResult } from '../../../shared/bookingOperations.js'
import type { BookingView } from '../../data/index.js'
import { useProviderActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime, parseLocalDateTime } from '../../ui/calendarTime.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { type OutcomeLine, OutcomeList } from '../../ui/OutcomeList.js'
import '../bookings/bookingOperations.css'

const ACTION_LABEL: Record<BookingBulkAction, string> = {
  CONFIRM: 'Confirm',
  DECLINE: 'Decline',
  CANCEL: 'Cancel',
}

/**
 * A provider acting on many bookings at once (online: the REST bulk endpoints): select rows, then
 * confirm, decline or cancel them with one reason, or cancel every booking of a date range. The
 * answer lists what happened to each row; "all or nothing" applies every row or none.
 */
export function BulkBookingsPanel({
  bookings,
  zone,
  now,
}: {
  bookings: readonly BookingView[]
  zone: string
  now: Date
}) {
  const { bulkBookings, cancelDateRange } = useProviderActions()
  const announce = useAnnounce()
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [reason, setReason] = useState('')
  const [allOrNothing, setAllOrNothing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<OutcomeLine[]>([])
  const reasonId = useId()
  const upcoming = bookings
    .filter((b) => isActive(b.status) && Date.parse(b.startTime) > now.getTime())
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
  const byId = new Map(bookings.map((b) => [b.id, b]))
  const label = (id: string) => {
    const booking = byId.get(id)
    return booking
      ? `${booking.customerName || 'Booking'}, ${formatLongDateTime(booking.startTime, zone)}`
      : id
  }

  function toggle(id: string) {
    const next = new Set(selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setSelected(next)
  }

  async function run(request: () => Promise<BulkResult>) {
    setBusy(true)
    setError(null)
    try {
      const result = await request()
      setOutcome(
        result.rows.map((row) => ({ key: row.id, label: label(row.id), ok: row.ok, message: row.message })),
      )
      setSelected(new Set())
      announce(`${result.applied} of ${result.rows.length} done.`)
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'That did not work.')
    } finally {
      setBusy(false)
    }
  }

  const needsReason = (action: BookingBulkAction) => action !== 'CONFIRM'
  const act = (action: BookingBulkAction) =>
    run(() =>
      bulkBookings({
        action,
        ids: [...selected],
        atomicity: allOrNothing ? 'ALL_OR_NOTHING' : 'PER_ROW',
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    )

  return (
    <section className="card bulk-panel" aria-labelledby="bulk-title" data-testid="bulk-bookings">
      <h2 id="bulk-title">Upcoming bookings</h2>
      <ErrorNote error={error} />
      {upcoming.length === 0 && <p className="bulk-panel__empty">No upcoming bookings.</p>}
      <ul className="choice-list">
        {upcoming.map((booking) => (
          <li key={booking.id}>
            <label className="choice" data-testid="bulk-row" data-booking-id={booking.id}>
              <input type="checkbox" checked={selected.has(booking.id)} onChange={() => toggle(booking.id)} />
              {label(booking.id)} · {booking.status.toLowerCase()}
            </label>
          </li>
        ))}
      </ul>
      <fieldset className="bulk-bar">
        <legend>Act on the selected bookings</legend>
        <div className="field">
          <label htmlFor={reasonId}>Reason for the customers (needed to decline or cancel)</label>
          <input
            id={reasonId}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            data-testid="bulk-reason"
          />
        </div>
        <label className="choice">
          <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} />
          All or nothing
        </label>
        {(['CONFIRM', 'DECLINE', 'CANCEL'] as const).map((action) => (
          <button
            key={action}
            type="button"
            className={`button button--small ${action === 'CONFIRM' ? 'button--primary' : 'button--danger-ghost'}`}
            disabled={busy || selected.size === 0 || (needsReason(action) && !reason.trim())}
            onClick={() => act(action)}
            data-testid={`bulk-${action.toLowerCase()}`}
          >
            {ACTION_LABEL[action]} {selected.size} selected
          </button>
        ))}
      </fieldset>
      <CancelRangeForm
        busy={busy}
        zone={zone}
        onSubmit={(from, to, rangeReason) =>
          run(() =>
            cancelDateRange({
              from,
              to,
              reason: rangeReason,
              atomicity: allOrNothing ? 'ALL_OR_NOTHING' : 'PER_ROW',
            }),
          )
        }
      />
      <OutcomeList title="What happened" lines={outcome} testId="bulk-outcome" />
    </section>
  )
}

/** "I am ill from … to …": every booking of those days, cancelled with one reason. */
function CancelRangeForm({
  busy,
  zone,
  onSubmit,
}: {
  busy: boolean
  zone: string
  onSubmit: (from: string, to: string, reason: string) => void
}) {
  const [fromDay, setFromDay] = useState('')
  const [toDay, setToDay] = useState('')
  const [reason, setReason] = useState('')
  const from = fromDay ? parseLocalDateTime(fromDay, '00:00', zone) : null
  const lastDay = toDay ? parseLocalDateTime(toDay, '00:00', zone) : null
  const valid = from !== null && lastDay !== null && lastDay >= from && reason.trim() !== ''

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!valid || !from || !lastDay) return
    // Through the end of the last day: the next day's midnight, in the provider's zone.
    const to = parseLocalDateTime(toDay, '23:59', zone) as Date
    onSubmit(from.toISOString(), new Date(to.getTime() + 60_000).toISOString(), reason.trim())
  }

  return (
    <form
      className="form bulk-range"
      onSubmit={submit}
      aria-label="Cancel every booking of a date range"
      data-testid="cancel-range"
    >
      <h3>Cancel a date range</h3>
      <div className="bulk-bar">
        <label className="field">
          <span>From</span>
          <input
            type="date"
            value={fromDay}
            onChange={(e) => setFromDay(e.target.value)}
            data-testid="range-from"
          />
        </label>
        <label className="field">
          <span>To (inclusive)</span>
          <input
            type="date"
            value={toDay}
            onChange={(e) => setToDay(e.target.value)}
            data-testid="range-to"
          />
        </label>
        <label className="field">
          <span>Reason for the customers</span>
          <input
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            data-testid="range-reason"
          />
        </label>
        <button
          type="submit"
          className="button button--small button--danger"
          disabled={busy || !valid}
          data-testid="range-submit"
        >
          Cancel every booking in the range
        </button>
      </div>
    </form>
  )
}
