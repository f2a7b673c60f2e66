import type { RejectionNotice } from '../../data/index.js'
import { useMyBookings, useRejections } from '../../data/index.js'
import type { Route } from '../../app/route.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { anotherSlotRoute } from '../bookings/anotherSlotRoute.js'
import { heldSlotIds, rejectionWords } from '../bookings/rejectionText.js'

interface RejectionNoticesProps {
  zone: string
  navigate: (route: Route) => void
}

/**
 * Bookings the server refused after this device believed them made: announced assertively (the
 * user thinks they have a seat), with the reason and a way to another slot. When the customer holds a
 * seat of that slot all the same (another of their devices booked it, or the waitlist gave them one),
 * the notice says plainly that they are booked for that time, in neutral colours, to be dismissed.
 */
export function RejectionNotices({ zone, navigate }: RejectionNoticesProps) {
  const { notices, dismiss } = useRejections()
  const held = heldSlotIds(useMyBookings().data)
  return (
    <div className="notices" role="alert" aria-live="assertive">
      {notices.map((notice: RejectionNotice) => {
        const when = formatLongDateTime(notice.booking.startTime, zone)
        const seatHeld = held.has(notice.booking.slotId)
        const words = rejectionWords(notice.booking.rejectionReason ?? undefined, seatHeld, when)
        return (
          <div
            key={notice.booking.id}
            className={`notice ${words.failed ? 'notice--error' : 'notice--info'}`}
            data-testid="rejection-notice"
            data-seat-held={seatHeld}
          >
            <div className="notice__text">
              {words.failed ? (
                <>
                  <strong>Booking not possible.</strong> Your booking for {when} was rejected:{' '}
                  {notice.message}
                </>
              ) : (
                <>
                  <strong>{words.headline}</strong> {words.detail}
                </>
              )}
            </div>
            <div className="notice__actions">
              {words.failed && (
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
              )}
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => dismiss(notice.booking.id)}
              >
                Dismiss
              </button>
            </div>
          </div>
        )
      })}
    </div>
  )
}
