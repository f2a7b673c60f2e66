import { type FormEvent, useState } from 'react'
import type { BookingView, QueuedSeries, SlotView, WaitlistEntryView } from '../../data/index.js'
import { useBookingActions, useConfirmsByHand, useQueuedSeries } from '../../data/index.js'
import { confirmedByHandText } from '../../../shared/bookingConfirmation.js'
import { SlotSummary } from '../../ui/SlotSummary.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatDay, formatTime } from '../../ui/calendarTime.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { Dialog } from '../../ui/Dialog.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { BookingReference } from '../../ui/BookingReference.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { NotesField } from '../../ui/NotesField.js'
import { StatusBadge } from '../../ui/StatusBadge.js'
import { neverSent } from '../../data/bookingStatusWords.js'
import { QueuedSeriesStatus } from '../bookings/QueuedSeriesStatus.js'
import { SeriesBookingForm } from '../bookings/SeriesBookingForm.js'
import { SERIES_TAKES_NO_SEAT_YET } from '../bookings/seriesText.js'
import { rememberOfflineBooking } from '../sync/offlineBookings.js'
import { bookingToastKey } from '../sync/useSettledBookingToasts.js'
import { useBrowserOnline } from '../sync/useBrowserOnline.js'
import { bookedWords } from '../bookings/actionWords.js'
import { useCustomerChangeToasts } from '../bookings/useChangeToast.js'
import { WaitlistForm } from '../waitlist/WaitlistDialog.js'
import { slotFilledWords } from './slotFilledText.js'
import { announceWhenSettled, useRequestedBookingToasts } from './useRequestedBookingToasts.js'

interface BookingDialogProps {
  slot: SlotView | null
  zone: string
  /** The customer's active booking on this slot, if any: then the dialog shows it instead of booking again. */
  myBooking: BookingView | undefined
  /** The customer's waitlist entry on this slot, if any (offered when the slot fills while open). */
  waitlistEntry: WaitlistEntryView | undefined
  onClose: () => void
}

function dialogTitle(slot: SlotView | null, myBooking: BookingView | undefined): string {
  if (myBooking) return 'Your booking'
  if (slot?.state === 'full') return 'This slot is full'
  return 'Book this slot'
}

/**
 * What a slot card opens for a customer: the booking form; or the customer's own booking there with
 * its status and a cancel button; or, when the slot fills while open, its waitlist.
 */
export function BookingDialog({ slot, zone, myBooking, waitlistEntry, onClose }: BookingDialogProps) {
  // Kept here, not in the form: once the series is booked this slot reads as the customer's own
  // booking, and the weekly outcomes must stay on screen all the same.
  const [series, setSeries] = useState<QueuedSeries | null>(null)
  // Until the server answers it, the series has taken no seat: the count stays, and says why.
  const seriesWaiting = useQueuedSeries().some((s) => s.id === series?.id && s.state === 'waiting')
  useRequestedBookingToasts()
  const close = () => {
    // The series stays listed in My bookings, waiting or with its outcome per week, until the customer
    // dismisses it there: closing this dialog is no "I have read every week".
    setSeries(null)
    onClose()
  }
  return (
    <Dialog open={slot !== null} title={dialogTitle(slot, myBooking)} onClose={close} testId="booking-dialog">
      {slot && (
        <SlotSummary slot={slot} zone={zone}>
          <dt>Seats left</dt>
          <dd>
            {slot.remaining} of {slot.maxBookings}
            {seriesWaiting && <span data-testid="seats-series-waiting"> — {SERIES_TAKES_NO_SEAT_YET}</span>}
          </dd>
        </SlotSummary>
      )}
      {slot &&
        (series ? (
          <FollowedSeries queued={series} zone={zone} onDone={close} />
        ) : myBooking ? (
          <OwnBooking booking={myBooking} zone={zone} onDone={onClose} />
        ) : (
          <BookOrWait
            key={slot.id}
            slot={slot}
            zone={zone}
            waitlistEntry={waitlistEntry}
            onSeries={setSeries}
            onDone={onClose}
          />
        ))}
    </Dialog>
  )
}

/**
 * The booking form, or the waitlist once the slot is full. What was typed is kept here, so it is
 * back if a seat frees again while the dialog is open; a slot that fills while open says so.
 */
function BookOrWait({
  slot,
  zone,
  waitlistEntry,
  onSeries,
  onDone,
}: {
  slot: SlotView
  zone: string
  waitlistEntry: WaitlistEntryView | undefined
  onSeries: (series: QueuedSeries) => void
  onDone: () => void
}) {
  const [notes, setNotes] = useState('')
  const [openedFull] = useState(slot.state === 'full')
  // Full with a change waiting here: the customer's own booking on its way (the form closes), not a loss.
  if (slot.state !== 'full' || slot.pending)
    return (
      <OnceOrWeekly
        slot={slot}
        zone={zone}
        notes={notes}
        onNotesChange={setNotes}
        onSeries={onSeries}
        onDone={onDone}
      />
    )
  return (
    <WaitlistForm
      slot={slot}
      entry={waitlistEntry}
      onDone={onDone}
      lead={
        !openedFull && (
          <p className="note note--warning" role="alert" data-testid="slot-just-filled">
            {slotFilledWords(notes.trim() !== '')}
          </p>
        )
      }
    />
  )
}

