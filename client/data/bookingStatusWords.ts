/** A booking's status as the screens name it (the status pill, the provider's refused changes). */
import type { BookingStatus } from '../../shared/schemas.js'

export const BOOKING_STATUS_WORDS: Readonly<Record<BookingStatus, string>> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  CANCELLED: 'Cancelled',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
}

/**
 * A booking's status in words: a request the provider declined (cancelled while PENDING, `declined`)
 * is "Declined", not "Cancelled", as the customer's notification says.
 */
export function bookingStatusName(booking: { status: BookingStatus; declined?: boolean }): string {
  return booking.status === 'CANCELLED' && booking.declined
    ? 'Declined'
    : BOOKING_STATUS_WORDS[booking.status]
}

/** The heading of My bookings' last section: it names declined requests when it holds one. */
export function earlierSectionTitle(
  bookings: readonly { status: BookingStatus; declined?: boolean }[],
): string {
  return bookings.some((booking) => bookingStatusName(booking) === 'Declined')
    ? 'Earlier, cancelled and declined'
    : 'Earlier and cancelled'
}

/**
 * A booking written on this device that the server has not seen yet. Its status is only the device's
 * placeholder (the provider has decided nothing: "Pending" would read as "awaiting the provider", even
 * for a provider who confirms automatically), so it is shown as not sent. The server gives every
 * booking its reference, so none means never sent; a later change to a sent booking (a cancel made
 * offline) keeps its status, marked as not sent.
 */
export function neverSent(booking: { pending: boolean; reference: string }): boolean {
  return booking.pending && booking.reference === ''
}

/**
 * What waits on the device, in one wording everywhere: the pill of a booking never sent, the note on a
 * change not sent, the badge of a slot with a change not sent and the legend's name for it.
 */
export const NOT_SENT_YET = 'Not sent yet'

/**
 * The words of a status pill: the status (bookingStatusName), or "Not sent yet"; `note` follows it
 * ("· not sent yet").
 */
export function statusPillWords(
  status: BookingStatus,
  sync: { unsynced: boolean; neverSent: boolean },
  declined = false,
): { label: string; note?: string } {
  if (sync.neverSent) return { label: NOT_SENT_YET }
  const label = bookingStatusName({ status, declined })
  return sync.unsynced ? { label, note: NOT_SENT_YET.toLowerCase() } : { label }
}
