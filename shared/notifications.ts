/**
 * Notifications: one document per user and event, written by the server in the transaction of the
 * event (invariant 9) and replicated to every device of the user. The text is rendered on the device
 * from `kind` and the copied facts, so an offline device shows it in the viewer's time zone.
 */
import { z } from 'zod'
import { type ErrorCode, errorMessages } from './errors.js'
import { Revision } from './replication.js'
import { Id, IsoInstant } from './schemas.js'
import { decodeSeriesNotBooked, seriesNotBookedText } from './seriesNotBooked.js'

export const NotificationKind = z.enum([
  // to customers
  'BOOKING_CONFIRMED',
  'BOOKING_DECLINED',
  'BOOKING_CANCELLED_BY_PROVIDER',
  'WAITLIST_PROMOTED',
  'SLOT_CHANGED',
  'SLOT_CANCELLED',
  'BOOKING_REJECTED',
  // to either party: the other one moved the booking to another slot
  'BOOKING_RESCHEDULED',
  // to whoever moved a booking offline: the server could not move it (reason = the refusal code)
  'BOOKING_NOT_MOVED',
  // to whoever cancelled (or otherwise changed) a booking offline that was moved to another slot
  // meanwhile: the change was of the old time and was not made (start_time = the booking's time now)
  'BOOKING_NOT_CHANGED',
  // to whoever booked a weekly series of which some week was not booked (reason = the weeks and why,
  // shared/seriesNotBooked.ts; slot and start_time = the series' first week)
  'SERIES_NOT_BOOKED',
  // to providers
  'NEW_BOOKING',
  'NEW_BOOKING_REQUEST',
  'BOOKING_CANCELLED_BY_CUSTOMER',
  // to whoever registered a webhook endpoint the server turned off after its deliveries failed for
  // WEBHOOK_DISABLE_AFTER_MS (service_name = the endpoint's URL, start_time = since when it failed,
  // reason = its last error; no slot or booking)
  'WEBHOOK_DISABLED',
])
export type NotificationKind = z.infer<typeof NotificationKind>

export const Notification = z.object({
  id: Id,
  userId: Id,
  kind: NotificationKind,
  slotId: Id.nullable(),
  bookingId: Id.nullable(),
  startTime: IsoInstant.nullable(),
  serviceName: z.string().nullable(),
  /** The customer's name for a provider, the provider's name for a customer. */
  otherParty: z.string().nullable(),
  /** A provider's reason, or a refusal code. */
  reason: z.string().nullable(),
  readAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
})
export type Notification = z.infer<typeof Notification>

export const NotificationDoc = Notification.extend({
  rev: Revision.nullable(),
  localPending: z.boolean().optional(),
})
export type NotificationDoc = z.infer<typeof NotificationDoc>
export const NotificationWireDoc = NotificationDoc.extend({ _deleted: z.boolean() })
export type NotificationWireDoc = z.infer<typeof NotificationWireDoc>

/** A device pushes a notification only to mark it read (readAt); everything else is the server's. */
export const NotificationPushRow = z.object({
  assumedMasterState: NotificationWireDoc.nullable().optional(),
  newDocumentState: NotificationWireDoc,
})
export type NotificationPushRow = z.infer<typeof NotificationPushRow>

/** A refusal code reads as its message; a provider's own words are quoted, ending with one stop. */
export function reasonText(reason: string): string {
  if (reason in errorMessages) return errorMessages[reason as ErrorCode]
  const words = reason.trim()
  return `Reason: ${words}${/[.!?…]$/.test(words) ? '' : '.'}`
}

/**
 * The reason of the SLOT_CHANGED notification the server writes when a provider blocks a slot (the
 * only slot change customers hear of). Blocking closes the slot to new bookings; the bookings in it
 * stand, so its words say that rather than alarm with "changed".
 */
export const SLOT_BLOCKED_REASON = 'blocked by the provider'

const when = (startTime: string | null, formatTime: (iso: string) => string) =>
  startTime ? ` on ${formatTime(startTime)}` : ''

/** The sentence a notification shows; `formatTime` renders an instant in the viewer's zone. */
export function notificationText(
  n: Pick<Notification, 'kind' | 'startTime' | 'serviceName' | 'otherParty' | 'reason'>,
  formatTime: (iso: string) => string,
): string {
  const what = n.serviceName ?? 'your booking'
  const at = when(n.startTime, formatTime)
  const because = n.reason ? ` ${reasonText(n.reason)}` : ''
  switch (n.kind) {
    case 'BOOKING_CONFIRMED':
      return `Your booking for ${what}${at} is confirmed.`
    case 'BOOKING_DECLINED':
      return `Your request for ${what}${at} was declined.${because}`
    case 'BOOKING_CANCELLED_BY_PROVIDER':
      return `Your booking for ${what}${at} was cancelled by the provider.${because}`
    case 'WAITLIST_PROMOTED':
      return `You got a seat: ${what}${at} (from the waitlist).`
    case 'SLOT_CHANGED':
      if (n.reason === SLOT_BLOCKED_REASON)
        return `${what}${at} is no longer open for new bookings (the provider closed it). Your booking stays.`
      return `${what}${at} was changed by the provider.${because}`
    case 'SLOT_CANCELLED':
      return `${what}${at} was cancelled by the provider.${because}`
    case 'BOOKING_REJECTED':
      return `Your booking for ${what}${at} could not be made.${because}`
    case 'BOOKING_RESCHEDULED':
      return `${n.otherParty ?? 'The other party'} moved the booking for ${what} to a new time${at}.`
    case 'BOOKING_NOT_MOVED':
      // Moved elsewhere meanwhile, it does not stay as it was: it stands at its time now.
      if (n.reason === 'BOOKING_MOVED_ELSEWHERE')
        return `Your move of the booking for ${what} was not made.${because} It stands${at}.`
      return `Your booking for ${what}${at} could not be moved and stays as it was.${because}`
    case 'BOOKING_NOT_CHANGED':
      return `Your change to the booking for ${what} was not made: it had been moved to another time${at} meanwhile, where it stands.`
    case 'SERIES_NOT_BOOKED': {
      const outcome = decodeSeriesNotBooked(n.reason)
      return outcome
        ? seriesNotBookedText(outcome, formatTime, n.serviceName)
        : `Some weeks of your weekly booking for ${what}${at} could not be booked.`
    }
    case 'NEW_BOOKING':
      return `New booking: ${n.otherParty ?? 'a customer'} for ${what}${at}.`
    case 'NEW_BOOKING_REQUEST':
      return `New request to confirm: ${n.otherParty ?? 'a customer'} for ${what}${at}.`
    case 'BOOKING_CANCELLED_BY_CUSTOMER':
      return `${n.otherParty ?? 'A customer'} cancelled ${what}${at}.`
    case 'WEBHOOK_DISABLED':
      return `Your webhook endpoint ${n.serviceName ?? ''} was turned off after failing${n.startTime ? ` since ${formatTime(n.startTime)}` : ''}${n.reason ? `: ${n.reason}` : ''}. Turn it on again under Webhooks once the receiver works.`
  }
}
