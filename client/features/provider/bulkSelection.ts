/**
 * The bulk panel's selection in words: why a ticked booking left the list (the provider is told near
 * the buttons, not left with a box that un-ticked itself), and why Decline is not offered.
 */
import { isActive } from '../../../shared/availability.js'
import type { BookingStatus } from '../../../shared/schemas.js'

type Gone = { status: BookingStatus; declined?: boolean; statusReason?: string | null; startTime: string }

/**
 * Why a booking the provider ticked is no longer in the list of upcoming bookings, as a sentence
 * ("It was already cancelled by the customer."). A provider's cancellation carries a reason, a
 * customer's none; a booking no longer on the device (undefined) is said as such.
 */
export function goneText(booking: Gone | undefined, now: Date): string {
  if (!booking) return 'It is no longer on this device.'
  if (booking.status === 'CANCELLED') {
    if (booking.declined) return 'It was already declined.'
    return booking.statusReason ? 'It was already cancelled.' : 'It was already cancelled by the customer.'
  }
  if (booking.status === 'COMPLETED') return 'It was already completed.'
  if (booking.status === 'REJECTED') return 'It was refused.'
  if (isActive(booking.status) && Date.parse(booking.startTime) <= now.getTime())
    return 'It has already started.'
  return 'It is no longer upcoming.'
}

/** Why Decline is disabled for the selection, or null: only a request (PENDING) can be declined. */
export function declineRefusal(selected: readonly { status: BookingStatus }[]): string | null {
  const answered = selected.filter((booking) => booking.status !== 'PENDING').length
  if (answered === 0) return null
  return answered === selected.length
    ? 'Decline is for requests, and none of the selected bookings is one: cancel them instead.'
    : 'Decline is for requests: untick the confirmed bookings to decline the others, or cancel them all.'
}
