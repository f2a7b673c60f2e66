import { type FormEvent, useId, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import type { BookingBulkAction, BulkResult } from '../../../shared/bookingOperations.js'
import type { BookingView } from '../../data/index.js'
import { useProviderActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatDay, formatLongDateTime, parseLocalDateTime } from '../../ui/calendarTime.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { type OutcomeLine, OutcomeList, outcomeLines, outcomeSummary } from '../../ui/OutcomeList.js'
import '../bookings/bookingOperations.css'

const ACTION_LABEL: Record<BookingBulkAction, string> = {
  CONFIRM: 'Confirm',
  DECLINE: 'Decline',
  CANCEL: 'Cancel',
}

/** What the action makes a booking, for the answer's summary ("1 of 2 confirmed"). */
const ACTION_DONE: Record<BookingBulkAction, string> = {
  CONFIRM: 'confirmed',
  DECLINE: 'declined',
  CANCEL: 'cancelled',
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

  async function run(request: () => Promise<BulkResult>, done: string) {
    setBusy(true)
    setError(null)
    try {
      const result = await request()
      const lines = outcomeLines(result.rows, label)
      setOutcome(lines)
      setSelected(new Set())
      // A booking that already was as asked is not "done": the server's row says so (unchanged).
      announce(outcomeSummary(lines, done))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'That did not work.')
    } finally {
      setBusy(false)
    }
  }

  const needsReason = (action: BookingBulkAction) => action !== 'CONFIRM'
  const act = (action: BookingBulkAction) =>
    run(
      () =>
        bulkBookings({
          action,
          ids: [...selected],
          atomicity: allOrNothing ? 'ALL_OR_NOTHING' : 'PER_ROW',
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        }),
      ACTION_DONE[action],
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
        bookings={bookings}
        onSubmit={(from, to, rangeReason) =>
          run(
            () =>
              cancelDateRange({
                from,
                to,
                reason: rangeReason,
                atomicity: allOrNothing ? 'ALL_OR_NOTHING' : 'PER_ROW',
              }),
            'cancelled',
          )
        }
      />
      <OutcomeList title="What happened" lines={outcome} testId="bulk-outcome" />
    </section>
  )
}

/** The active bookings starting in [from, to): those a date-range cancellation takes (the server's rule). */
function bookingsInRange(
  bookings: readonly Pick<BookingView, 'status' | 'startTime' | 'customerId'>[],
  from: Date,
  to: Date,
): { bookings: number; customers: number } {
  const taken = bookings.filter((b) => {
    const start = Date.parse(b.startTime)
    return isActive(b.status) && start >= from.getTime() && start < to.getTime()
  })
  return { bookings: taken.length, customers: new Set(taken.map((b) => b.customerId)).size }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * "I am ill from … to …": every booking of those days, cancelled with one reason, after a second step
 * that says how many bookings of how many customers that is (one click cancelled four customers'
 * bookings before). Why the button is disabled is said next to it.
 */
function CancelRangeForm({
  busy,
  zone,
  bookings,
  onSubmit,
}: {
  busy: boolean
  zone: string
  bookings: readonly BookingView[]
  onSubmit: (from: string, to: string, reason: string) => void
}) {
  const [fromDay, setFromDay] = useState('')
  const [toDay, setToDay] = useState('')
  const [reason, setReason] = useState('')
  const [asking, setAsking] = useState(false)
  const hintId = useId()
  const from = fromDay ? parseLocalDateTime(fromDay, '00:00', zone) : null
  const lastDay = toDay ? parseLocalDateTime(toDay, '00:00', zone) : null
  // Through the end of the last day: the next day's midnight, in the provider's zone.
  const lastMinute = toDay ? parseLocalDateTime(toDay, '23:59', zone) : null
  const to = lastMinute ? new Date(lastMinute.getTime() + 60_000) : null
  const why =
    from === null || lastDay === null
      ? 'Choose the first and the last day.'
      : lastDay < from
        ? '“To” is before “From”: choose a later last day.'
        : reason.trim() === ''
          ? 'Give the customers a reason.'
          : null
  const inRange = from && to && why === null ? bookingsInRange(bookings, from, to) : null
  const range =
    from && lastDay
      ? fromDay === toDay
        ? `on ${formatDay(from, zone)}`
        : `from ${formatDay(from, zone)} to ${formatDay(lastDay, zone)}`
      : ''

  function submit(event: FormEvent) {
    event.preventDefault()
    if (why === null && inRange && inRange.bookings > 0) setAsking(true)
  }

  function confirm() {
    setAsking(false)
    if (!from || !to || why !== null) return
    onSubmit(from.toISOString(), to.toISOString(), reason.trim())
  }

  // A changed field asks again: the question counts the range and reason it names.
  const edit = (set: (value: string) => void) => (value: string) => {
    setAsking(false)
    set(value)
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
            onChange={(e) => edit(setFromDay)(e.target.value)}
            data-testid="range-from"
          />
        </label>
        <label className="field">
          <span>To (inclusive)</span>
          <input
            type="date"
            value={toDay}
            onChange={(e) => edit(setToDay)(e.target.value)}
            aria-invalid={from !== null && lastDay !== null && lastDay < from}
            data-testid="range-to"
          />
        </label>
        <label className="field">
          <span>Reason for the customers</span>
          <input
            value={reason}
            maxLength={500}
            onChange={(e) => edit(setReason)(e.target.value)}
            data-testid="range-reason"
          />
        </label>
        <button
          type="submit"
          className="button button--small button--danger"
          disabled={busy || why !== null || inRange?.bookings === 0 || asking}
          aria-describedby={hintId}
          data-testid="range-submit"
        >
          Cancel every booking in the range
        </button>
      </div>
      <p className="field__hint" id={hintId} data-testid="range-hint">
        {why ??
          (inRange && inRange.bookings === 0
            ? `No active bookings ${range}: nothing to cancel.`
            : inRange && `${plural(inRange.bookings, 'active booking', 'active bookings')} ${range}.`)}
      </p>
      {asking && inRange && (
        <fieldset className="confirm" data-testid="range-confirm">
          <legend className="confirm__question">
            Cancel {plural(inRange.bookings, 'booking', 'bookings')} of{' '}
            {plural(inRange.customers, 'customer', 'customers')} {range}? Each customer is told: “
            {reason.trim()}”.
          </legend>
          <button
            type="button"
            className="button button--danger"
            // biome-ignore lint/a11y/noAutofocus: the second step must take focus from the button it replaces
            autoFocus
            onClick={confirm}
            data-testid="range-confirm-yes"
          >
            Yes, cancel {plural(inRange.bookings, 'booking', 'bookings')}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setAsking(false)}>
            Keep them
          </button>
        </fieldset>
      )}
    </form>
  )
}
