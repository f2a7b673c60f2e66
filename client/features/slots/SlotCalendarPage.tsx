import { memo, useCallback, useEffect, useMemo, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import type { BookingView, SlotView, WaitlistEntryView } from '../../data/index.js'
import {
  useBeyondStoredCopy,
  useMyBookings,
  useQueuedSeries,
  useSlots,
  useSyncStatus,
  useWaitlist,
} from '../../data/index.js'
import type { Route } from '../../app/route.js'
import { useRouteWeek } from '../../app/useRouteWeek.js'
import { dayKey } from '../../ui/calendarTime.js'
import { Failure, Loading } from '../../ui/DataState.js'
import { sameFields } from '../../ui/sameFields.js'
import { SlotCard } from '../../ui/SlotCard.js'
import { SlotLegend } from '../../ui/SlotLegend.js'
import { useNow } from '../../ui/useNow.js'
import { WeekGrid } from '../../ui/WeekGrid.js'
import { WeekNavigator } from '../../ui/WeekNavigator.js'
import { entriesBySlot } from '../waitlist/myWaitlistEntries.js'
import { WaitlistDialog } from '../waitlist/WaitlistDialog.js'
import { WaitlistStatus } from '../waitlist/WaitlistStatus.js'
import { BookingDialog } from './BookingDialog.js'
import { EmptyWeek } from './EmptyWeek.js'
import { NextAvailableButton } from './NextAvailableButton.js'
import { OwnBookingNote, QueuedWeekNote, RefusedBookingNote } from './OwnBookingNote.js'
import { useDismissedRejections } from '../bookings/useDismissedRejections.js'
import { PickDateButton } from './PickDateButton.js'
import { matchesFilter, SlotFilters } from './SlotFilters.js'

interface SlotCalendarPageProps {
  route: Route
  navigate: (route: Route) => void
  zone: string
}

/** The customer's active booking on each slot (the latest, should there be several seats). */
function activeBookingBySlot(bookings: readonly BookingView[]): Map<string, BookingView> {
  const bySlot = new Map<string, BookingView>()
  for (const booking of bookings) if (isActive(booking.status)) bySlot.set(booking.slotId, booking)
  return bySlot
}

/**
 * The customer's refused booking on each slot where they hold no seat, until put away in My bookings:
 * the card says it was not booked (the slot alone would only read "Full").
 */
function refusedBookingBySlot(
  bookings: readonly BookingView[],
  held: ReadonlyMap<string, BookingView>,
  dismissed: ReadonlySet<string>,
): Map<string, BookingView> {
  const bySlot = new Map<string, BookingView>()
  for (const booking of bookings)
    if (booking.status === 'REJECTED' && !held.has(booking.slotId) && !dismissed.has(booking.id))
      bySlot.set(booking.slotId, booking)
  return bySlot
}

/**
 * What clicking a card opens: your booking when you hold a seat, the booking dialog when a seat is
 * free, the waitlist (which says why) when the slot is full; nothing for past or blocked slots.
 */
function dialogFor(slot: SlotView, booking: BookingView | undefined): 'booking' | 'waitlist' | null {
  if (booking || slot.state === 'available') return 'booking'
  return slot.state === 'full' ? 'waitlist' : null
}

interface CustomerSlotCardProps {
  slot: SlotView
  zone: string
  highlighted: boolean
  /** The customer's active booking on the slot. */
  booking: BookingView | undefined
  /** The customer's booking of the slot that the server refused (no seat held). */
  refused: BookingView | undefined
  /** A week of a queued series (not yet sent) books this slot. */
  queued: boolean
  entry: WaitlistEntryView | undefined
  /** Stable (state setters): a card is re-rendered only when what it shows changed. */
  onBook: (slotId: string) => void
  onWaitlist: (slotId: string) => void
}

/** One slot of the customer's week with their booking or queue place on it. */
const CustomerSlotCard = memo(
  function CustomerSlotCard({
    slot,
    zone,
    highlighted,
    booking,
    refused,
    queued,
    entry,
    onBook,
    onWaitlist,
  }: CustomerSlotCardProps) {
    const dialog = dialogFor(slot, booking)
    return (
      <SlotCard
        slot={slot}
        zone={zone}
        highlighted={highlighted}
        onSelect={
          dialog === 'booking'
            ? () => onBook(slot.id)
            : dialog === 'waitlist'
              ? () => onWaitlist(slot.id)
              : undefined
        }
        actionLabel={
          booking
            ? 'Your booking'
            : slot.state !== 'full'
              ? 'Book'
              : entry?.status === 'WAITING'
                ? 'Your waitlist place'
                : 'Join waitlist'
        }
        /* A seat the customer holds comes first: not "Full" above "You are booked". */
        lead={booking && <OwnBookingNote booking={booking} />}
      >
        {booking ? null : refused ? (
          <RefusedBookingNote booking={refused} slotFull={slot.state === 'full'} />
        ) : (
          queued && <QueuedWeekNote />
        )}
        <WaitlistStatus entry={entry} holdsSeat={booking !== undefined} />
      </SlotCard>
    )
  },
  // The hooks hand out fresh view objects at each emission: compared by their fields.
  (before, after) =>
    sameFields(before.slot, after.slot) &&
    sameFields(before.booking, after.booking) &&
    sameFields(before.refused, after.refused) &&
    sameFields(before.entry, after.entry) &&
    before.zone === after.zone &&
    before.highlighted === after.highlighted &&
    before.queued === after.queued &&
    before.onBook === after.onBook &&
    before.onWaitlist === after.onWaitlist,
)

/** The customer's week of bookable slots, filtered by provider and service. */
export function SlotCalendarPage({ route, navigate, zone }: SlotCalendarPageProps) {
  const now = useNow()
  const { week, range, shift, goToToday } = useRouteWeek(route, navigate, zone, now)
  const slots = useSlots(range)
  // A week past the stored horizon comes from the server: offline, only the device's own bookings show.
  const beyondStored = useBeyondStoredCopy(range.to)
  // Not while the first connection is under way (a sign-in): the week is on its way, not unavailable.
  const { online, connecting } = useSyncStatus()
  const notOffline = beyondStored && !online && !connecting
  const myBookings = useMyBookings()
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [waitlistSlotId, setWaitlistSlotId] = useState<string | null>(null)
  const waitlist = useWaitlist()
  const myEntries = useMemo(() => entriesBySlot(waitlist.data), [waitlist.data])
  const filter = { providerId: route.providerId, serviceId: route.serviceId }
  const matchesShown = useCallback(
    (slot: SlotView) => matchesFilter(slot, { providerId: route.providerId, serviceId: route.serviceId }),
    [route.providerId, route.serviceId],
  )
  const visible = slots.data.filter(matchesShown)
  const selected = slots.data.find((slot) => slot.id === selectedId) ?? null
  const mine = useMemo(() => activeBookingBySlot(myBookings.data), [myBookings.data])
  const [dismissedRejections] = useDismissedRejections()
  const refused = useMemo(
    () => refusedBookingBySlot(myBookings.data, mine, dismissedRejections),
    [myBookings.data, mine, dismissedRejections],
  )
  const queuedSeries = useQueuedSeries()
  const queuedWeeks = useMemo(
    () =>
      new Set(
        queuedSeries.filter((s) => s.state === 'waiting').flatMap((s) => s.planned.map((w) => w.slotId)),
      ),
    [queuedSeries],
  )

  // The slot a link points at (a notification, "Next available", "Find another slot"): in view and
  // focused, so the keyboard goes on from there rather than from the top of the page.
  useEffect(() => {
    if (!route.slotId || slots.loading) return
    const card = document.querySelector<HTMLElement>(`[data-slot-id="${CSS.escape(route.slotId)}"]`)
    card?.scrollIntoView({ block: 'center' })
    card?.focus({ preventScroll: true })
  }, [route.slotId, slots.loading])

  return (
    <section className="page" aria-labelledby="slots-title">
      <div className="page__header">
        <h1 id="slots-title">Book a slot</h1>
        <SlotFilters slots={slots.data} value={filter} onChange={(next) => navigate({ ...route, ...next })} />
      </div>
      <div className="week-nav-row">
        <WeekNavigator week={week} zone={zone} onShift={shift} onToday={goToToday} />
        <div className="week-nav-row__jumps">
          <PickDateButton
            zone={zone}
            now={now}
            shownWeekStart={week.start}
            matches={matchesShown}
            onPick={(day) => navigate({ ...route, week: day, slotId: undefined })}
          />
          <NextAvailableButton
            now={now}
            shownWeekStart={week.start}
            matches={matchesShown}
            onJump={(slot) => navigate({ ...route, week: dayKey(slot.startTime, zone), slotId: slot.id })}
          />
        </div>
      </div>
      <SlotLegend />
      {notOffline && (
        <p className="muted" role="status" data-testid="week-not-offline">
          This week is not available offline: this device stores the next weeks only. It shows when you are
          back online.
        </p>
      )}
      {slots.error ? (
        <Failure message={slots.error} />
      ) : slots.loading ? (
        <Loading label="Loading slots…" />
      ) : visible.length === 0 ? (
        <EmptyWeek
          weekEnd={range.to}
          otherSlotsThisWeek={slots.data.length > 0}
          matches={matchesShown}
          zone={zone}
        />
      ) : (
        <WeekGrid
          week={week}
          zone={zone}
          now={now}
          items={visible}
          startOf={(slot) => slot.startTime}
          itemKey={(slot) => slot.id}
          renderItem={(slot: SlotView) => (
            <CustomerSlotCard
              slot={slot}
              zone={zone}
              highlighted={slot.id === route.slotId}
              booking={mine.get(slot.id)}
              refused={refused.get(slot.id)}
              queued={queuedWeeks.has(slot.id)}
              entry={myEntries.get(slot.id)}
              onBook={setSelectedId}
              onWaitlist={setWaitlistSlotId}
            />
          )}
        />
      )}
      <BookingDialog
        slot={selected}
        zone={zone}
        myBooking={selected ? mine.get(selected.id) : undefined}
        waitlistEntry={selected ? myEntries.get(selected.id) : undefined}
        onClose={() => setSelectedId(null)}
      />
      <WaitlistDialog
        slot={slots.data.find((slot) => slot.id === waitlistSlotId) ?? null}
        entry={waitlistSlotId ? myEntries.get(waitlistSlotId) : undefined}
        zone={zone}
        onClose={() => setWaitlistSlotId(null)}
      />
    </section>
  )
}
