import type { RejectionNotice } from '../../data/index.js'
import { useRejections } from '../../data/index.js'
import type { Route } from '../../app/route.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { anotherSlotRoute } from '../bookings/anotherSlotRoute.js'

interface RejectionNoticesProps {
  zone: string
  navigate: (route: Route) => void
}

/**
 * Bookings the server refused after this device believed them made: announced assertively (the
 * user thinks they have a seat), with the reason and a way to another slot.
 */
export function RejectionNotices({ zone, navigate }: RejectionNoticesProps) {
  const { notices, dismiss } = useRejections()
  return (
    <div className="notices" role="alert" aria-live="assertive">
      {notices.map((notice: RejectionNotice) => (
        <div key={notice.booking.id} className="notice notice--error" data-testid="rejection-notice">
          <div className="notice__text">
            <strong>Booking not possible.</strong> Your booking for{' '}
            {formatLongDateTime(notice.booking.startTime, zone)} was rejected: {notice.message}
          </div>
          <div className="notice__actions">
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => {
                dismiss(notice.booking.id)
                navigate(anotherSlotRoute(notice.booking, zone))
              }}
            >
              Find another slot
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => dismiss(notice.booking.id)}
            >
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  )
}
