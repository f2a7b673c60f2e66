import { useMemo } from 'react'
import { dayKey, shiftWeek, utcIso, type Week, weekFromDay, weekOf } from '../ui/calendarTime.js'
import type { Route } from './route.js'

export interface RouteWeek {
  week: Week
  /** The week as a UTC range for data queries. */
  range: { from: string; to: string }
  shift: (weeks: number) => void
  goToToday: () => void
}

/** The week a calendar page shows, read from and written to the route so reloads keep it. */
export function useRouteWeek(
  route: Route,
  navigate: (route: Route) => void,
  zone: string,
  now: Date,
): RouteWeek {
  const week = useMemo(() => weekFromDay(route.week, zone, now), [route.week, zone, now])
  const from = utcIso(week.start)
  const to = utcIso(week.end)
  const range = useMemo(() => ({ from, to }), [from, to])
  return {
    week,
    range,
    shift: (weeks) =>
      navigate({ ...route, slotId: undefined, week: dayKey(shiftWeek(week, weeks, zone).start, zone) }),
    goToToday: () => navigate({ ...route, slotId: undefined, week: dayKey(weekOf(now, zone).start, zone) }),
  }
}
