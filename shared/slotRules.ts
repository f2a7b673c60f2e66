/**
 * Where a provider may put new slots: never starting in the past, never overlapping another of
 * their slots (a duplicate is the extreme overlap). The server applies these rules when it creates
 * slots (and decides); the weekly form applies the same functions to its local copy of the
 * provider's slots to preview what will be created and what skipped.
 *
 * Weekly patterns are expanded here too, in the provider's IANA zone: wall-clock times are resolved
 * per day from the zone's own offsets (zoneClock.ts, whatever the device's zone), so 09:00 stays
 * 09:00 local across a DST change. A time that does not
 * exist on a spring-forward day (02:30 in Berlin on the last Sunday of March) is skipped, and listed
 * as skipped with SLOT_TIME_NONEXISTENT, rather than moved; a time that happens twice on a fall-back
 * day (02:30 on the last Sunday of October) is created once, at its first occurrence (still summer
 * time, as RFC 5545 reads such a time), and marked `repeated` so the form can say so.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, differenceInCalendarDays, getISODay } from 'date-fns'
import { z } from 'zod'
import { ErrorCode } from './errors.js'
import { IsoDate, TimeOfDay } from './schemas.js'
import { instantsShowing, type WallClock } from './zoneClock.js'

export interface SlotInstant {
  startTime: string
  endTime: string
}

/** One occurrence of a weekly pattern, with what the zone's clock change does to its local time. */
export interface PatternSlot extends SlotInstant {
  /**
   * The local time as asked ("02:30") when the zone has no such time that day (clocks go forward):
   * the occurrence is skipped, and its start is where that time would have been moved to.
   */
  nonexistentTime?: string
  /** The local time happens twice that day (clocks go back): the slot is at the first of them. */
  repeated?: true
}

/** Why one new slot is refused: the errors a single slot is answered with (409). */
export type PlacementRefusal = typeof ErrorCode.SLOT_IN_PAST | typeof ErrorCode.SLOT_OVERLAPS

export const SlotSkipReason = z.enum([
  ErrorCode.SLOT_IN_PAST,
  ErrorCode.SLOT_OVERLAPS,
  /** Overlaps another time of the same pattern (e.g. 09:00 and 09:30 with a 60-minute length). */
  'SLOT_OVERLAPS_PATTERN',
  /** The local time does not exist that day in the provider's zone (clocks go forward). */
  'SLOT_TIME_NONEXISTENT',
])
export type SlotSkipReason = z.infer<typeof SlotSkipReason>

export const SkippedSlot = z.object({
  startTime: z.string(),
  endTime: z.string(),
  reason: SlotSkipReason,
  /** With SLOT_TIME_NONEXISTENT: the local time asked for, "02:30". */
  nonexistentTime: z.string().optional(),
})
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
): PlacementRefusal | null {
  if (Date.parse(candidate.startTime) <= now.getTime()) return ErrorCode.SLOT_IN_PAST
  if (existing.some((slot) => overlaps(candidate, slot))) return ErrorCode.SLOT_OVERLAPS
  return null
}

/**
 * The first slot as long as `candidate` starting at or after it that overlaps none of `existing` (the
 * provider's live slots; the overlap rule of slotRefusal): each clash moves the start to the end of
 * the latest slot it overlaps. Null when that start would be after `latestStart`.
 */
export function firstFreeSlot(
  candidate: SlotInstant,
  existing: readonly SlotInstant[],
  latestStart: string,
): SlotInstant | null {
  const length = Date.parse(candidate.endTime) - Date.parse(candidate.startTime)
  let slot = candidate
  for (;;) {
    if (Date.parse(slot.startTime) > Date.parse(latestStart)) return null
    const clashes = existing.filter((other) => overlaps(slot, other))
    if (clashes.length === 0) return slot
    const start = Math.max(...clashes.map((other) => Date.parse(other.endTime)))
    slot = { startTime: new Date(start).toISOString(), endTime: new Date(start + length).toISOString() }
  }
}

