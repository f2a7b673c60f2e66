import { isActive } from '../../../shared/availability.js'
import type { Booking } from '../../../shared/schemas.js'
import type { SlotView } from '../../data/index.js'

/**
 * The slots the reschedule dialog offers for a booking: free slots of the same service (a reschedule
 * changes the time, never what was booked), other than its own and any where its customer already
 * holds an active booking (the server refuses those: RESCHEDULE_OTHER_SERVICE, RESCHEDULE_ALREADY_BOOKED).
 */
export function rescheduleTargets(
  booking: Pick<Booking, 'slotId' | 'serviceId' | 'customerId'>,
  slots: readonly SlotView[],
  bookings: readonly Pick<Booking, 'slotId' | 'customerId' | 'status'>[],
): SlotView[] {
  const held = new Set(
    bookings
      .filter((other) => other.customerId === booking.customerId && isActive(other.status))
      .map((other) => other.slotId),
  )
  return slots.filter(
    (slot) =>
      slot.serviceId === booking.serviceId &&
      slot.id !== booking.slotId &&
      !held.has(slot.id) &&
      slot.state === 'available',
  )
}
