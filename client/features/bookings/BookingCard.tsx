import { isActive } from '../../../shared/availability.js'
import type { BookingView, SlotView } from '../../data/index.js'
import { formatLongDateTime, formatTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { bookingStatusName, neverSent } from '../../data/bookingStatusWords.js'
import { BookingReference } from '../../ui/BookingReference.js'
import { ClampedNote } from '../../ui/ClampedNote.js'
import { useHeldWhileMoving } from '../../data/unsentMoves.js'
import { movingWords } from './actionWords.js'
import { bookingCardTitle } from './noBookingsText.js'
import { notCancelledWords, notMovedWords, rejectionWords } from './rejectionText.js'

interface BookingCardProps {
  booking: BookingView
  /** The booking a link points at (a notification about it). */
  highlighted?: boolean
  /** The booked slot when this device has it (names, end time). */
  slot: SlotView | undefined
  /** The device's first sync is still bringing the slots: a missing one is on its way. */
  detailsArriving?: boolean
  zone: string
  now: Date
  /** The customer holds an active booking of this slot on this device (this one or another). */
  seatHeld: boolean
  /** Why the customer's last move of this booking was not made, until they dismiss it (a refusal code). */
  notMovedReason?: string | undefined
  /** The customer's cancel was not made: the booking had been moved meanwhile (until they dismiss it). */
  notCancelled?: boolean
  onCancel: () => void
  onReschedule: () => void
  /** Set when the booking is an occurrence of a series: cancels it and every later one. */
  onCancelRestOfSeries?: (() => void) | undefined
  onFindAnother: () => void
  onAddToCalendar: () => void
  /** Puts a rejected booking, or why a move or a cancel was not made, away (it has been read). */
  onDismiss: () => void
}

/** One of the customer's bookings: what, when, status; cancel while it holds a seat; a rejection explained. */
export function BookingCard({
  booking,
  highlighted = false,
  slot,
  detailsArriving = false,
  zone,
  now,
  seatHeld,
  notMovedReason,
  notCancelled = false,
  onCancel,
  onReschedule,
  onCancelRestOfSeries,
  onFindAnother,
  onAddToCalendar,
  onDismiss,
}: BookingCardProps) {
  // While a move waits on this device, the time shown is the one the server holds (unsentMoves.ts).
  const held = useHeldWhileMoving(booking)
  const startTime = held?.startTime ?? booking.startTime
  const endTime = held ? held.endTime : (slot?.endTime ?? null)
  const upcoming = Date.parse(booking.startTime) > now.getTime()
  const cancellable = isActive(booking.status) && upcoming
  const title = bookingCardTitle(slot, detailsArriving)
  const rejection =
    booking.status === 'REJECTED' ? rejectionWords(booking.rejectionReason ?? undefined, seatHeld) : null
  // A rejected request of a slot the customer holds anyway is no failure: shown calm, without the
  // "Rejected" pill and the way to another slot.
  const settled = rejection !== null && !rejection.failed
  const notMoved =
    notMovedReason === undefined ? null : notMovedWords(notMovedReason, isActive(booking.status))
  // Where it stands is the time shown on the card, which the server moved it to.
  const notCancelledNote = notCancelled
    ? notCancelledWords(formatLongDateTime(booking.startTime, zone), isActive(booking.status))
    : null
  return (
    <article
      // Focusable as a whole: where the focus goes when a booking next to it is cancelled, or when a
      // notification about it is opened (focusInList.ts; MyBookingsPage).
      tabIndex={-1}
      className={`booking-card booking-card--${settled ? 'settled' : booking.status.toLowerCase()}${highlighted ? ' booking-card--highlighted' : ''}`}
      data-testid="booking-card"
      data-booking-id={booking.id}
      data-slot-id={booking.slotId}
      data-start-time={booking.startTime}
      aria-label={`${title}, ${formatLongDateTime(startTime, zone)}, ${settled ? 'booked for this time' : bookingStatusName(booking).toLowerCase()}`}
    >
      <div className="booking-card__main">
        <h3 className="booking-card__title">{title}</h3>
        <p className="booking-card__when">
          {formatLongDateTime(startTime, zone)}
          {endTime && `–${formatTime(endTime, zone)}`}
        </p>
        {held && (
          <p className="booking-card__settled" data-testid="unsent-move" data-slot-id={held.slotId}>
            {movingWords(formatLongDateTime(booking.startTime, zone))}
          </p>
        )}
        {booking.status !== 'REJECTED' && (
          <p className="booking-card__reference muted">
            <BookingReference reference={booking.reference} />
          </p>
        )}
        {booking.notes && (
          <ClampedNote text={booking.notes} className="booking-card__notes" testId="booking-notes-text" />
        )}
        {booking.statusReason && booking.status === 'CANCELLED' && (
          <p className="booking-card__reason" data-testid="status-reason">
            <strong>{booking.declined ? 'Declined' : 'Cancelled'} by the provider:</strong>{' '}
            {booking.statusReason}
          </p>
        )}
        {rejection && (
          <p
            className={settled ? 'booking-card__settled' : 'booking-card__reason'}
            data-testid="rejection-reason"
            data-reason={booking.rejectionReason ?? ''}
            data-seat-held={seatHeld}
          >
            <strong>{rejection.headline}</strong> {rejection.detail}
          </p>
        )}
        {slot?.blocked && isActive(booking.status) && upcoming && (
          <p className="booking-card__reason" data-testid="slot-blocked-note">
            <strong>No longer offered:</strong> the provider has blocked this slot for new bookings. Your
            booking stays as it is; should the provider call it off, it shows here as cancelled.
          </p>
        )}
        {notMoved && (
          <p className="booking-card__reason" data-testid="not-moved-reason" data-reason={notMovedReason}>
            <strong>{notMoved.headline}</strong> {notMoved.detail}
          </p>
        )}
        {notCancelledNote && (
          <p className="booking-card__reason" data-testid="not-cancelled-reason">
            <strong>{notCancelledNote.headline}</strong> {notCancelledNote.detail}
          </p>
        )}
      </div>
      <div className="booking-card__side">
        {!settled && (
          <StatusBadge
            status={booking.status}
            unsynced={booking.pending}
            neverSent={neverSent(booking)}
            declined={booking.declined}
          />
        )}
        {booking.status === 'PENDING' && !booking.pending && (
          <span className="booking-card__hint">Awaiting provider</span>
        )}
        {/* Not before the server has the booking where it is: a move not sent yet may still be refused. */}
        {cancellable && booking.reference && !booking.pending && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onAddToCalendar}
            data-testid="add-to-calendar"
          >
            Add to calendar
          </button>
        )}
        {cancellable && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onReschedule}
            data-testid="reschedule-booking"
          >
            Reschedule
          </button>
        )}
        {cancellable && (
          <ConfirmButton
            label="Cancel booking"
            question="Cancel this booking?"
            confirmLabel="Yes, cancel"
            onConfirm={onCancel}
            testId="cancel-booking"
          />
        )}
        {cancellable && onCancelRestOfSeries && (
          <ConfirmButton
            label="Cancel rest of series"
            question="Cancel this and every later week of the series?"
            confirmLabel="Yes, cancel them"
            onConfirm={onCancelRestOfSeries}
            testId="cancel-rest-of-series"
          />
        )}
        {rejection?.failed && (
          <button
            type="button"
            className="button button--primary"
            onClick={onFindAnother}
            data-testid="find-another-slot"
          >
            Find another slot
          </button>
        )}
        {(booking.status === 'REJECTED' || notMovedReason !== undefined || notCancelled) && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onDismiss}
            data-testid={
              booking.status === 'REJECTED'
                ? 'dismiss-rejected'
                : notMovedReason !== undefined
                  ? 'dismiss-not-moved'
                  : 'dismiss-not-cancelled'
            }
          >
            Dismiss
          </button>
        )}
      </div>
    </article>
  )
}