/**
 * Splits candidates into those to create and those skipped (with why), in start order: a pattern's
 * time the zone does not have that day, a start in the past, an overlap with an existing slot, or
 * with an earlier candidate (the pattern's own times overlapping each other).
 */
export function planSlots(
  candidates: readonly PatternSlot[],
  existing: readonly SlotInstant[],
  now: Date,
): SlotPlan {
  const plan: SlotPlan = { create: [], skipped: [] }
  const sorted = [...candidates].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime))
  for (const { startTime, endTime, nonexistentTime } of sorted) {
    const candidate = { startTime, endTime }
    if (nonexistentTime) {
      plan.skipped.push({ ...candidate, reason: 'SLOT_TIME_NONEXISTENT', nonexistentTime })
      continue
    }
    const reason =
      slotRefusal(candidate, existing, now) ??
      (plan.create.some((planned) => overlaps(candidate, planned)) ? 'SLOT_OVERLAPS_PATTERN' : null)
    if (reason) plan.skipped.push({ ...candidate, reason })
    else plan.create.push(candidate)
  }
  return plan
}

/**
 * The error a single slot is refused with. Only SLOT_IN_PAST and SLOT_OVERLAPS can refuse one slot
 * (the other reasons belong to a pattern's times); any overlap is SLOT_OVERLAPS.
 */
export function refusalCode(reason: SlotSkipReason): PlacementRefusal {
  return reason === ErrorCode.SLOT_IN_PAST ? reason : ErrorCode.SLOT_OVERLAPS
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

/** Every occurrence of the pattern, those whose local time the zone lacks that day included (marked). */
export function expandWeeklyPattern(pattern: WeeklyPattern, timeZone: string): PatternSlot[] {
  const first = localDate(pattern.fromDate, timeZone)
  const days = differenceInCalendarDays(localDate(pattern.toDate, timeZone), first)
  const times = [...new Set(pattern.startTimes)].sort()
  const slots: PatternSlot[] = []
  for (let offset = 0; offset <= days; offset++) {
    const day = addDays(first, offset)
    if (!pattern.weekdays.includes(getISODay(day))) continue
    for (const time of times) {
      const date = { year: day.getFullYear(), month: day.getMonth(), date: day.getDate() }
      slots.push(slotAt(date, time, pattern.durationMinutes, timeZone))
    }
  }
  return slots
}

/**
 * One slot at a local date ("yyyy-MM-dd") and time ("HH:mm") in the provider's zone, by the same rule
 * as each occurrence of a weekly pattern: a time the zone skips that day is marked `nonexistentTime`
 * (the single-slot form refuses it; date-fns' parse moved it an hour on silently), a time it shows
 * twice is its first occurrence, marked `repeated`, whatever the device's own zone. Null when the
 * date or time is malformed.
 */
export function slotAtLocalTime(
  day: string,
  time: string,
  durationMinutes: number,
  timeZone: string,
): PatternSlot | null {
  if (!IsoDate.safeParse(day).success || !TimeOfDay.safeParse(time).success) return null
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return slotAt({ year, month: month - 1, date }, time, durationMinutes, timeZone)
}

/** `time` ("HH:mm") on a local date (`month` from 0) in the zone, `durationMinutes` long. */
function slotAt(
  day: Omit<WallClock, 'hours' | 'minutes'>,
  time: string,
  durationMinutes: number,
  timeZone: string,
): PatternSlot {
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  const { instants, movedTo } = instantsShowing({ ...day, hours, minutes }, timeZone)
  // A repeated time: its first occurrence (still summer time); a missing one: where it moves to.
  const start = instants[0] ?? movedTo
  return {
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + durationMinutes * 60_000).toISOString(),
    ...(instants.length === 0 && { nonexistentTime: time }),
    ...(instants.length > 1 && { repeated: true }),
  }
}

function localDate(isoDate: string, timeZone: string): TZDate {
  const [year, month, date] = isoDate.split('-').map(Number) as [number, number, number]
  return new TZDate(year, month - 1, date, timeZone)
}