/** The series just booked here, followed live: waiting to be sent, then one outcome per week. */
function FollowedSeries({
  queued,
  zone,
  onDone,
}: {
  queued: QueuedSeries
  zone: string
  onDone: () => void
}) {
  // Its answer is told in a toast by the app shell (useSeriesOutcomeToasts), the dialog open or not.
  const series = useQueuedSeries().find((s) => s.id === queued.id) ?? queued
  return (
    <div className="form" data-testid="series-result" data-state={series.state}>
      <QueuedSeriesStatus series={series} zone={zone} />
      <p className="field__hint">Listed in My bookings until you dismiss it there.</p>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Close
        </button>
      </div>
    </div>
  )
}

function OwnBooking({ booking, zone, onDone }: { booking: BookingView; zone: string; onDone: () => void }) {
  const { setStatus } = useBookingActions()
  const changeToasts = useCustomerChangeToasts()
  const [error, setError] = useState<string | null>(null)
  return (
    <div className="own-booking" data-testid="own-booking-details">
      <p className="own-booking__status">
        <StatusBadge
          status={booking.status}
          unsynced={booking.pending}
          neverSent={neverSent(booking)}
          declined={booking.declined}
        />
        {booking.status === 'PENDING' && !booking.pending && ' Awaiting the provider’s confirmation.'}
      </p>
      <p className="muted">
        <BookingReference reference={booking.reference} />
      </p>
      {booking.notes && (
        <p className="own-booking__notes" data-testid="own-booking-notes">
          Your note: “{booking.notes}”
        </p>
      )}
      <ErrorNote error={error} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onDone}>
          Close
        </button>
        <ConfirmButton
          label="Cancel booking"
          question="Cancel this booking?"
          confirmLabel="Yes, cancel"
          onConfirm={() =>
            setStatus(booking.id, 'CANCELLED').then(
              () => {
                changeToasts.cancelled(booking, zone)
                onDone()
              },
              (cause: unknown) =>
                setError(cause instanceof Error ? cause.message : 'The booking could not be cancelled.'),
            )
          }
          testId="cancel-booking"
        />
      </div>
    </div>
  )
}

/** A single booking, or the same time every week. */
function OnceOrWeekly({
  slot,
  zone,
  notes,
  onNotesChange: setNotes,
  onSeries,
  onDone,
}: {
  slot: SlotView
  zone: string
  notes: string
  onNotesChange: (notes: string) => void
  onSeries: (series: QueuedSeries) => void
  onDone: () => void
}) {
  const [weekly, setWeekly] = useState(false)
  // One note for both forms: ticking "every week" keeps what was typed, and a series carries it too.
  return (
    <>
      <label className="field field--inline">
        <input
          type="checkbox"
          checked={weekly}
          onChange={(e) => setWeekly(e.target.checked)}
          data-testid="book-weekly"
        />
        <span>Book this time every week</span>
      </label>
      {weekly ? (
        <SeriesBookingForm
          slot={slot}
          zone={zone}
          notes={notes}
          onNotesChange={setNotes}
          onQueued={onSeries}
          onDone={onDone}
        />
      ) : (
        <BookingForm slot={slot} zone={zone} notes={notes} onNotesChange={setNotes} onDone={onDone} />
      )}
    </>
  )
}

function BookingForm({
  slot,
  zone,
  notes,
  onNotesChange,
  onDone,
}: {
  slot: SlotView
  zone: string
  notes: string
  onNotesChange: (notes: string) => void
  onDone: () => void
}) {
  const { book } = useBookingActions()
  const online = useBrowserOnline()
  const announce = useAnnounce()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const bookable = slot.state === 'available'
  // Told before booking: with this provider a booking is a request until they confirm it.
  const byHand = useConfirmsByHand(slot.providerId)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const booking = await book(slot.id, notes.trim())
      const what = {
        service: slot.serviceName,
        day: formatDay(slot.startTime, zone),
        time: formatTime(slot.startTime, zone),
      }
      // Online: "Booking …" until the server answers (useRequestedBookingToasts says what it answered).
      announce(bookedWords(what, { online }), bookingToastKey(booking.id, online))
      if (online) announceWhenSettled(booking.id, what)
      // Made offline: told again once the server has it (useSettledBookingToasts).
      else rememberOfflineBooking(booking.id, what)
      onDone()
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The booking could not be saved.')
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} className="form">
      {!bookable && !busy && (
        <p className="note note--warning" role="alert">
          This slot can no longer be booked ({slot.state}).
        </p>
      )}
      {byHand && (
        <p className="note" data-testid="confirmed-by-hand">
          {confirmedByHandText(slot.providerName)}
        </p>
      )}
      <NotesField value={notes} onChange={onNotesChange} />
      <FormFooter
        error={error}
        submitLabel={byHand ? 'Request booking' : 'Book'}
        busyLabel="Booking…"
        busy={busy}
        disabled={!bookable}
        onCancel={onDone}
        cancelLabel="Close"
        submitTestId="confirm-booking"
      />
      <p className="field__hint">
        Works offline: your booking is kept on this device and sent when you are back online.
      </p>
    </form>
  )
}
