/** How many seats, in words that agree with the number (the noun follows the capacity: "1 of 1 seat"). */
import { seatsUsed } from '../../shared/availability.js'
import type { BookingStatus } from '../../shared/schemas.js'
import type { SlotView } from '../data/index.js'

const seats = (capacity: number) => (capacity === 1 ? 'seat' : 'seats')

/** The share of `capacity` used as a percentage, or a dash when there are no seats to share. */
export function seatsPercent(used: number, capacity: number): string {
  return capacity === 0 ? '—' : `${Math.round((used / capacity) * 100)}%`
}

/** What is taken (a past slot can no longer offer seats, so "left" would mislead). */
export function seatsTaken(taken: number, capacity: number): string {
  return `${taken} of ${capacity} ${seats(capacity)} taken`
}

/**
 * The line a slot card shows, to providers and customers alike: seats left while the slot is ahead,
 * seats taken once it has started; a blocked slot offers none, whatever its capacity ("2 of 2 seats
 * left" read as bookable).
 */
export function seatsLine(
  slot: Pick<SlotView, 'state' | 'remaining' | 'maxBookings' | 'displayedBookings'>,
): string {
  if (slot.state === 'past') return seatsTaken(slot.displayedBookings, slot.maxBookings)
  if (slot.state === 'blocked')
    return slot.displayedBookings === 0
      ? 'No seats offered'
      : `${seatsTaken(slot.displayedBookings, slot.maxBookings)}, no more offered`
  return `${slot.remaining} of ${slot.maxBookings} ${seats(slot.maxBookings)} left`
}

/**
 * The seats a provider counts as used, from the slot and all its bookings (a provider's device holds
 * them all): once the slot has started, completing a booking gives its seat back (invariant 1), so
 * the counter no longer says who came: the completed bookings count too (seatsUsed, the rule
 * insights use).
 */
export function providerSeatsUsed(
  slot: Pick<SlotView, 'startTime' | 'displayedBookings'>,
  bookings: readonly { status: BookingStatus }[],
  now: Date = new Date(),
): number {
  return seatsUsed({ startTime: slot.startTime, counter: slot.displayedBookings }, bookings, now)
}
