/**
 * A provider's changes and the server's values in words, for the list of refused changes and for
 * the toasts: "capacity 1", "deleted", "Confirmed".
 */
import type { BookingStatus } from '../../shared/schemas.js'
import type { TriedChange } from './providerChanges.js'

const STATUS_WORDS: Record<BookingStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  CANCELLED: 'Cancelled',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
}

interface SlotState {
  maxBookings: number
  blocked: boolean
  currentBookings: number
  _deleted: boolean
}

/** The server's value of the slot field a refusal concerns. */
export function slotServerValue(field: string | undefined, slot: SlotState): string {
  if (slot._deleted) return field === 'created' ? 'not created' : 'deleted'
  const booked = `${slot.currentBookings} booked`
  switch (field) {
    case 'blocked':
      return slot.blocked ? 'blocked' : 'open for booking'
    case '_deleted':
      return `not deleted, capacity ${slot.maxBookings}, ${booked}`
    default:
      return `capacity ${slot.maxBookings}, ${booked}`
  }
}

export function bookingStatusWords(booking: { status: BookingStatus; _deleted: boolean }): string {
  return booking._deleted ? 'deleted' : STATUS_WORDS[booking.status]
}

/** What the provider tried, in words. */
export function triedWords(tried: TriedChange): string {
  switch (tried.kind) {
    case 'capacity':
      return `capacity ${tried.maxBookings}`
    case 'blocked':
      return tried.blocked ? 'block the slot' : 'open the slot'
    case 'delete':
      return 'delete the slot'
    case 'create':
      return 'create the slot'
    case 'status':
      return STATUS_WORDS[tried.status as BookingStatus] ?? tried.status
  }
}
