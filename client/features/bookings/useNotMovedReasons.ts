import { useCallback, useMemo } from 'react'
import type { NotificationKind } from '../../../shared/notifications.js'
import { useNotificationActions, useNotifications } from '../../data/index.js'

/**
 * A booking's unread notifications of one kind (a change the server did not make, told by it): the
 * newest reason per booking, and a way to put them away, which marks them read (on every device of
 * the customer). Derived from what the device holds, so a reload keeps them.
 */
function useUnreadNotices(
  kind: NotificationKind,
): [ReadonlyMap<string, string>, (bookingId: string) => void] {
  const { notifications } = useNotifications().data
  const { markRead } = useNotificationActions()
  const unread = useMemo(
    () => notifications.filter((n) => n.kind === kind && n.readAt === null && n.bookingId),
    [notifications, kind],
  )
  const reasons = useMemo(() => {
    const byBooking = new Map<string, string>()
    // Newest first: the first one of a booking is its latest refused change.
    for (const n of unread)
      if (n.bookingId && !byBooking.has(n.bookingId)) byBooking.set(n.bookingId, n.reason ?? '')
    return byBooking
  }, [unread])
  const dismiss = useCallback(
    (bookingId: string) => {
      for (const n of unread) if (n.bookingId === bookingId) void markRead(n.id)
    },
    [unread, markRead],
  )
  return [reasons, dismiss]
}

/** Moves the server did not make (its BOOKING_NOT_MOVED notifications): the reason per booking. */
export function useNotMovedReasons(): [ReadonlyMap<string, string>, (bookingId: string) => void] {
  return useUnreadNotices('BOOKING_NOT_MOVED')
}

/**
 * Cancels the server did not make because the booking had been moved meanwhile (BOOKING_NOT_CHANGED:
 * a customer changes only the status of their booking, so the change was a cancel). Keyed by booking.
 */
export function useNotCancelled(): [ReadonlySet<string>, (bookingId: string) => void] {
  const [byBooking, dismiss] = useUnreadNotices('BOOKING_NOT_CHANGED')
  return [useMemo(() => new Set(byBooking.keys()), [byBooking]), dismiss]
}
