import { z } from 'zod'
import { Capacity, type Service, SlotDurationMinutes } from '../../../shared/schemas.js'
import {
  type SkippedSlot,
  type SlotInstant,
  type SlotSkipReason,
  slotAtLocalTime,
} from '../../../shared/slotRules.js'
import { latestSlotStart, slotLimitIssue } from '../../../shared/slotLimits.js'
import { validationWords } from '../../data/validationWords.js'
import { dayKey, formatDay, formatTime, formatTimeRange } from '../../ui/calendarTime.js'

export interface SlotBasics {
  serviceId: string
  durationMinutes: number
  maxBookings: number
}

/** Length and capacity follow the chosen service's own (a group class starts with its many seats). */
export function basicsForService(service: Service | undefined, current?: SlotBasics): SlotBasics {
  return {
    serviceId: service?.id ?? current?.serviceId ?? '',
    durationMinutes: service?.durationMinutes ?? current?.durationMinutes ?? 60,
    maxBookings: service?.defaultCapacity ?? current?.maxBookings ?? 1,
  }
}

const Basics = z.object({ durationMinutes: SlotDurationMinutes, maxBookings: Capacity })

/**
 * Why a length or capacity cannot be used, in words ("Length must be at most 1440."), or null: the
 * single-slot form checks what the weekly pattern's schema checks, before a length of 100,000 minutes
 * reads as "This overlaps one of your slots" (a walk saw that).
 */
export function basicsProblem(basics: SlotBasics): string | null {
  const parsed = Basics.safeParse({
    durationMinutes: basics.durationMinutes,
    maxBookings: basics.maxBookings,
  })
  if (parsed.success) return null
  return validationWords(parsed.error.issues) ?? parsed.error.issues.map((i) => i.message).join('. ')
}

/** "Thu 31 Dec", with the year when it is not `now`'s year in the zone: "Thu 31 Dec 2099". */
export function dayNamingYear(instant: string, zone: string, now: Date): string {
  const year = dayKey(instant, zone).slice(0, 4)
  const day = formatDay(instant, zone)
  return year === dayKey(now, zone).slice(0, 4) ? day : `${day} ${year}`
}

/** The toast after creating one slot: "Slot created on Thu 31 Dec 2099 at 23:30." */
export function slotCreatedText(startTime: string, zone: string, now: Date): string {
  return `Slot created on ${dayNamingYear(startTime, zone, now)} at ${formatTime(startTime, zone)}.`
}

/** Why a slot of a pattern is skipped, after its day and time in the preview. */
const SKIP_REASONS: Record<SlotSkipReason, string> = {
  SLOT_IN_PAST: 'in the past',
  SLOT_OVERLAPS: 'overlaps one of your slots',
  SLOT_OVERLAPS_PATTERN: 'overlaps another time of this pattern',
  SLOT_TIME_NONEXISTENT: 'this time does not exist that night (the clocks go forward)',
}

/** The same reasons counted in the toast after creating: "2 overlapping your slots". */
const SKIP_COUNTS: Record<SlotSkipReason, string> = {
  SLOT_IN_PAST: 'in the past',
  SLOT_OVERLAPS: 'overlapping your slots',
  SLOT_OVERLAPS_PATTERN: 'overlapping another time of the pattern',
  SLOT_TIME_NONEXISTENT: 'at a time the clocks skip',
}

/** "Sun 28 Mar 02:30: this time does not exist that night (…)", "Mon 22 Mar 09:30–10:30: in the past". */
export function skippedSlotText(slot: SkippedSlot, zone: string): string {
  // A time the zone does not have is named as asked (its start is where the clock would move it).
  const time = slot.nonexistentTime ?? formatTimeRange(slot.startTime, slot.endTime, zone)
  return `${formatDay(slot.startTime, zone)} ${time}: ${SKIP_REASONS[slot.reason]}`
}

/** "27 slots created, 1 skipped (1 at a time the clocks skip)." */
export function patternCreatedText(created: number, skipped: readonly SkippedSlot[]): string {
  const made = `${created} ${created === 1 ? 'slot' : 'slots'} created`
  if (skipped.length === 0) return `${made}.`
  const counts = new Map<SlotSkipReason, number>()
  for (const { reason } of skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1)
  const why = [...counts].map(([reason, count]) => `${count} ${SKIP_COUNTS[reason]}`).join(', ')
  return `${made}, ${skipped.length} skipped (${why}).`
}

/** "Sun 31 Oct 02:30 happens twice (the clocks go back): the slot starts at the first 02:30." */
export function repeatedTimeText(slot: SlotInstant, zone: string): string {
  const time = formatTime(slot.startTime, zone)
  return `${formatDay(slot.startTime, zone)} ${time} happens twice (the clocks go back): the slot starts at the first ${time}.`
}

/** What the single-slot form makes of its date and time in the provider's zone. */
export interface SingleSlotTime {
  /** The slot to create; null when the date or time is malformed or the time does not exist that day. */
  slot: SlotInstant | null
  /** Why the time cannot be used, shown at the time field: the clocks skip it that day. */
  timeProblem: string | null
  /** The time happens twice that day (the clocks go back): which of the two the slot starts at. */
  repeatedNote: string | null
}

/**
 * The single slot at `day` ("yyyy-MM-dd") and `time` ("HH:mm") in `zone`, by the weekly pattern's own
 * rule (slotAtLocalTime): a time the clocks skip is refused in words ("02:30 does not exist on Sun 28
 * Mar in Europe/Berlin: the clocks go forward that night. Pick another time, such as 03:30."), where
 * the form once moved it an hour on without a word; a time they show twice is the first, said so.
 */
export function singleSlotTime(
  day: string,
  time: string,
  durationMinutes: number,
  zone: string,
  now: Date = new Date(),
): SingleSlotTime {
  const planned = slotAtLocalTime(day, time, durationMinutes, zone)
  if (!planned) return { slot: null, timeProblem: null, repeatedNote: null }
  const { startTime, endTime, nonexistentTime, repeated } = planned
  if (nonexistentTime) {
    // Its start is where the clocks move that time to: the nearest time that day that exists.
    const timeProblem =
      `${nonexistentTime} does not exist on ${formatDay(startTime, zone)} in ${zone}: the clocks go ` +
      `forward that night. Pick another time, such as ${formatTime(startTime, zone)}.`
    return { slot: null, timeProblem, repeatedNote: null }
  }
  const slot = { startTime, endTime }
  // The server's horizon (shared/slotLimits.ts), said at the field before saving: a slot made
  // offline beyond it would only be refused when sent.
  if (slotLimitIssue(slot, now)?.path[0] === 'startTime') {
    const latest = dayNamingYear(latestSlotStart(now).toISOString(), zone, now)
    const timeProblem = `A slot starts at most 5 years ahead: pick a day up to ${latest}.`
    return { slot: null, timeProblem, repeatedNote: null }
  }
  return { slot, timeProblem: null, repeatedNote: repeated ? repeatedTimeText(slot, zone) : null }
}
