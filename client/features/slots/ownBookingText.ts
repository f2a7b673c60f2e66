/**
 * What a slot card of the customer's week says of their own booking there, kept pure
 * (test/unit/ownBookingText.test.ts). A booking or change the server has not seen is said once, by the
 * card's "Not sent yet" badge (SlotCard, as My bookings' status pill says it): these words do not
 * repeat it. Pending is not booked yet; a move not sent yet is not a seat here yet.
 */
import type { BookingStatus } from '../../../shared/schemas.js'

export function ownBookingWords(
  booking: { status: BookingStatus; pending: boolean },
  /** A move of the booking to this slot waits on this device (the customer holds another time). */
  movingHere: boolean,
): string {
  if (movingHere) return 'Your booking moves here once the move is confirmed'
  if (booking.pending) return 'Your booking'
  return booking.status === 'PENDING'
    ? 'Your booking · pending, awaiting provider'
    : '✓ You are booked · confirmed'
}
