import { useEffect, useMemo, useRef, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import { earlierSectionTitle } from '../../data/bookingStatusWords.js'
import type { BookingView } from '../../data/index.js'
import {
  useBookingActions,
  useMyBookings,
  useQueuedSeries,
  useRejections,
  useSeriesActions,
  useSlots,
  useSyncStatus,
  useWaitlist,
} from '../../data/index.js'
import { useFirstPullDone } from '../../data/firstPull.js'
import type { Route } from '../../app/route.js'
import { useAnnounce, useWithdrawAnnouncement } from '../../ui/Announcer.js'
import { zoneLabel } from '../../ui/calendarTime.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { type Paged, ShowMore, usePaged } from '../../ui/ShowMore.js'
import { focusNeighbourOf } from '../../ui/focusInList.js'
import { useNow } from '../../ui/useNow.js'
import { CalendarFeedPanel } from '../calendar/CalendarFeedPanel.js'
import { useAddToCalendar } from '../calendar/useAddToCalendar.js'
import { useNotSyncedOffline } from '../slots/slotsOnDevice.js'
import { MyWaitlist } from '../waitlist/MyWaitlist.js'
import { waitingPlaces } from '../waitlist/myWaitlistEntries.js'
import { anotherSlotRoute } from './anotherSlotRoute.js'
import { BookingCard } from './BookingCard.js'
import { CancelSeveralPanel } from './CancelSeveralPanel.js'
import { QueuedSeriesPanel } from './QueuedSeriesStatus.js'
import { RescheduleDialog } from './RescheduleDialog.js'
import { useDismissedRejections } from './useDismissedRejections.js'
import { useNotCancelled, useNotMovedReasons } from './useNotMovedReasons.js'
import { bookingsArrivingText } from '../provider/bookingsArriving.js'
import { bookingsArriving, noBookingsWords } from './noBookingsText.js'
import { heldSlotIds } from './rejectionText.js'
import { movedToastKey, useCustomerChangeToasts } from './useChangeToast.js'
import { useSeriesMembership } from './useSeriesMembership.js'

interface MyBookingsPageProps {
  /** With `bookingId`: that booking is shown (scrolled to, highlighted and focused). */
  route: Route
  navigate: (route: Route) => void
  zone: string
}

/** Earlier bookings shown at first, and how many more each "Show more" adds (newest first). */
const EARLIER_PAGE = 10

interface BookingGroups {
  rejected: BookingView[]
  /** Rejected, yet the customer holds a seat of the slot all the same: news, not a failure. */
  rejectedButHeld: BookingView[]
  notMoved: BookingView[]
  /** A cancel of theirs was not made: the booking had been moved meanwhile (until read). */
  notCancelled: BookingView[]
  upcoming: BookingView[]
  earlier: BookingView[]
}

function groupBookings(
  bookings: readonly BookingView[],
  now: Date,
  notMoved: ReadonlyMap<string, string>,
  notCancelled: ReadonlySet<string>,
  heldSlots: ReadonlySet<string>,
): BookingGroups {
  const groups: BookingGroups = {
    rejected: [],
    rejectedButHeld: [],
    notMoved: [],
    notCancelled: [],
    upcoming: [],
    earlier: [],
  }
  const byTime = [...bookings].sort((a, b) => a.startTime.localeCompare(b.startTime))
  for (const booking of byTime) {
    if (booking.status === 'REJECTED')
      (heldSlots.has(booking.slotId) ? groups.rejectedButHeld : groups.rejected).push(booking)
    else if (notMoved.has(booking.id)) groups.notMoved.push(booking)
    else if (notCancelled.has(booking.id)) groups.notCancelled.push(booking)
    else if (isActive(booking.status) && Date.parse(booking.startTime) > now.getTime())
      groups.upcoming.push(booking)
    else groups.earlier.push(booking)
  }
  groups.earlier.reverse()
  return groups
}

/** A booking's card on the page (BookingCard), when shown. */
function bookingCardOf(bookingId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.booking-card[data-booking-id="${CSS.escape(bookingId)}"]`)
}

/**
 * The slots the bookings and waitlist places point at, for names and end times (one range query over
 * their times).
 */
function useBookedSlots(bookings: readonly { startTime: string }[], now: Date) {
  const times = bookings.map((b) => b.startTime).sort()
  const from = times[0] ?? now.toISOString()
  const last = times.at(-1)
  const to = last ? new Date(Date.parse(last) + 60_000).toISOString() : from
  const slots = useSlots(useMemo(() => ({ from, to }), [from, to]))
  return useMemo(() => new Map(slots.data.map((slot) => [slot.id, slot])), [slots.data])
}

/**
 * The empty list: "No bookings yet", unless the device, offline, has never synced this organisation
 * (then it cannot know; a booking made here offline is on the device and listed all the same).
 */
function NoBookings({ navigate }: { navigate: (route: Route) => void }) {
  const notSynced = useNotSyncedOffline()
  const { syncing } = useSyncStatus()
  const firstPullDone = useFirstPullDone('bookings')
  if (bookingsArriving({ firstPullDone, syncing, notSynced }))
    return <Loading label={bookingsArrivingText(true)} />
  const words = noBookingsWords(notSynced)
  return (
    <Empty title={words.title}>
      {words.advice && <p data-testid="no-bookings-advice">{words.advice}</p>}
      {words.findSlot && (
        <button type="button" className="button button--primary" onClick={() => navigate({ page: 'slots' })}>
          Find a slot
        </button>
      )}
    </Empty>
  )
}

/**
 * The customer's bookings: rejected ones first (with a way forward), then rejected ones of a slot they
 * hold a seat of anyway (until read), then those a move or a cancel was not made for (until read),
 * then upcoming, then history.
 */
export function MyBookingsPage({ route, navigate, zone }: MyBookingsPageProps) {
  const now = useNow()
  const bookings = useMyBookings()
  const waitlist = useWaitlist()
  const waiting = useMemo(() => waitingPlaces(waitlist.data, now), [waitlist.data, now])
  const { setStatus } = useBookingActions()
  const announce = useAnnounce()
  const changeToasts = useCustomerChangeToasts()
  const addToCalendar = useAddToCalendar()
  const slots = useBookedSlots(
    useMemo(() => [...bookings.data, ...waiting], [bookings.data, waiting]),
    now,
  )
  // The device's first sync brings the bookings first, then their slots.
  const slotsPulled = useFirstPullDone('slots')
  const { syncing } = useSyncStatus()
  const detailsArriving = !slotsPulled && syncing
  const [dismissed, dismiss] = useDismissedRejections()
  const [notMoved, dismissNotMoved] = useNotMovedReasons()
  const [notCancelled, dismissNotCancelled] = useNotCancelled()
  const withdraw = useWithdrawAnnouncement()
  // A move the server did not make is no longer "moved".
  useEffect(() => {
    for (const bookingId of notMoved.keys()) withdraw(movedToastKey(bookingId))
  }, [notMoved, withdraw])
  const rejections = useRejections()
  const [moving, setMoving] = useState<BookingView | null>(null)
  const { inSeries, refresh: refreshSeries } = useSeriesMembership()
  const { cancelRestOfSeries } = useSeriesActions()
  const queuedSeries = useQueuedSeries()
  // Slots where the customer holds a seat: a rejected booking of one is no failure (rejectionText.ts).
  const heldSlots = heldSlotIds(bookings.data)
  const groups = groupBookings(
    bookings.data.filter((b) => !dismissed.has(b.id)),
    now,
    notMoved,
    notCancelled,
    heldSlots,
  )
  // A rejection shown here as a card needs no banner above it too (RejectionNotices, on every page).
  useEffect(() => {
    const shown = new Set([...groups.rejected, ...groups.rejectedButHeld].map((b) => b.id))
    for (const { booking } of rejections.notices) if (shown.has(booking.id)) rejections.dismiss(booking.id)
  })

  const heading = useRef<HTMLHeadingElement>(null)

  // Opened for one booking (a notification about it): its card, in view and focused.
  useEffect(() => {
    if (!route.bookingId || bookings.loading) return
    const card = bookingCardOf(route.bookingId)
    card?.scrollIntoView({ block: 'center' })
    card?.focus({ preventScroll: true })
  }, [route, bookings.loading])

  // The cancelled booking leaves the upcoming list: the focus goes to its neighbour there at once
  // (the confirm button it was on is gone), and back to the card if it could not be cancelled.
  async function cancel(booking: BookingView) {
    focusNeighbourOf(bookingCardOf(booking.id), heading.current)
    try {
      await setStatus(booking.id, 'CANCELLED')
      changeToasts.cancelled(booking, zone)
    } catch (cause) {
      bookingCardOf(booking.id)?.focus()
      announce(cause instanceof Error ? cause.message : 'The booking could not be cancelled.')
    }
  }

  // Later weeks of the series leave the list too, the neighbours among them: the page's heading.
  async function cancelRest(booking: BookingView) {
    heading.current?.focus()
    try {
      const result = await cancelRestOfSeries(booking.id)
      const refused = result.rows.length - result.applied
      announce(
        `${result.applied} ${result.applied === 1 ? 'booking' : 'bookings'} of the series cancelled.` +
          (refused > 0 ? ` ${refused} could not be cancelled.` : ''),
      )
      refreshSeries()
    } catch (cause) {
      announce(cause instanceof Error ? cause.message : 'The series could not be cancelled.')
    }
  }

  const earlier = usePaged(groups.earlier, EARLIER_PAGE)

  /** A titled list; with `paged`, a page of it at a time. */
  const section = (title: string, list: BookingView[], testId: string, paged?: Paged<BookingView>) =>
    list.length > 0 && (
      <section className="booking-section" aria-label={title} data-testid={testId}>
        <h2>{title}</h2>
        <ul className="booking-list">
          {(paged?.visible ?? list).map((booking) => (
            <li key={booking.id}>
              <BookingCard
                booking={booking}
                highlighted={booking.id === route.bookingId}
                slot={slots.get(booking.slotId)}
                detailsArriving={detailsArriving}
                zone={zone}
                now={now}
                seatHeld={heldSlots.has(booking.slotId)}
                notMovedReason={notMoved.get(booking.id)}
                notCancelled={notCancelled.has(booking.id)}
                onCancel={() => cancel(booking)}
                onReschedule={() => setMoving(booking)}
                onCancelRestOfSeries={inSeries.has(booking.id) ? () => cancelRest(booking) : undefined}
                onFindAnother={() => navigate(anotherSlotRoute(booking, zone))}
                onAddToCalendar={() => addToCalendar(booking)}
                onDismiss={() => {
                  if (booking.status === 'REJECTED') dismiss(booking.id)
                  else {
                    dismissNotMoved(booking.id)
                    dismissNotCancelled(booking.id)
                  }
                }}
              />
            </li>
          ))}
        </ul>
        {paged && <ShowMore paged={paged} testId={`${testId}-more`} />}
      </section>
    )

  return (
    <section className="page" aria-labelledby="bookings-title">
      <div className="page__header">
        <h1 id="bookings-title" ref={heading} tabIndex={-1}>
          My bookings
        </h1>
        <p className="page__zone" data-testid="time-zone">
          Times in <strong>{zoneLabel(zone, now)}</strong>
        </p>
      </div>
      <CalendarFeedPanel />
      <RescheduleDialog booking={moving} zone={zone} onClose={() => setMoving(null)} />
      <QueuedSeriesPanel list={queuedSeries} zone={zone} />
      {bookings.error ? (
        <Failure message={bookings.error} />
      ) : bookings.loading ? (
        <Loading label="Loading your bookings…" />
      ) : bookings.data.length === 0 && queuedSeries.length === 0 && waiting.length === 0 ? (
        <NoBookings navigate={navigate} />
      ) : (
        <>
          {section('Could not be booked', groups.rejected, 'rejected-bookings')}
          {section('Booked after all', groups.rejectedButHeld, 'rejected-but-held-bookings')}
          {section('Could not be moved', groups.notMoved, 'not-moved-bookings')}
          {section('Could not be cancelled', groups.notCancelled, 'not-cancelled-bookings')}
          {section('Upcoming', groups.upcoming, 'upcoming-bookings')}
          <CancelSeveralPanel upcoming={groups.upcoming} zone={zone} />
          <MyWaitlist entries={waiting} slots={slots} zone={zone} />
          {section(earlierSectionTitle(groups.earlier), groups.earlier, 'earlier-bookings', earlier)}
        </>
      )}
    </section>
  )
}
