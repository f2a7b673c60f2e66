import { useMemo } from 'react'
import type { AvailabilityStats } from '../../../shared/schemas.js'
import { useProviderBookings, useSlots } from '../../data/index.js'
import type { Route } from '../../app/route.js'
import { useRouteWeek } from '../../app/useRouteWeek.js'
import { type Bar, BarChart } from '../../ui/BarChart.js'
import { shiftWeek, utcIso } from '../../ui/calendarTime.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { useNow } from '../../ui/useNow.js'
import { WeekNavigator } from '../../ui/WeekNavigator.js'
import { statTiles } from './statTiles.js'
import {
  bookingsBySlot,
  emptySeats,
  type PeriodUtilisation,
  totalUtilisation,
  utilisationByDay,
  utilisationByWeek,
} from './utilisation.js'

interface StatsPageProps {
  route: Route
  navigate: (route: Route) => void
  zone: string
  providerId: string
}

/** Weeks in the per-week chart: the chosen week, three before and four after. */
const WEEKS_BEFORE = 3
const WEEKS_AFTER = 4

const toBars = (periods: readonly PeriodUtilisation[]): Bar[] =>
  periods.map((p) => ({
    label: p.label,
    value: p.stats.capacity === 0 ? null : p.stats.utilisation,
    detail: p.stats.capacity === 0 ? 'no seats' : `${p.stats.booked}/${p.stats.capacity}`,
  }))

/** How full the provider's slots are: the chosen week by day, and the weeks around it. */
export function StatsPage({ route, navigate, zone, providerId }: StatsPageProps) {
  const now = useNow()
  const { week, shift, goToToday } = useRouteWeek(route, navigate, zone, now)
  const weeks = useMemo(
    () =>
      Array.from({ length: WEEKS_BEFORE + 1 + WEEKS_AFTER }, (_, i) =>
        shiftWeek(week, i - WEEKS_BEFORE, zone),
      ),
    [week, zone],
  )
  const from = utcIso(weeks[0]?.start ?? week.start)
  const to = utcIso(weeks.at(-1)?.end ?? week.end)
  const slots = useSlots(useMemo(() => ({ from, to, providerId }), [from, to, providerId]))
  // Once a slot has started its completed bookings count as used, as in Insights (seatsUsed).
  const providerBookings = useProviderBookings()
  const bookings = useMemo(() => bookingsBySlot(providerBookings.data), [providerBookings.data])
  const weekStart = week.start.getTime()
  const weekEnd = week.end.getTime()
  const weekSlots = slots.data.filter(
    (s) => Date.parse(s.startTime) >= weekStart && Date.parse(s.startTime) < weekEnd,
  )

  return (
    <section className="page" aria-labelledby="stats-title">
      <div className="page__header">
        <h1 id="stats-title">Stats</h1>
      </div>
      <p className="muted">Utilisation: how full your slots are, per day and per week.</p>
      <WeekNavigator week={week} zone={zone} onShift={shift} onToday={goToToday} />
      {slots.error || providerBookings.error ? (
        <Failure message={slots.error ?? providerBookings.error ?? ''} />
      ) : slots.loading || providerBookings.loading ? (
        <Loading label="Loading statistics…" />
      ) : slots.data.length === 0 ? (
        <Empty title="No slots in these weeks" />
      ) : (
        <div className="stats" data-testid="stats">
          <StatTiles
            stats={totalUtilisation(weekSlots, bookings, now)}
            empty={emptySeats(weekSlots, bookings, now)}
          />
          <BarChart
            title="Utilisation per day"
            bars={toBars(utilisationByDay(weekSlots, bookings, week, zone, now))}
            testId="chart-day"
          />
          <BarChart
            title="Utilisation per week (week starting)"
            bars={toBars(utilisationByWeek(slots.data, bookings, weeks, zone, now))}
            testId="chart-week"
          />
        </div>
      )}
    </section>
  )
}

function StatTiles({
  stats,
  empty,
}: {
  stats: AvailabilityStats
  empty: { stillFree: number; leftEmpty: number }
}) {
  const tiles = statTiles(stats, empty)
  return (
    <dl className="tiles" aria-label="This week">
      {tiles.map((tile) => (
        <div key={tile.label} className="tile">
          <dt>{tile.label}</dt>
          <dd>{tile.value}</dd>
        </div>
      ))}
    </dl>
  )
}
