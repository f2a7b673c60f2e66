import { useCallback, useMemo } from 'react'
import { useNotificationActions, useNotifications } from '../../data/index.js'

/**
 * Moves the server did not make (its BOOKING_NOT_MOVED notifications, unread): the newest reason per
 * booking, and a way to put them away, which marks them read (on every device of the customer).
 */
export function useNotMovedReasons(): [ReadonlyMap<string, string>, (bookingId: string) => void] {
  const { notifications } = useNotifications().data
  const { markRead } = useNotificationActions()
  const unread = useMemo(
    () => notifications.filter((n) => n.kind === 'BOOKING_NOT_MOVED' && n.readAt === null && n.bookingId),
    [notifications],
  )
  const reasons = useMemo(() => {
    const byBooking = new Map<string, string>()
    // Newest first: the first one of a booking is its latest refused move.
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
