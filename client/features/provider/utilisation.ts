/**
 * Utilisation per day and per week from the provider's local slots and their bookings (so the stats
 * work offline), using the same availabilityStats rule as the server's /stats endpoints. A slot's
 * seats used are counted as insights count them (seatsUsed, shared/availability.ts): once it has
 * started, its completed bookings count too, though completing gave their seats back (invariant 1).
 */
import { availabilityStats, unusedSeats } from '../../../shared/availability.js'
import type { AvailabilityStats, BookingStatus } from '../../../shared/schemas.js'
import type { SlotView } from '../../data/index.js'
import { dayKey, formatDay, type Week, weekOf } from '../../ui/calendarTime.js'
import { providerSeatsUsed } from '../../ui/seatText.js'

export interface PeriodUtilisation {
  label: string
  stats: AvailabilityStats
}

/** A provider's bookings grouped by slot id (what bookingsBySlot returns). */
export type SlotBookings = ReadonlyMap<string, readonly { status: BookingStatus }[]>

/** The provider's bookings by the slot they are on (the calendar page lists them per slot too). */
export function bookingsBySlot<B extends { slotId: string; status: BookingStatus }>(
  bookings: readonly B[],
): Map<string, B[]> {
  const bySlot = new Map<string, B[]>()
  for (const booking of bookings) {
    const onSlot = bySlot.get(booking.slotId)
    if (onSlot) onSlot.push(booking)
    else bySlot.set(booking.slotId, [booking])
  }
  return bySlot
}

function statsOf(slots: readonly SlotView[], bookings: SlotBookings, now: Date): AvailabilityStats {
  return availabilityStats(
    slots.map((s) => ({
      currentBookings: providerSeatsUsed(s, bookings.get(s.id) ?? [], now),
      maxBookings: s.maxBookings,
    })),
  )
}

function groupBy(slots: readonly SlotView[], key: (slot: SlotView) => string): Map<string, SlotView[]> {
  const groups = new Map<string, SlotView[]>()
  for (const slot of slots) groups.set(key(slot), [...(groups.get(key(slot)) ?? []), slot])
  return groups
}

export function utilisationByDay(
  slots: readonly SlotView[],
  bookings: SlotBookings,
  week: Week,
  zone: string,
  now: Date,
): PeriodUtilisation[] {
  const byDay = groupBy(slots, (s) => dayKey(s.startTime, zone))
  return week.days.map((day) => ({
    label: formatDay(day, zone),
    stats: statsOf(byDay.get(dayKey(day, zone)) ?? [], bookings, now),
  }))
}

export function utilisationByWeek(
  slots: readonly SlotView[],
  bookings: SlotBookings,
  weeks: readonly Week[],
  zone: string,
  now: Date,
): PeriodUtilisation[] {
  const byWeek = groupBy(slots, (s) => dayKey(weekOf(s.startTime, zone).start, zone))
  return weeks.map((week) => ({
    label: formatDay(week.start, zone).replace(/^\w+ /, ''),
    stats: statsOf(byWeek.get(dayKey(week.start, zone)) ?? [], bookings, now),
  }))
}

export function totalUtilisation(
  slots: readonly SlotView[],
  bookings: SlotBookings,
  now: Date,
): AvailabilityStats {
  return statsOf(slots, bookings, now)
}

/** The slots' empty seats: still bookable, and left empty on slots already started (unusedSeats). */
export function emptySeats(
  slots: readonly SlotView[],
  bookings: SlotBookings,
  now: Date,
): { stillFree: number; leftEmpty: number } {
  return unusedSeats(
    slots.map((s) => ({
      startTime: s.startTime,
      maxBookings: s.maxBookings,
      blocked: s.blocked,
      used: providerSeatsUsed(s, bookings.get(s.id) ?? [], now),
    })),
    now,
  )
}
