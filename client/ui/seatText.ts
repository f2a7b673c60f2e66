/** How many seats, in words that agree with the number (the noun follows the capacity: "1 of 1 seat"). */
import type { SlotView } from '../data/index.js'

const seats = (capacity: number) => (capacity === 1 ? 'seat' : 'seats')

/** What is taken (a past slot can no longer offer seats, so "left" would mislead). */
export function seatsTaken(taken: number, capacity: number): string {
  return `${taken} of ${capacity} ${seats(capacity)} taken`
}

/** The line a slot card shows: seats left while the slot is ahead, seats taken once it has started. */
export function seatsLine(
  slot: Pick<SlotView, 'state' | 'remaining' | 'maxBookings' | 'displayedBookings'>,
): string {
  if (slot.state === 'past') return seatsTaken(slot.displayedBookings, slot.maxBookings)
  return `${slot.remaining} of ${slot.maxBookings} ${seats(slot.maxBookings)} left`
}
