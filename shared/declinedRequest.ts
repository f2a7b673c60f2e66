/**
 * A provider cancelling a booking that is still a request (PENDING) declines it. The booking keeps
 * that fact (`declined`, set by the server's status command) so the customer reads "Declined by the
 * provider", not "Cancelled"; the notification (BOOKING_DECLINED) and insights ('provider-declined')
 * name the same event.
 */
import type { BookingStatus, Role } from './schemas.js'

export function declinesRequest(role: Role, from: BookingStatus, to: BookingStatus): boolean {
  return role === 'provider' && from === 'PENDING' && to === 'CANCELLED'
}
