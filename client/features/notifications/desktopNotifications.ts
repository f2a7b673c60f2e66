/**
 * The browser's Notification API, used only while the tab is hidden and only after the user allowed
 * it (asked from a click, as browsers require). Where the API does not exist nothing happens.
 */
import { useEffect, useRef } from 'react'
import { notificationText } from '../../../shared/notifications.js'
import { useNotifications } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'

export function desktopNotificationsAvailable(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

export async function requestDesktopNotifications(): Promise<void> {
  if (typeof Notification !== 'undefined') await Notification.requestPermission()
}

/** Shows each notification that arrives while the tab is hidden as a desktop notification. */
export function useDesktopNotifications(zone: string): void {
  const { data, loading } = useNotifications()
  // Ids already present: the first load (and anything since) is never announced again.
  const seen = useRef<Set<string> | null>(null)
  useEffect(() => {
    if (loading) return
    const ids = data.notifications.map((n) => n.id)
    if (seen.current === null) {
      seen.current = new Set(ids)
      return
    }
    const known = seen.current
    const fresh = data.notifications.filter((n) => !known.has(n.id) && n.readAt === null)
    for (const id of ids) known.add(id)
    if (document.visibilityState !== 'hidden' || desktopNotificationsAvailable() !== 'granted') return
    for (const n of fresh) {
      // The tag makes tabs of the same user show one notification, not one per tab.
      new Notification('UniService', {
        body: notificationText(n, (iso) => formatLongDateTime(iso, zone)),
        tag: n.id,
      })
    }
  }, [data, loading, zone])
}
