/**
 * How a provider's new bookings are confirmed: at once (auto-confirm: a booking is CONFIRMED when it
 * is made) or by the provider, who confirms or declines each request (PENDING until then). The
 * provider switches it in their profile (PATCH /api/providers/:id/booking-confirmation); the booking
 * statements read it from the provider's row as they insert (server/domain/bookSeat.ts, bookSeats.ts),
 * so a switch applies to every booking made after it, in every server process, and leaves the
 * requests already waiting as they are.
 */
import { z } from 'zod'
import { User } from './schemas.js'

/** The audit action of a switch (entity type `member`, the provider's user id; before and after: `{ autoConfirm }`). */
export const BOOKING_CONFIRMATION_CHANGED = 'member.booking_confirmation_changed'

export const UpdateBookingConfirmationBody = z.object({ autoConfirm: z.boolean() }).strict()
export type UpdateBookingConfirmationBody = z.infer<typeof UpdateBookingConfirmationBody>

export const BookingConfirmation = z.object({
  autoConfirm: z.boolean(),
  /** The provider's requests still waiting for an answer here (a switch leaves them PENDING). */
  pendingRequests: z.number().int().min(0),
})
export type BookingConfirmation = z.infer<typeof BookingConfirmation>

/**
 * A provider as GET /api/providers lists them: with their choice, so a customer's device knows before
 * booking whether the booking is a request (kept on the device: client/data/providerConfirmations.ts).
 */
export const ProviderListing = User.extend({
  autoConfirm: z.boolean().describe("Whether the provider's new bookings are confirmed at once"),
})
export type ProviderListing = z.infer<typeof ProviderListing>

/** What the booking form tells a customer of a provider who confirms each booking by hand. */
export function confirmedByHandText(providerName: string): string {
  return `${providerName} confirms each booking: you will hear when it is confirmed.`
}

/** What each choice means, in the provider's words. */
export function bookingConfirmationText(autoConfirm: boolean): string {
  return autoConfirm ? 'New bookings are confirmed at once' : 'You confirm or decline each request'
}

/**
 * A switch as the audit trail reads it, after the name of who made it (always the provider):
 * "Dr. Ana Weber now has new bookings confirmed at once".
 */
export function bookingConfirmationChangeText(after: unknown): string {
  const autoConfirm = (after as { autoConfirm?: unknown } | null)?.autoConfirm
  return autoConfirm === true
    ? 'now has new bookings confirmed at once'
    : 'now confirms or declines each booking request'
}
