import { useEffect, useState } from 'react'
import { type BookingConfirmation, bookingConfirmationText } from '../../../shared/bookingConfirmation.js'
import { failureText, useProfileApi } from '../../data/index.js'

/** The provider's choice as the server has it, or why it could not be read (null while loading or not asked). */
export function useBookingConfirmation(
  providerId: string,
  enabled: boolean,
): { current: BookingConfirmation | null; error: string | null } {
  const { bookingConfirmation } = useProfileApi()
  const [current, setCurrent] = useState<BookingConfirmation | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!enabled) return
    let stopped = false
    bookingConfirmation(providerId).then(
      (value) => !stopped && setCurrent(value),
      (cause) => !stopped && setError(failureText(cause, 'Booking confirmation settings')),
    )
    return () => {
      stopped = true
    }
  }, [bookingConfirmation, providerId, enabled])
  return { current, error }
}

/** The requests page (the provider's inbox, with its Confirm and Decline): a page of the app, by its hash route. */
const INBOX_HASH = '#/inbox'

const CHOICES = [
  { autoConfirm: false, label: 'I confirm each request', testId: 'confirmation-manual' },
  { autoConfirm: true, label: 'Confirm new bookings automatically', testId: 'confirmation-auto' },
] as const

interface BookingConfirmationChoiceProps {
  current: BookingConfirmation | null
  error: string | null
  /** The choice made here (saved with the profile), or null: as stored. */
  chosen: boolean | null
  onChoose: (autoConfirm: boolean) => void
  /** The inbox was opened from here: the dialog closes. */
  onOpenRequests: () => void
}

/**
 * A provider's choice between confirming or declining each booking request and having new bookings
 * confirmed at once (shared/bookingConfirmation.ts). It applies to bookings made after it is saved:
 * the requests already waiting stay pending, and the inbox is one click away to answer them.
 */
export function BookingConfirmationChoice({
  current,
  error,
  chosen,
  onChoose,
  onOpenRequests,
}: BookingConfirmationChoiceProps) {
  const selected = chosen ?? current?.autoConfirm ?? null
  const waiting = current?.pendingRequests ?? 0
  return (
    <fieldset className="choice-list" data-testid="booking-confirmation">
      <legend>Booking requests</legend>
      {CHOICES.map((choice) => (
        <label key={choice.testId} className="choice">
          <input
            type="radio"
            name="booking-confirmation"
            checked={selected === choice.autoConfirm}
            disabled={current === null}
            onChange={() => onChoose(choice.autoConfirm)}
            data-testid={choice.testId}
          />
          <span>
            <strong>{choice.label}</strong> — {bookingConfirmationText(choice.autoConfirm)}.
          </span>
        </label>
      ))}
      {error && (
        <p className="field__hint" role="alert">
          {error}
        </p>
      )}
      {current && (
        <p className="field__hint" data-testid="booking-confirmation-note">
          A change applies to bookings made after you save it, in every organisation you work in.{' '}
          {waiting === 0
            ? 'No request is waiting for your answer now.'
            : `${waiting === 1 ? '1 request is' : `${waiting} requests are`} already waiting: ${waiting === 1 ? 'it stays' : 'they stay'} pending until you confirm or decline ${waiting === 1 ? 'it' : 'them'}. `}
          {waiting > 0 && (
            <a href={INBOX_HASH} onClick={onOpenRequests} data-testid="booking-confirmation-inbox">
              Open requests
            </a>
          )}
        </p>
      )}
    </fieldset>
  )
}
