import type { Booking } from '../../../shared/schemas.js'
import type { Route } from '../../app/route.js'
import { dayKey } from '../../ui/calendarTime.js'

/** Where "find another slot" leads after a rejection: the same week and service, the refused slot marked. */
export function anotherSlotRoute(booking: Booking, zone: string): Route {
  return {
    page: 'slots',
    week: dayKey(booking.startTime, zone),
    serviceId: booking.serviceId,
    slotId: booking.slotId,
  }
}
