import { useEffect, useMemo, useRef, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import type { BookingView, SlotView } from '../../data/index.js'
import { useProviderBookings, useSlots } from '../../data/index.js'
import type { Route } from '../../app/route.js'
import { useRouteWeek } from '../../app/useRouteWeek.js'
import { CalendarFeedPanel } from '../calendar/CalendarFeedPanel.js'
import { dayKey } from '../../ui/calendarTime.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { SlotCard } from '../../ui/SlotCard.js'
import { SlotLegend } from '../../ui/SlotLegend.js'
import { useNow } from '../../ui/useNow.js'
import { WeekGrid } from '../../ui/WeekGrid.js'
import { WeekNavigator } from '../../ui/WeekNavigator.js'
import { CreateSlotsDialog } from './CreateSlotsDialog.js'
import { SlotDetailsDialog } from './SlotDetailsDialog.js'
import { bookingsLoadingText, bookingsNotHeld } from './slotBookingsArriving.js'
import { bookingsBySlot } from './utilisation.js'

interface ProviderCalendarPageProps {
  route: Route
  navigate: (route: Route) => void
  zone: string
  providerId: string
}

/** The provider's own week: every slot with its bookings, and the way to create and manage slots. */
export function ProviderCalendarPage({ route, navigate, zone, providerId }: ProviderCalendarPageProps) {
  const now = useNow()
  const { week, range, shift, goToToday } = useRouteWeek(route, navigate, zone, now)
  const slots = useSlots(useMemo(() => ({ ...range, providerId }), [range, providerId]))
  const bookings = useProviderBookings()
  const bySlot = useMemo(() => bookingsBySlot(bookings.data), [bookings.data])
  const [openSlotId, setOpenSlotId] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const openSlot = slots.data.find((slot) => slot.id === openSlotId) ?? null
  const heading = useRef<HTMLHeadingElement>(null)
  // A deleted slot's card (the dialog's opener) goes: once it has, the focus moves to the card
  // after it in the week (else the one before, else the heading), not to the page's <body>.
  const [deleted, setDeleted] = useState<{ slotId: string; neighbourId: string | undefined } | null>(null)
  useEffect(() => {
    if (!deleted || slots.data.some((slot) => slot.id === deleted.slotId)) return
    const neighbour =
      deleted.neighbourId && document.querySelector<HTMLElement>(cardSelector(deleted.neighbourId))
    ;(neighbour || heading.current)?.focus()
    setDeleted(null)
  }, [deleted, slots.data])
  function onDeleted(slotId: string) {
    const cards = [...document.querySelectorAll<HTMLElement>(cardSelector())]
    const at = cards.findIndex((card) => card.dataset.slotId === slotId)
    setDeleted({ slotId, neighbourId: (cards[at + 1] ?? cards[at - 1])?.dataset.slotId })
    setOpenSlotId(null)
  }
  const error = slots.error ?? bookings.error

  return (
    <section className="page" aria-labelledby="provider-title">
      <div className="page__header">
        <h1 id="provider-title" ref={heading} tabIndex={-1}>
          My slots
        </h1>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setCreating(true)}
          data-testid="new-slots"
        >
          + New slots
        </button>
      </div>
      <CalendarFeedPanel />
      <WeekNavigator week={week} zone={zone} onShift={shift} onToday={goToToday} />
      <SlotLegend />
      {error ? (
        <Failure message={error} />
      ) : slots.loading ? (
        <Loading label="Loading your slots…" />
      ) : slots.data.length === 0 ? (
        <Empty title="No slots this week">
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            Create slots
          </button>
        </Empty>
      ) : (
        <WeekGrid
          week={week}
          zone={zone}
          now={now}
          items={slots.data}
          startOf={(slot) => slot.startTime}
          itemKey={(slot) => slot.id}
          renderItem={(slot: SlotView) => (
            <SlotCard slot={slot} zone={zone} onSelect={() => setOpenSlotId(slot.id)} actionLabel="Manage">
              <BookingSummary slot={slot} bookings={bySlot.get(slot.id) ?? []} />
            </SlotCard>
          )}
        />
      )}
      <SlotDetailsDialog
        slot={openSlot}
        bookings={openSlot ? (bySlot.get(openSlot.id) ?? []) : []}
        zone={zone}
        onClose={() => setOpenSlotId(null)}
        onDeleted={onDeleted}
      />
      <CreateSlotsDialog
        open={creating}
        providerId={providerId}
        zone={zone}
        onClose={() => setCreating(false)}
        onCreated={(startTime) => {
          setCreating(false)
          // Show the week of what was just created, not whichever week was on screen.
          navigate({ ...route, week: dayKey(startTime, zone) })
        }}
      />
    </section>
  )
}

/** The slot cards of the week, or the one of `slotId`. */
const cardSelector = (slotId?: string) =>
  slotId ? `[data-testid="slot-card"][data-slot-id="${slotId}"]` : '[data-testid="slot-card"]'

/**
 * "2 confirmed · 1 to confirm" on a slot card; on a past slot also "3 completed"; and while some of
 * the seats the slot counts have no booking on this device yet, "3 bookings, still loading…".
 */
function BookingSummary({ slot, bookings }: { slot: SlotView; bookings: readonly BookingView[] }) {
  const active = bookings.filter((b) => isActive(b.status))
  const completed = bookings.filter((b) => b.status === 'COMPLETED').length
  const notHeld = bookingsNotHeld(slot, bookings)
  if (active.length === 0 && completed === 0 && notHeld === 0)
    return <span className="slot-card__bookings">No bookings</span>
  const pending = active.filter((b) => b.status === 'PENDING').length
  const confirmed = active.length - pending
  const shown = [
    completed > 0 && `${completed} completed`,
    confirmed > 0 && `${confirmed} confirmed`,
    pending > 0 && `${pending} to confirm`,
  ].filter(Boolean)
  const parts = notHeld > 0 ? [...shown, bookingsLoadingText(notHeld, shown.length > 0)] : shown
  return (
    <span className={`slot-card__bookings${pending > 0 ? ' slot-card__bookings--attention' : ''}`}>
      {parts.join(' · ')}
    </span>
  )
}
