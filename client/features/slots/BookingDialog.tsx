import { type FormEvent, useState } from 'react'
import type { SlotView } from '../../data/index.js'
import { useBookingActions } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime, formatTime } from '../../ui/calendarTime.js'
import { Dialog } from '../../ui/Dialog.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { bookingToastKey } from '../sync/useSettledBookingToasts.js'
import { useBrowserOnline } from '../sync/useBrowserOnline.js'

interface BookingDialogProps {
  slot: SlotView | null
  zone: string
  alreadyBooked: boolean
  onClose: () => void
}

const NOTES_MAX = 500

/** Books a seat with optional notes. The seat is taken locally at once; the server confirms later. */
export function BookingDialog({ slot, zone, alreadyBooked, onClose }: BookingDialogProps) {
  return (
    <Dialog open={slot !== null} title="Book this slot" onClose={onClose} testId="booking-dialog">
      {slot && <BookingForm slot={slot} zone={zone} alreadyBooked={alreadyBooked} onDone={onClose} />}
    </Dialog>
  )
}

function BookingForm({
  slot,
  zone,
  alreadyBooked,
  onDone,
}: {
  slot: SlotView
  zone: string
  alreadyBooked: boolean
  onDone: () => void
}) {
  const { book } = useBookingActions()
  const online = useBrowserOnline()
  const announce = useAnnounce()
  const [notes, setNotes] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const bookable = slot.state === 'available'

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const booking = await book(slot.id, notes.trim())
      const what = `Booked ${slot.serviceName} at ${formatTime(slot.startTime, zone)}`
      announce(
        online ? `${what}.` : `${what} on this device. It is sent when you are back online.`,
        bookingToastKey(booking.id, online),
      )
      onDone()
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The booking could not be saved.')
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} className="form">
      <dl className="summary">
        <dt>Service</dt>
        <dd>{slot.serviceName}</dd>
        <dt>With</dt>
        <dd>{slot.providerName}</dd>
        <dt>When</dt>
        <dd>
          {formatLongDateTime(slot.startTime, zone)}–{formatTime(slot.endTime, zone)}
        </dd>
        <dt>Seats left</dt>
        <dd>
          {slot.remaining} of {slot.maxBookings}
        </dd>
      </dl>
      {alreadyBooked && (
        <p className="note">You already hold a seat in this slot. Booking again takes another one.</p>
      )}
      {!bookable && (
        <p className="note note--warning" role="alert">
          This slot can no longer be booked ({slot.state}).
        </p>
      )}
      <label className="field">
        <span>Notes for the provider (optional)</span>
        <textarea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          maxLength={NOTES_MAX}
          rows={3}
          data-testid="booking-notes"
        />
        <small className="field__hint">
          {notes.length}/{NOTES_MAX}
        </small>
      </label>
      <FormFooter
        error={error}
        submitLabel="Book"
        busyLabel="Booking…"
        busy={busy}
        disabled={!bookable}
        onCancel={onDone}
        submitTestId="confirm-booking"
      />
      <p className="field__hint">
        Works offline: your booking is kept on this device and sent when you are back online.
      </p>
    </form>
  )
}
