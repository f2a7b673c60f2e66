/**
 * Where a provider may put new slots: never starting in the past, never overlapping another of
 * their slots (a duplicate is the extreme overlap). The server applies these rules when it creates
 * slots (and decides); the weekly form applies the same functions to its local copy of the
 * provider's slots to preview what will be created and what skipped.
 *
 * Weekly patterns are expanded here too, in the provider's IANA zone: wall-clock times are resolved
 * per day by @date-fns/tz, so 09:00 stays 09:00 local across a DST change, and a time that does not
 * exist on a spring-forward day is skipped rather than silently moved.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, addMinutes, differenceInCalendarDays, getISODay } from 'date-fns'
import { z } from 'zod'
import { ErrorCode } from './errors.js'

export interface SlotInstant {
  startTime: string
  endTime: string
}

export const SlotSkipReason = z.enum([ErrorCode.SLOT_IN_PAST, ErrorCode.SLOT_OVERLAPS])
export type SlotSkipReason = z.infer<typeof SlotSkipReason>

export const SkippedSlot = z.object({ startTime: z.string(), endTime: z.string(), reason: SlotSkipReason })
export type SkippedSlot = z.infer<typeof SkippedSlot>

export interface SlotPlan {
  create: SlotInstant[]
  skipped: SkippedSlot[]
}

/** Half-open intervals: a slot ending at 10:00 and one starting at 10:00 do not overlap. */
export function overlaps(a: SlotInstant, b: SlotInstant): boolean {
  return Date.parse(a.startTime) < Date.parse(b.endTime) && Date.parse(b.startTime) < Date.parse(a.endTime)
}

/** Why `candidate` may not be created beside `existing` (the provider's live slots), or null. */
export function slotRefusal(
  candidate: SlotInstant,
  existing: readonly SlotInstant[],
  now: Date,
): SlotSkipReason | null {
  if (Date.parse(candidate.startTime) <= now.getTime()) return ErrorCode.SLOT_IN_PAST
  if (existing.some((slot) => overlaps(candidate, slot))) return ErrorCode.SLOT_OVERLAPS
  return null
}

/** Splits candidates into those to create and those skipped (with why), in start order; candidates also must not overlap each other. */
export function planSlots(
  candidates: readonly SlotInstant[],
  existing: readonly SlotInstant[],
  now: Date,
): SlotPlan {
  const plan: SlotPlan = { create: [], skipped: [] }
  const sorted = [...candidates].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))
  for (const candidate of sorted) {
    const reason = slotRefusal(candidate, [...existing, ...plan.create], now)
    if (reason) plan.skipped.push({ ...candidate, reason })
    else plan.create.push(candidate)
  }
  return plan
}

/** The span a set of candidates covers, to fetch only the existing slots that could overlap them. */
export function spanOf(slots: readonly SlotInstant[]): SlotInstant | null {
  if (slots.length === 0) return null
  const starts = slots.map((s) => s.startTime).sort()
  const ends = slots.map((s) => s.endTime).sort()
  return { startTime: starts[0] as string, endTime: ends.at(-1) as string }
}

export interface WeeklyPattern {
  /** yyyy-MM-dd, inclusive, in the provider's zone */
  fromDate: string
  toDate: string
  /** ISO weekdays, 1 = Monday ... 7 = Sunday */
  weekdays: readonly number[]
  /** HH:mm local times */
  startTimes: readonly string[]
  durationMinutes: number
}

export function expandWeeklyPattern(pattern: WeeklyPattern, timeZone: string): SlotInstant[] {
  const first = localDate(pattern.fromDate, timeZone)
  const days = differenceInCalendarDays(localDate(pattern.toDate, timeZone), first)
  const times = [...new Set(pattern.startTimes)].sort()
  const instants: SlotInstant[] = []
  for (let offset = 0; offset <= days; offset++) {
    const day = addDays(first, offset)
    if (!pattern.weekdays.includes(getISODay(day))) continue
    for (const time of times) {
      const [hours, minutes] = time.split(':').map(Number) as [number, number]
      const start = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes, timeZone)
      if (start.getHours() !== hours || start.getMinutes() !== minutes) continue
      instants.push({
        startTime: new Date(start.getTime()).toISOString(),
        endTime: new Date(addMinutes(start, pattern.durationMinutes).getTime()).toISOString(),
      })
    }
  }
  return instants
}

function localDate(isoDate: string, timeZone: string): TZDate {
  const [year, month, date] = isoDate.split('-').map(Number) as [number, number, number]
  return new TZDate(year, month - 1, date, timeZone)
}
