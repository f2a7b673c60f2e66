import { type FormEvent, useId, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import type { BookingBulkAction, BulkResult } from '../../../shared/bookingOperations.js'
import type { BookingView } from '../../data/index.js'
import { failureText, useProviderActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { formatDay, formatLongDateTime, parseLocalDateTime } from '../../ui/calendarTime.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import {
  type OutcomeLine,
  OutcomeList,
  doneWords,
  outcomeLines,
  outcomeSummary,
} from '../../ui/OutcomeList.js'
import { useBrowserOnline } from '../sync/useBrowserOnline.js'
import '../bookings/bookingOperations.css'
import { bookingsArrivingText } from './bookingsArriving.js'
import { declineRefusal, goneText } from './bulkSelection.js'
import { reasonToSend } from './reasonToSend.js'
import { plural, tellCustomersQuestion, tellCustomersYes } from './tellCustomersQuestion.js'

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

/** What the panel's failures and its offline hint call it: "Bulk actions need a connection." */
const WHAT = 'Bulk actions'

/**
 * A provider acting on many bookings at once (online: the REST bulk endpoints): select rows, then
 * confirm, decline or cancel them with one reason, or cancel every booking of a date range. The
 * answer lists what happened to each row; "all or nothing" applies every row or none. Offline the
 * actions are disabled, saying they need a connection (they are answered by the server at once).
 */
export function BulkBookingsPanel({
  bookings,
  pulled,
  zone,
  now,
}: {
  bookings: readonly BookingView[]
  /** Whether this session's first pull of bookings is done: until then an empty list is not "none". */
  pulled: boolean
  zone: string
  now: Date
}) {
  const { bulkBookings, cancelDateRange } = useProviderActions()
  const announce = useAnnounce()
  const online = useBrowserOnline()
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [reason, setReason] = useState('')
  const [allOrNothing, setAllOrNothing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<OutcomeLine[]>([])
  /** What the last action made a booking (its rows say it: "cancelled", not "done"). */
  const [outcomeDone, setOutcomeDone] = useState('')
  // The bookings a Decline or Cancel question named: what the provider says yes to is what is sent.
  const [asked, setAsked] = useState<readonly string[]>([])
  const reasonId = useId()
  const offlineHintId = useId()
  const declineHintId = useId()
  const upcoming = bookings
    .filter((b) => isActive(b.status) && Date.parse(b.startTime) > now.getTime())
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
  // Only rows still shown count as selected: a booking cancelled meanwhile (or started) leaves the
  // list, and neither the buttons' count nor the ids sent may include it; it is said near the buttons.
  const chosen = upcoming.filter((b) => selected.has(b.id)).map((b) => b.id)
  const shown = new Set(upcoming.map((b) => b.id))
  const gone = [...selected].filter((id) => !shown.has(id))
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

  /** Sends one bulk request and shows its answer; answers its lines, or null when the server did not answer. */
  async function run(request: () => Promise<BulkResult>, done: string): Promise<OutcomeLine[] | null> {
    setBusy(true)
    setError(null)
    // The last answer is about the last attempt: a failed new one must not leave it standing.
    setOutcome([])
    try {
      const result = await request()
      const lines = outcomeLines(result.rows, label)
      setOutcome(lines)
      setOutcomeDone(done)
      setSelected(new Set())
      // A booking that already was as asked is not "done": the server's row says so (unchanged).
      announce(outcomeSummary(lines, done))
      return lines
    } catch (cause) {
      // The server's refusal in its words; no answer (offline) in ours, never the browser's "Failed to fetch".
      setError(failureText(cause, WHAT))
      return null
    } finally {
      setBusy(false)
    }
  }

  const counted = (ids: readonly string[]) => ({
    bookings: ids.length,
    customers: new Set(ids.map((id) => byId.get(id)?.customerId ?? id)).size,
  })
  const sentReason = reasonToSend(reason)
  const notDeclinable = declineRefusal(chosen.map((id) => byId.get(id)).filter((b) => b !== undefined))
  /**
   * Sends `ids`: for Decline and Cancel, those the question named, even one its customer cancelled
   * while it was asked (the server answers it "already cancelled"), so the answer lists every booking
   * the provider said yes to.
   */
  const act = async (action: BookingBulkAction, ids: readonly string[]) => {
    const lines = await run(
      () =>
        bulkBookings({
          action,
          ids: [...ids],
          atomicity: allOrNothing ? 'ALL_OR_NOTHING' : 'PER_ROW',
          ...(sentReason ? { reason: sentReason } : {}),
        }),
      ACTION_DONE[action],
    )
    // Sent and done with: the next selection starts without the last one's reason. A refused row
    // keeps it, to try again without typing it anew.
    if (lines?.every((line) => line.ok)) setReason('')
  }

  return (
    <section className="card bulk-panel" aria-labelledby="bulk-title" data-testid="bulk-bookings">
      <h2 id="bulk-title">Upcoming bookings</h2>
      <ErrorNote error={error} />
      {upcoming.length === 0 && (
        <p className="bulk-panel__empty" role="status" data-testid="bulk-empty">
          {pulled ? 'No upcoming bookings.' : bookingsArrivingText(online)}
        </p>
      )}
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
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!online || busy || chosen.length === 0}
          aria-describedby={online ? undefined : offlineHintId}
          onClick={() => act('CONFIRM', chosen)}
          data-testid="bulk-confirm"
        >
          {ACTION_LABEL.CONFIRM} {chosen.length} selected
        </button>
        {/* Declining and cancelling tell every customer and cannot be undone: asked first, as the range is. */}
        {(['DECLINE', 'CANCEL'] as const).map((action) => {
          const refusal = action === 'DECLINE' ? notDeclinable : null
          const describedBy = [online ? null : offlineHintId, refusal && declineHintId].filter(Boolean)
          return (
            <ConfirmButton
              key={action}
              label={`${ACTION_LABEL[action]} ${chosen.length} selected`}
              question={tellCustomersQuestion(action, counted(asked), sentReason)}
              confirmLabel={tellCustomersYes(action, asked.length)}
              beforeAsking={async () => {
                setAsked(chosen)
                return true
              }}
              onConfirm={() => act(action, asked)}
              className="button button--small button--danger-ghost"
              disabled={!online || busy || chosen.length === 0 || !sentReason || refusal !== null}
              describedBy={describedBy.length > 0 ? describedBy.join(' ') : undefined}
              testId={`bulk-${action.toLowerCase()}`}
            />
          )
        })}
        {notDeclinable && (
          <p className="field__hint" id={declineHintId} data-testid="bulk-decline-why">
            {notDeclinable}
          </p>
        )}
        {gone.length > 0 && (
          <div className="note" role="status" data-testid="bulk-gone">
            <p>No longer selected, as no longer upcoming:</p>
            <ul>
              {gone.map((id) => (
                <li key={id}>
                  {label(id)}: {goneText(byId.get(id), now)}
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => setSelected(new Set(chosen))}
            >
              OK
            </button>
          </div>
        )}
        {!online && (
          <p className="field__hint" id={offlineHintId} data-testid="bulk-offline">
            {failureText(null, WHAT)}
          </p>
        )}
      </fieldset>
      <CancelRangeForm
        busy={busy}
        offline={online ? null : failureText(null, WHAT)}
        zone={zone}
        bookings={bookings}
        onSubmit={async (from, to, rangeReason) =>
          (await run(
            () =>
              cancelDateRange({
                from,
                to,
                reason: rangeReason,
                atomicity: allOrNothing ? 'ALL_OR_NOTHING' : 'PER_ROW',
              }),
            'cancelled',
          )) !== null
        }
      />
      <OutcomeList
        title="What happened"
        lines={outcome}
        words={doneWords(outcomeDone)}
        testId="bulk-outcome"
      />
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

/**
 * "I am ill from … to …": every booking of those days, cancelled with one reason, after a second step
 * that says how many bookings of how many customers that is (one click cancelled four customers'
 * bookings before). Why the button is disabled is said next to it.
 */
function CancelRangeForm({
  busy,
  offline,
  zone,
  bookings,
  onSubmit,
}: {
  busy: boolean
  /** Why the form cannot be sent now (no connection), or null. */
  offline: string | null
  zone: string
  bookings: readonly BookingView[]
  /** Answers whether the server answered (the reason is then cleared). */
  onSubmit: (from: string, to: string, reason: string) => Promise<boolean>
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
  const sentReason = reasonToSend(reason)
  const why =
    offline ??
    (from === null || lastDay === null
      ? 'Choose the first and the last day.'
      : lastDay < from
        ? '“To” is before “From”: choose a later last day.'
        : sentReason === ''
          ? 'Give the customers a reason.'
          : null)
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

  async function confirm() {
    setAsking(false)
    if (!from || !to || why !== null) return
    if (await onSubmit(from.toISOString(), to.toISOString(), sentReason)) setReason('')
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
            {tellCustomersQuestion('CANCEL', inRange, sentReason, range)}
          </legend>
          <button
            type="button"
            className="button button--danger"
            // biome-ignore lint/a11y/noAutofocus: the second step must take focus from the button it replaces
            autoFocus
            onClick={confirm}
            data-testid="range-confirm-yes"
          >
            {tellCustomersYes('CANCEL', inRange.bookings)}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setAsking(false)}>
            Keep them
          </button>
        </fieldset>
      )}
    </form>
  )
}
