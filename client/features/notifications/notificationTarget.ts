/**
 * Where a notification takes its reader (the bell's list): the booking it is about in My bookings,
 * else the week of its slot; a provider goes to the requests inbox for a request to confirm and to
 * the week of their calendar for anything else, and to Webhooks for an endpoint turned off. Kept pure (test/unit/notificationTarget.test.ts).
 */
import type { Notification } from '../../../shared/notifications.js'
import type { Route } from '../../app/route.js'
import { dayKey } from '../../ui/calendarTime.js'

type About = Pick<Notification, 'kind' | 'bookingId' | 'slotId' | 'startTime'>

/** The route a notification opens, or null when it names nothing to open. */
export function notificationTarget(n: About, zone: string, forProvider: boolean): Route | null {
  // Its startTime is since when the endpoint failed, not a slot's: the page to turn it on again.
  if (n.kind === 'WEBHOOK_DISABLED') return { page: 'webhooks' }
  if (forProvider) {
    if (n.kind === 'NEW_BOOKING_REQUEST') return { page: 'inbox' }
    return n.startTime ? { page: 'provider-slots', week: dayKey(n.startTime, zone) } : null
  }
  if (n.bookingId) return { page: 'bookings', bookingId: n.bookingId }
  if (n.slotId && n.startTime) return { page: 'slots', week: dayKey(n.startTime, zone), slotId: n.slotId }
  return null
}
