/**
 * The time the single-slot form suggests on a day: the preferred time (09:00) or, when one of the
 * provider's slots is there, the first time after it that day where a slot of this length clashes
 * with none (firstFreeSlot, the overlap rule the server refuses SLOT_OVERLAPS by), as this device
 * knows the provider's slots.
 */
import { useMemo } from 'react'
import { firstFreeSlot, slotAtLocalTime } from '../../../shared/slotRules.js'
import { useSlots } from '../../data/index.js'
import { dayKey, formatTime } from '../../ui/calendarTime.js'

export const PREFERRED_START = '09:00'
/** Slots end at most this long after they start: how far back to look for one that reaches into the day. */
const LONGEST_SLOT_MS = 24 * 3_600_000

/** "HH:mm" to prefill on `day` ("yyyy-MM-dd"); the preferred time when none is free that day (the form then says it clashes). */
export function useFreeStartTime(
  providerId: string,
  day: string,
  durationMinutes: number,
  zone: string,
): string {
  const preferred = slotAtLocalTime(day, PREFERRED_START, durationMinutes, zone)
  const startTime = preferred && !preferred.nonexistentTime ? preferred.startTime : null
  const endTime = preferred?.endTime ?? null
  const from = startTime ? new Date(Date.parse(startTime) - LONGEST_SLOT_MS).toISOString() : ''
  const to = startTime ? new Date(Date.parse(startTime) + LONGEST_SLOT_MS).toISOString() : ''
  const existing = useSlots(useMemo(() => ({ from, to, providerId }), [from, to, providerId]))
  return useMemo(() => {
    if (!startTime || !endTime) return PREFERRED_START
    const free = firstFreeSlot({ startTime, endTime }, existing.data, to)
    return free && dayKey(free.startTime, zone) === day ? formatTime(free.startTime, zone) : PREFERRED_START
  }, [startTime, endTime, existing.data, to, zone, day])
}
