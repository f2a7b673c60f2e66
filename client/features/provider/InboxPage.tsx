import { useEffect, useRef, useState } from 'react'
import type { BookingView } from '../../data/index.js'
import { useFirstPullDone } from '../../data/firstPull.js'
import { useBookingActions, useProviderBookings } from '../../data/index.js'
import { useBrowserOnline } from '../sync/useBrowserOnline.js'
import { useChangeAnnouncer } from '../sync/useChangeAnnouncer.js'
import { zoneLabel } from '../../ui/calendarTime.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { ConfirmButton } from '../../ui/ConfirmButton.js'
import { ErrorNote } from '../../ui/ErrorNote.js'
import { useNow } from '../../ui/useNow.js'
import { BulkBookingsPanel } from './BulkBookingsPanel.js'
import { BulkSlotsPanel } from './BulkSlotsPanel.js'
import { bookingsArrivingText } from './bookingsArriving.js'
import { SlotBookingList } from './SlotBookingList.js'

/** Requests still to answer: pending bookings of slots that have not started (listed soonest first). */
function pendingRequests(bookings: readonly BookingView[], now: Date): BookingView[] {
  return bookings.filter((b) => b.status === 'PENDING' && Date.parse(b.startTime) > now.getTime())
}

/** What "Confirm all" asks first: it cannot be undone, and every customer hears of it. */
const confirmAllQuestion = (count: number) =>
  count === 1
    ? 'Confirm this request? The customer is told their booking is confirmed.'
    : `Confirm all ${count} requests? Each customer is told their booking is confirmed.`

/** The provider's inbox: every pending request across slots, answered one by one or all at once. */
export function InboxPage({ zone }: { zone: string }) {
  const now = useNow()
  const bookings = useProviderBookings()
  // Until the first pull of bookings is done, an empty list is not "no requests" (bookingsArriving.ts).
  const pulled = useFirstPullDone('bookings')
  const online = useBrowserOnline()
  const { setStatus } = useBookingActions()
  const { announceChange } = useChangeAnnouncer()
  const [error, setError] = useState<string | null>(null)
  const requests = pendingRequests(bookings.data, now)
  const heading = useRef<HTMLHeadingElement>(null)
  // An answered request leaves the list, and the button the focus was on with it: once it has gone,
  // the focus moves to the request after it (else the one before, else the heading), not to <body>.
  const [answered, setAnswered] = useState<{ bookingId: string; neighbourId: string | undefined } | null>(
    null,
  )
  useEffect(() => {
    if (!answered || requests.some((b) => b.id === answered.bookingId)) return
    const neighbour =
      answered.neighbourId &&
      document.querySelector<HTMLElement>(
        `[data-testid="provider-booking"][data-booking-id="${answered.neighbourId}"]`,
      )
    ;(neighbour || heading.current)?.focus()
    setAnswered(null)
  })

  async function confirmAll() {
    setError(null)
    const results = await Promise.allSettled(requests.map((b) => setStatus(b.id, 'CONFIRMED')))
    const failed = results.filter((r) => r.status === 'rejected').length
    if (failed > 0) setError(`${failed} of ${requests.length} could not be confirmed.`)
    else announceChange(`${requests.length} ${requests.length === 1 ? 'booking' : 'bookings'} confirmed.`)
  }

  return (
    <section className="page" aria-labelledby="inbox-title">
      <div className="page__header">
        <h1 id="inbox-title" ref={heading} tabIndex={-1}>
          Requests
        </h1>
        <p className="page__zone" data-testid="time-zone">
          Times in <strong>{zoneLabel(zone, now)}</strong>
        </p>
      </div>
      <ErrorNote error={error} />
      {bookings.error ? (
        <Failure message={bookings.error} />
      ) : bookings.loading ? (
        <Loading label="Loading requests…" />
      ) : requests.length === 0 && !pulled ? (
        online ? (
          <Loading label={bookingsArrivingText(online)} />
        ) : (
          <Empty title={bookingsArrivingText(online)} />
        )
      ) : requests.length === 0 ? (
        <Empty title="No requests waiting" />
      ) : (
        <>
          <div>
            <ConfirmButton
              label={`Confirm all ${requests.length}`}
              question={confirmAllQuestion(requests.length)}
              confirmLabel={`Yes, confirm ${requests.length}`}
              onConfirm={confirmAll}
              className="button button--primary"
              safeFocus
              testId="confirm-all"
            />
          </div>
          <SlotBookingList
            bookings={requests}
            zone={zone}
            onError={setError}
            showSlotTime
            onChanged={(bookingId, neighbourId) => setAnswered({ bookingId, neighbourId })}
          />
        </>
      )}
      {!bookings.loading && !bookings.error && (
        <BulkBookingsPanel bookings={bookings.data} pulled={pulled} zone={zone} now={now} />
      )}
      <BulkSlotsPanel zone={zone} />
    </section>
  )
}
