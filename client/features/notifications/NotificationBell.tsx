import { useState } from 'react'
import { notificationText } from '../../../shared/notifications.js'
import { useNotificationActions, useNotifications } from '../../data/index.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { desktopNotificationsAvailable, requestDesktopNotifications } from './desktopNotifications.js'

/** The header's bell: the unread count, and the list of notifications (readable offline). */
export function NotificationBell({ zone }: { zone: string }) {
  const { data } = useNotifications()
  const { markRead, markAllRead } = useNotificationActions()
  const [open, setOpen] = useState(false)
  // Whether to offer desktop notifications, read when the panel first opens: reading the permission
  // is a synchronous call to the browser (10-16 ms of the week's startup in a CPU profile), and only
  // the open panel shows the offer.
  const [canAsk, setCanAsk] = useState<boolean | null>(null)
  const label = data.unread === 0 ? 'Notifications' : `Notifications, ${data.unread} unread`

  return (
    <div className="bell">
      <button
        type="button"
        className="bell__button"
        aria-label={label}
        aria-expanded={open}
        onClick={() => {
          if (canAsk === null) setCanAsk(desktopNotificationsAvailable() === 'default')
          setOpen((o) => !o)
        }}
        data-testid="notification-bell"
        data-unread={data.unread}
      >
        {/* An inline icon: emoji fonts are missing on many systems. */}
        <svg
          aria-hidden="true"
          width="20"
          height="20"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {data.unread > 0 && (
          <span className="bell__count" data-testid="notification-unread">
            {data.unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell__panel" data-testid="notification-list">
          <div className="bell__header">
            <strong>Notifications</strong>
            {data.unread > 0 && (
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => markAllRead()}
              >
                Mark all read
              </button>
            )}
          </div>
          {canAsk === true && (
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={async () => {
                await requestDesktopNotifications()
                setCanAsk(false)
              }}
            >
              Notify me when this tab is in the background
            </button>
          )}
          {data.notifications.length === 0 ? (
            <p className="muted">Nothing yet.</p>
          ) : (
            <ul className="bell__items">
              {data.notifications.map((n) => (
                <li
                  key={n.id}
                  className={`bell__item${n.readAt === null ? ' bell__item--unread' : ''}`}
                  data-testid="notification-item"
                  data-kind={n.kind}
                  data-read={n.readAt !== null}
                >
                  <button type="button" className="bell__item-button" onClick={() => markRead(n.id)}>
                    <span>{notificationText(n, (iso) => formatLongDateTime(iso, zone))}</span>
                    <small className="muted">{formatLongDateTime(n.createdAt, zone)}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
