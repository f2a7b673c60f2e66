import { statusesSettableBy } from '../../../shared/policy.js'
import type { BookingStatus, SettableStatus } from '../../../shared/schemas.js'
import type { BookingView } from '../../data/index.js'
import { changeKey, useBookingActions } from '../../data/index.js'
import { useChangeAnnouncer } from '../sync/useChangeAnnouncer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { Empty } from '../../ui/DataState.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { CancelWithReason } from './CancelWithReason.js'
import { CustomerContact } from './CustomerContact.js'

interface Step {
  to: SettableStatus
  label: string
  done: string
}

/** Which buttons a booking gets, following the lifecycle in shared/availability.ts. Cancelling asks for a reason. */
const nextSteps: Partial<Record<BookingStatus, Step[]>> = {
  PENDING: [
    { to: 'CONFIRMED', label: 'Confirm', done: 'Booking confirmed.' },
    { to: 'CANCELLED', label: 'Decline', done: 'Booking declined.' },
  ],
  CONFIRMED: [
    { to: 'COMPLETED', label: 'Mark completed', done: 'Booking completed.' },
    { to: 'CANCELLED', label: 'Cancel', done: 'Booking cancelled.' },
  ],
}

/** The UI offers only what shared/policy.ts lets a provider ask for (the server decides all the same). */
const providerMay = (step: { to: SettableStatus }) => statusesSettableBy('provider').includes(step.to)

/** The bookings on one slot, each with the status changes the provider may make. */
export function SlotBookingList({
  bookings,
  zone,
  onError,
  showSlotTime = false,
}: {
  bookings: readonly BookingView[]
  zone: string
  onError: (message: string) => void
  /** Say which slot each booking is for (a list across slots, like the inbox). */
  showSlotTime?: boolean
}) {
  const { setStatus } = useBookingActions()
  const { announceChange } = useChangeAnnouncer()
  const change = (bookingId: string, step: Step, reason?: string) =>
    setStatus(bookingId, step.to, reason).then(
      () => announceChange(step.done, changeKey('bookings', bookingId)),
      (cause: unknown) => onError(cause instanceof Error ? cause.message : 'The status did not change.'),
    )
  if (bookings.length === 0) return <Empty title="No bookings on this slot yet" />
  const sorted = [...bookings].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  return (
    <ul className="slot-bookings" data-testid="slot-bookings">
      {sorted.map((booking, index) => (
        <li
          key={booking.id}
          className="slot-bookings__item"
          data-testid="provider-booking"
          data-status={booking.status}
        >
          <div className="slot-bookings__who">
            {/* No name yet: a booking cached before names were replicated, until the next pull. */}
            <strong data-testid="provider-booking-customer">
              {booking.customerName || `Booking ${index + 1}`}
            </strong>{' '}
            {booking.reference && (
              <span className="muted" data-testid="provider-booking-reference">
                {' '}
                · {booking.reference}
              </span>
            )}
            {showSlotTime && (
              <span data-testid="provider-booking-slot">
                {' '}
                for {formatLongDateTime(booking.startTime, zone)}{' '}
              </span>
            )}
            <span className="muted">· made {formatLongDateTime(booking.createdAt, zone)}</span>
            {booking.notes && <p className="booking-card__notes">“{booking.notes}”</p>}
            <CustomerContact bookingId={booking.id} />
          </div>
          <div className="slot-bookings__actions">
            <StatusBadge status={booking.status} unsynced={booking.pending} />
            {(nextSteps[booking.status] ?? []).filter(providerMay).map((step) =>
              step.to === 'CANCELLED' ? (
                <CancelWithReason
                  key={step.to}
                  label={step.label}
                  onConfirm={(reason) => change(booking.id, step, reason)}
                />
              ) : (
                <button
                  key={step.to}
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => change(booking.id, step)}
                >
                  {step.label}
                </button>
              ),
            )}
          </div>
        </li>
      ))}
    </ul>
  )
}
