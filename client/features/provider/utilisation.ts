/**
 * Utilisation per day and per week from the provider's local slots (so the stats work offline),
 * using the same availabilityStats rule as the server's /stats endpoints.
 */
import { availabilityStats } from '../../../shared/availability.js'
import type { AvailabilityStats } from '../../../shared/schemas.js'
import type { SlotView } from '../../data/index.js'
import { dayKey, formatDay, type Week, weekOf } from '../../ui/calendarTime.js'

export interface PeriodUtilisation {
  label: string
  stats: AvailabilityStats
}

function statsOf(slots: readonly SlotView[]): AvailabilityStats {
  return availabilityStats(
    slots.map((s) => ({ currentBookings: s.displayedBookings, maxBookings: s.maxBookings })),
  )
}

function groupBy(slots: readonly SlotView[], key: (slot: SlotView) => string): Map<string, SlotView[]> {
  const groups = new Map<string, SlotView[]>()
  for (const slot of slots) groups.set(key(slot), [...(groups.get(key(slot)) ?? []), slot])
  return groups
}

export function utilisationByDay(slots: readonly SlotView[], week: Week, zone: string): PeriodUtilisation[] {
  const byDay = groupBy(slots, (s) => dayKey(s.startTime, zone))
  return week.days.map((day) => ({
    label: formatDay(day, zone),
    stats: statsOf(byDay.get(dayKey(day, zone)) ?? []),
  }))
}

export function utilisationByWeek(
  slots: readonly SlotView[],
  weeks: readonly Week[],
  zone: string,
): PeriodUtilisation[] {
  const byWeek = groupBy(slots, (s) => dayKey(weekOf(s.startTime, zone).start, zone))
  return weeks.map((week) => ({
    label: formatDay(week.start, zone).replace(/^\w+ /, ''),
    stats: statsOf(byWeek.get(dayKey(week.start, zone)) ?? []),
  }))
}

export function totalUtilisation(slots: readonly SlotView[]): AvailabilityStats {
  return statsOf(slots)
}
