import type { BookingView } from '../../data/index.js'
import { NOT_SENT_YET } from '../../data/bookingStatusWords.js'
import { useHeldWhileMoving } from '../../data/unsentMoves.js'
import { refusedOnSlotWords } from '../bookings/rejectionText.js'
import { ownBookingWords } from './ownBookingText.js'

/**
 * On a slot card: the customer's own booking there, saying what it is (ownBookingText.ts).
 */
export function OwnBookingNote({ booking }: { booking: BookingView }) {
  const text = ownBookingWords(booking, useHeldWhileMoving(booking) !== undefined)
  return (
    <span
      className={`slot-card__mine slot-card__mine--${booking.pending ? 'pending' : booking.status.toLowerCase()}`}
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
      Your weekly booking · {NOT_SENT_YET.toLowerCase()}
    </span>
  )
}

/** On a slot card: the customer's booking of it that the server refused, and the way forward. */
export function RefusedBookingNote({ booking, slotFull }: { booking: BookingView; slotFull: boolean }) {
  const words = refusedOnSlotWords(booking.rejectionReason ?? undefined, slotFull)
  return (
    <span
      className="slot-card__mine slot-card__mine--refused"
      data-testid="refused-booking"
      data-reason={booking.rejectionReason ?? ''}
    >
      {words.headline} {words.detail}
    </span>
  )
}
