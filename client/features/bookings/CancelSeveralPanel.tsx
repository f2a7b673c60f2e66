import { useState } from 'react'
import type { BookingView } from '../../data/index.js'
import { useSeriesActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { type OutcomeLine, OutcomeList, doneWords } from '../../ui/OutcomeList.js'
import './bookingOperations.css'

/** A customer cancels several upcoming bookings at once (online), and reads what happened to each. */
export function CancelSeveralPanel({ upcoming, zone }: { upcoming: readonly BookingView[]; zone: string }) {
  const { cancelBookings } = useSeriesActions()
  const announce = useAnnounce()
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<OutcomeLine[]>([])
  const when = new Map(upcoming.map((b) => [b.id, formatLongDateTime(b.startTime, zone)]))

  function toggle(id: string) {
    const next = new Set(selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setSelected(next)
  }

  async function cancelSelected() {
    setBusy(true)
    setError(null)
    try {
      const result = await cancelBookings([...selected])
      setOutcome(
        result.rows.map((row) => ({
          key: row.id,
          label: when.get(row.id) ?? row.id,
          ok: row.ok,
          message: row.message,
        })),
      )
      setSelected(new Set())
      announce(`${result.applied} of ${result.rows.length} bookings cancelled.`)
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The bookings could not be cancelled.')
    } finally {
      setBusy(false)
    }
  }

  // The stream can bring the cancellations before the request answers: the panel stays (open) while busy, so
  // that the outcome is shown in the panel the customer is looking at rather than in a new, closed one.
  if (upcoming.length < 2 && outcome.length === 0 && !busy) return null
  return (
    <details
      className="card bulk-panel"
      data-testid="cancel-several"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>Cancel several bookings</summary>
      <ErrorNote error={error} />
      <ul className="choice-list">
        {upcoming.map((booking) => (
          <li key={booking.id}>
            <label className="choice" data-testid="cancel-several-row" data-booking-id={booking.id}>
              <input type="checkbox" checked={selected.has(booking.id)} onChange={() => toggle(booking.id)} />
              {when.get(booking.id)}
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--small button--danger-ghost"
        disabled={busy || selected.size === 0}
        onClick={cancelSelected}
        data-testid="cancel-several-submit"
      >
        Cancel {selected.size} selected
      </button>
      <OutcomeList
        title="What happened"
        lines={outcome}
        words={doneWords('cancelled')}
        testId="cancel-several-outcome"
      />
    </details>
  )
}
