import type { BookingView } from '../../data/index.js'

/** On a slot card: the customer's own booking there, saying what it is (pending is not booked yet). */
export function OwnBookingNote({ booking }: { booking: BookingView }) {
  const text = booking.pending
    ? 'Your booking · not synced yet'
    : booking.status === 'PENDING'
      ? 'Your booking · pending, awaiting provider'
      : '✓ You are booked · confirmed'
  return (
    <span
      className={`slot-card__mine slot-card__mine--${booking.status.toLowerCase()}`}
      data-testid="own-booking"
      data-status={booking.status}
    >
      {text}
    </span>
  )
}

/** On a slot card: a week of the customer's series that waits on this device to be sent (no seat yet). */
export function QueuedWeekNote() {
  return (
    <span className="slot-card__mine slot-card__mine--pending" data-testid="queued-series-week">
      Your weekly booking · not sent yet
    </span>
  )
}
