import { useEffect, useMemo, useState } from 'react'
import { isActive } from '../../../shared/availability.js'
import type { SlotView } from '../../data/index.js'
import { useMyBookings, useSlots, useWaitlist } from '../../data/index.js'
import type { Route } from '../../app/route.js'
import { useRouteWeek } from '../../app/useRouteWeek.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { SlotCard } from '../../ui/SlotCard.js'
import { SlotLegend } from '../../ui/SlotLegend.js'
import { useNow } from '../../ui/useNow.js'
import { WeekGrid } from '../../ui/WeekGrid.js'
import { WeekNavigator } from '../../ui/WeekNavigator.js'
import { entriesBySlot } from '../waitlist/myWaitlistEntries.js'
import { WaitlistDialog } from '../waitlist/WaitlistDialog.js'
import { WaitlistStatus } from '../waitlist/WaitlistStatus.js'
import { BookingDialog } from './BookingDialog.js'
import { matchesFilter, SlotFilters } from './SlotFilters.js'

interface SlotCalendarPageProps {
  route: Route
  navigate: (route: Route) => void
  zone: string
}

/** The customer's week of bookable slots, filtered by provider and service. */
export function SlotCalendarPage({ route, navigate, zone }: SlotCalendarPageProps) {
  const now = useNow()
  const { week, range, shift, goToToday } = useRouteWeek(route, navigate, zone, now)
  const slots = useSlots(range)
  const myBookings = useMyBookings()
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [waitlistSlotId, setWaitlistSlotId] = useState<string | null>(null)
  const waitlist = useWaitlist()
  const myEntries = useMemo(() => entriesBySlot(waitlist.data), [waitlist.data])
  const filter = { providerId: route.providerId, serviceId: route.serviceId }
  const visible = slots.data.filter((slot) => matchesFilter(slot, filter))
  const selected = slots.data.find((slot) => slot.id === selectedId) ?? null
  const mySlotIds = useMemo(
    () => new Set(myBookings.data.filter((b) => isActive(b.status)).map((b) => b.slotId)),
    [myBookings.data],
  )

  useEffect(() => {
    if (!route.slotId || slots.loading) return
    document
      .querySelector(`[data-slot-id="${CSS.escape(route.slotId)}"]`)
      ?.scrollIntoView({ block: 'center' })
  }, [route.slotId, slots.loading])

  return (
    <section className="page" aria-labelledby="slots-title">
      <div className="page__header">
        <h1 id="slots-title">Book a slot</h1>
        <SlotFilters slots={slots.data} value={filter} onChange={(next) => navigate({ ...route, ...next })} />
      </div>
      <WeekNavigator week={week} zone={zone} onShift={shift} onToday={goToToday} />
      <SlotLegend />
      {slots.error ? (
        <Failure message={slots.error} />
      ) : slots.loading ? (
        <Loading label="Loading slots…" />
      ) : visible.length === 0 ? (
        <Empty title="No slots this week">
          <p>{slots.data.length > 0 ? 'Try another provider or service.' : 'Try the next week.'}</p>
        </Empty>
      ) : (
        <WeekGrid
          week={week}
          zone={zone}
          now={now}
          items={visible}
          startOf={(slot) => slot.startTime}
          itemKey={(slot) => slot.id}
          renderItem={(slot: SlotView) => (
            <SlotCard
              slot={slot}
              zone={zone}
              highlighted={slot.id === route.slotId}
              onSelect={
                slot.state === 'available'
                  ? () => setSelectedId(slot.id)
                  : slot.state === 'full'
                    ? () => setWaitlistSlotId(slot.id)
                    : undefined
              }
              actionLabel={slot.state === 'full' ? 'Join waitlist' : 'Book'}
            >
              {mySlotIds.has(slot.id) && <span className="slot-card__mine">✓ You are booked</span>}
              <WaitlistStatus entry={myEntries.get(slot.id)} holdsSeat={mySlotIds.has(slot.id)} />
            </SlotCard>
          )}
        />
      )}
      <BookingDialog
        slot={selected}
        zone={zone}
        alreadyBooked={selected !== null && mySlotIds.has(selected.id)}
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
