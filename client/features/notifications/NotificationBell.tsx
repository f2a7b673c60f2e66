import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react'
import { notificationText } from '../../../shared/notifications.js'
import type { Route } from '../../app/route.js'
import { useNotificationActions, useNotifications } from '../../data/index.js'
import { MODAL_OPENED } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { desktopNotificationsAvailable, requestDesktopNotifications } from './desktopNotifications.js'
import { notificationTarget } from './notificationTarget.js'

/** The least room between the panel and the screen's edge, in CSS pixels (as in styles.css). */
const PANEL_MARGIN = 8

/**
 * The header's bell: the unread count, and the list of notifications (readable offline). The panel
 * is a disclosure that closes with Escape (the focus going back to the bell), a click or the focus
 * outside it, a move to another page (`page`) and a dialog opening: it never stays over the page.
 * A notification, pressed, is marked read and opens what it is about (notificationTarget.ts).
 */
export function NotificationBell({
  zone,
  page,
  forProvider,
  navigate,
}: {
  zone: string
  page: string
  forProvider: boolean
  navigate: (route: Route) => void
}) {
  const { data } = useNotifications()
  const { markRead, markAllRead } = useNotificationActions()
  const [open, setOpen] = useState(false)
  const [openOnPage, setOpenOnPage] = useState(page)
  if (openOnPage !== page) {
    // Another page: the panel closes (set while rendering, so it is never drawn over the new page).
    setOpenOnPage(page)
    setOpen(false)
  }
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  const panelId = useId()
  // Whether to offer desktop notifications, read when the panel first opens: reading the permission
  // is a synchronous call to the browser (10-16 ms of the week's startup in a CPU profile), and only
  // the open panel shows the offer.
  const [canAsk, setCanAsk] = useState<boolean | null>(null)
  const label = data.unread === 0 ? 'Notifications' : `Notifications, ${data.unread} unread`

  useEffect(() => {
    if (!open) return
    const close = () => setOpen(false)
    const outside = (event: Event) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) close()
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      close()
      button.current?.focus()
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', outside, true)
    document.addEventListener('focusin', outside)
    document.addEventListener(MODAL_OPENED, close)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', outside, true)
      document.removeEventListener('focusin', outside)
      document.removeEventListener(MODAL_OPENED, close)
    }
  }, [open])

  // The panel hangs from the bell's right edge; where the header puts the bell near the screen's left
  // edge (a phone is handled in CSS), it is moved right until it starts inside the screen.
  useLayoutEffect(() => {
    const element = panel.current
    if (!open || !element) return
    const left = element.getBoundingClientRect().left
    if (left < PANEL_MARGIN) element.style.translate = `${PANEL_MARGIN - left}px 0`
  }, [open])

  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="bell__button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
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
        <div className="bell__panel" id={panelId} ref={panel} data-testid="notification-list">
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
              className="button button--small button--ghost bell__offer"
              data-testid="desktop-notifications-offer"
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
                  <button
                    type="button"
                    className="bell__item-button"
                    onClick={() => {
                      void markRead(n.id)
                      const target = notificationTarget(n, zone, forProvider)
                      if (!target) return
                      setOpen(false)
                      navigate(target)
                    }}
                  >
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
