/** A booking's status as the screens name it (the status pill, the provider's refused changes). */
import type { BookingStatus } from '../../shared/schemas.js'

export const BOOKING_STATUS_WORDS: Readonly<Record<BookingStatus, string>> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  CANCELLED: 'Cancelled',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
}
