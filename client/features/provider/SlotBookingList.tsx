import { statusChangeRefusal } from '../../../shared/availability.js'
import { ErrorCode, errorMessages } from '../../../shared/errors.js'
import { statusesSettableBy } from '../../../shared/policy.js'
import type { BookingStatus, SettableStatus } from '../../../shared/schemas.js'
import type { BookingView } from '../../data/index.js'
import { changeKey, useBookingActions } from '../../data/index.js'
import { useChangeAnnouncer } from '../sync/useChangeAnnouncer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { Empty, Loading } from '../../ui/DataState.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { useNow } from '../../ui/useNow.js'
import { CancelWithReason } from './CancelWithReason.js'
import { CustomerContact } from './CustomerContact.js'
import { bookingsLoadingText } from './slotBookingsArriving.js'
import { useSlotServiceNames } from './useSlotServiceNames.js'

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

/**
 * Why a step is not open at `now`, in words, or null when it is (shared/availability.ts decides:
 * "Mark completed" waits for the slot's start, as the server does).
 */
function stepRefusal(booking: BookingView, step: Step, now: Date, zone: string): string | null {
  const refusal = statusChangeRefusal(booking, step.to, now)
  if (refusal === null) return null
  return refusal === ErrorCode.BOOKING_NOT_STARTED
    ? `${step.label} once the slot starts (${formatLongDateTime(booking.startTime, zone)}).`
    : errorMessages[refusal]
}

/** The steps offered on a booking at `now`, each with why it is not open yet (null: it is). */
function stepsOf(booking: BookingView, now: Date, zone: string) {
  return (nextSteps[booking.status] ?? []).filter(providerMay).map((step) => ({
    step,
    hint: stepRefusal(booking, step, now, zone),
    hintId: `step-hint-${step.to.toLowerCase()}-${booking.id}`,
  }))
}

/**
 * The name a row's button is read by. Every row repeats the same words ("Confirm", "Decline"), so it
 * says whose booking, of which service and when; its visible words come first, as voice control users
 * say them.
 */
function stepName(label: string, booking: BookingView, service: string | undefined, zone: string): string {
  const whose = booking.customerName ? `${booking.customerName}'s ` : ''
  const what = service ? `${service} booking` : 'booking'
  return `${label} ${whose}${what} on ${formatLongDateTime(booking.startTime, zone)}`
}

/** The bookings on one slot, each with the status changes the provider may make. */
export function SlotBookingList({
  bookings,
  notHeld = 0,
  zone,
  onError,
  showSlotTime = false,
  onChanged,
}: {
  bookings: readonly BookingView[]
  /** Bookings the slot counts that this device does not hold yet (slotBookingsArriving.ts). */
  notHeld?: number
  zone: string
  onError: (message: string) => void
  /** Say which slot (service and time) each booking is for (a list across slots, like the inbox). */
  showSlotTime?: boolean
  /**
   * A booking's status changed here, with the booking listed after it (else before it), if any: a
   * list of what is still to answer (the inbox) drops the booking, and moves the focus on.
   */
  onChanged?: (bookingId: string, neighbourId: string | undefined) => void
}) {
  const { setStatus } = useBookingActions()
  // Re-read every 15 s, so "Mark completed" opens soon after the slot starts.
  const now = useNow(15_000)
  const { announceChange } = useChangeAnnouncer()
  const serviceNames = useSlotServiceNames(bookings, showSlotTime)
  // Soonest slot first (the inbox lists several slots), then in the order they were made.
  const sorted = [...bookings].sort(
    (a, b) => a.startTime.localeCompare(b.startTime) || a.createdAt.localeCompare(b.createdAt),
  )
  /** Makes the change and says so, or says why not; answers whether it was made. */
  const change = (bookingId: string, step: Step, reason?: string): Promise<boolean> =>
    setStatus(bookingId, step.to, reason).then(
      () => {
        announceChange(step.done, changeKey('bookings', bookingId))
        const at = sorted.findIndex((booking) => booking.id === bookingId)
        onChanged?.(bookingId, (sorted[at + 1] ?? sorted[at - 1])?.id)
        return true
      },
      (cause: unknown) => {
        onError(cause instanceof Error ? cause.message : 'The status did not change.')
        return false
      },
    )
  const arriving = notHeld > 0 && <Loading label={bookingsLoadingText(notHeld, bookings.length > 0)} />
  if (bookings.length === 0) return arriving || <Empty title="No bookings on this slot yet" />
  const list = (
    <ul className="slot-bookings" data-testid="slot-bookings">
      {sorted.map((booking, index) => (
        <li
          key={booking.id}
          // Focusable as a whole: where the focus goes when the request before it is answered (InboxPage).
          tabIndex={-1}
          aria-label={`${booking.customerName || `Booking ${index + 1}`}, ${formatLongDateTime(booking.startTime, zone)}`}
          className="slot-bookings__item"
          data-testid="provider-booking"
          data-booking-id={booking.id}
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
            {showSlotTime && serviceNames.has(booking.slotId) && (
              <span data-testid="provider-booking-service"> · {serviceNames.get(booking.slotId)}</span>
            )}
            {showSlotTime && (
              <span data-testid="provider-booking-slot">
                {' '}
                for {formatLongDateTime(booking.startTime, zone)}{' '}
              </span>
            )}{' '}
            <span className="muted">· made {formatLongDateTime(booking.createdAt, zone)}</span>
            {booking.notes && <p className="booking-card__notes">“{booking.notes}”</p>}
            {booking.statusReason && booking.status === 'CANCELLED' && (
              <p className="booking-card__reason" data-testid="status-reason">
                <strong>Reason given to the customer:</strong> {booking.statusReason}
              </p>
            )}
            <CustomerContact bookingId={booking.id} />
          </div>
          <div className="slot-bookings__actions">
            <StatusBadge status={booking.status} unsynced={booking.pending} declined={booking.declined} />
            {stepsOf(booking, now, zone).map(({ step, hint, hintId }) =>
              step.to === 'CANCELLED' ? (
                <CancelWithReason
                  key={step.to}
                  label={step.label}
                  accessibleName={stepName(step.label, booking, serviceNames.get(booking.slotId), zone)}
                  onConfirm={(reason) => change(booking.id, step, reason)}
                />
              ) : (
                <button
                  key={step.to}
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => change(booking.id, step)}
                  disabled={hint !== null}
                  aria-label={stepName(step.label, booking, serviceNames.get(booking.slotId), zone)}
                  aria-describedby={hint === null ? undefined : hintId}
                  data-testid={`booking-step-${step.to.toLowerCase()}`}
                >
                  {step.label}
                </button>
              ),
            )}
            {/* After every button, so a hint does not push the next one onto a line of its own. */}
            {stepsOf(booking, now, zone).map(
              ({ step, hint, hintId }) =>
                hint !== null && (
                  <small key={step.to} id={hintId} className="field__hint" data-testid="booking-step-hint">
                    {hint}
                  </small>
                ),
            )}
          </div>
        </li>
      ))}
    </ul>
  )
  return arriving ? (
    <>
      {list}
      {arriving}
    </>
  ) : (
    list
  )
}
