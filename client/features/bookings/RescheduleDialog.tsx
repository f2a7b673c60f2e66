import { useMemo, useState } from 'react'
import type { BookingView } from '../../data/index.js'
import { useBookingActions, useMyBookings, useSlots } from '../../data/index.js'
import { formatLongDate, formatLongDateTime, formatTimeRange, groupByDay } from '../../ui/calendarTime.js'
import { Dialog } from '../../ui/Dialog.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { seatsLine } from '../../ui/seatText.js'
import './bookingOperations.css'
import { type PickedTime, pickedTarget, pickedTimeTaken } from './rescheduleChoice.js'
import { rescheduleTargets } from './rescheduleTargets.js'
import { useCustomerChangeToasts } from './useChangeToast.js'

/** How far ahead the dialog offers slots to move to. */
const OFFER_DAYS = 56

interface RescheduleDialogProps {
  booking: BookingView | null
  zone: string
  onClose: () => void
}

/**
 * Move a booking to another free time of the same service, one its customer does not already hold.
 * A local write (offline too): the server takes the new seat before it frees the old one; if the new
 * slot filled meanwhile the booking stays where it was and a notification says so.
 */
export function RescheduleDialog({ booking, zone, onClose }: RescheduleDialogProps) {
  return (
    <Dialog open={booking !== null} title="Reschedule booking" onClose={onClose} testId="reschedule-dialog">
      {booking && <RescheduleForm booking={booking} zone={zone} onDone={onClose} />}
    </Dialog>
  )
}

function RescheduleForm({
  booking,
  zone,
  onDone,
}: {
  booking: BookingView
  zone: string
  onDone: () => void
}) {
  const { reschedule } = useBookingActions()
  const changeToasts = useCustomerChangeToasts()
  const [picked, setPicked] = useState<PickedTime | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const filter = useMemo(() => {
    const from = new Date()
    const to = new Date(from.getTime() + OFFER_DAYS * 86_400_000)
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      providerId: booking.providerId,
      serviceId: booking.serviceId,
    }
  }, [booking.providerId, booking.serviceId])
  const slots = useSlots(filter)
  const bookings = useMyBookings()
  const offered = rescheduleTargets(booking, slots.data, bookings.data)
  const target = pickedTarget(picked, offered)
  const taken = pickedTimeTaken(picked, offered, zone)

  async function move() {
    if (!target) return
    setBusy(true)
    setError(null)
    try {
      await reschedule(booking.id, target.id)
      changeToasts.moved(booking.id, target.id, formatLongDateTime(target.startTime, zone))
      onDone()
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The booking could not be moved.')
      setBusy(false)
    }
  }

  return (
    <div className="form">
      <p className="note">
        Now: <strong>{formatLongDateTime(booking.startTime, zone)}</strong>. Pick another time for the same
        service. Your current seat is kept until the new one is confirmed as taken.
      </p>
      {offered.length === 0 ? (
        <p className="note" data-testid="reschedule-none">
          No other free time for this service in the next {OFFER_DAYS / 7} weeks.
        </p>
      ) : (
        // Eight weeks of times, a group per day in the customer's zone named by that day; still one radio
        // group for the keyboard (one name), so Tab enters it once and the arrow keys go from day to day.
        <fieldset className="choice-list reschedule-days">
          <legend>Free times{offered[0] ? ` for ${offered[0].serviceName}` : ''}</legend>
          {groupByDay(offered, (slot) => slot.startTime, zone).map(({ day, items }) => (
            <fieldset key={day} className="reschedule-day" data-testid="reschedule-day" data-day={day}>
              <legend className="reschedule-day__heading" data-testid="reschedule-day-heading">
                {items[0] ? formatLongDate(items[0].startTime, zone) : day}
              </legend>
              {items.map((slot) => (
                <label
                  key={slot.id}
                  className="choice"
                  data-testid="reschedule-option"
                  data-slot-id={slot.id}
                >
                  <input
                    type="radio"
                    name="reschedule-slot"
                    value={slot.id}
                    checked={picked?.slotId === slot.id}
                    onChange={() => setPicked({ slotId: slot.id, startTime: slot.startTime })}
                  />
                  <span>
                    <span className="reschedule-day__time">
                      {formatTimeRange(slot.startTime, slot.endTime, zone)}
                    </span>{' '}
                    <span className="muted">· {seatsLine(slot)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </fieldset>
      )}
      {/* The time picked was taken meanwhile: said (and read out) where the customer picks again. */}
      <ErrorNote error={taken} />
      <ErrorNote error={error} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onDone} disabled={busy}>
          Close
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={busy || target === null}
          onClick={move}
          data-testid="confirm-reschedule"
        >
          Move booking
        </button>
      </div>
    </div>
  )
}
