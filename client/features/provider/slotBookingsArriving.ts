/**
 * A slot's bookings that have not reached this device yet. The slot document carries the server's
 * count of its seats, and a fresh device stores the slots before their bookings (right after sign-in
 * a full slot's bookings can take seconds): until they arrive, its empty list is not "no bookings",
 * and the slot must not look deletable or take a capacity below its seats (the server refuses both).
 */
import { isActive } from '../../../shared/availability.js'
import type { BookingStatus } from '../../../shared/schemas.js'
import type { SlotView } from '../../data/index.js'

/**
 * How many of the slot's booked seats this device holds no booking for: its counter
 * (displayedBookings, the server's currentBookings with this device's unsent changes) minus the
 * active bookings it holds.
 */
export function bookingsNotHeld(
  slot: Pick<SlotView, 'displayedBookings'>,
  held: readonly { status: BookingStatus }[],
): number {
  return Math.max(0, slot.displayedBookings - held.filter((b) => isActive(b.status)).length)
}

/** "3 bookings, still loading…", or with some already shown "2 more, still loading…". */
export function bookingsLoadingText(notHeld: number, someShown: boolean): string {
  const what = someShown ? `${notHeld} more` : `${notHeld} ${notHeld === 1 ? 'booking' : 'bookings'}`
  return `${what}, still loading…`
}
