/**
 * A zone's wall clock around its changes, read from the zone's own offsets (@date-fns/tz's tzOffset,
 * i.e. Intl), never from the zone the process runs in: a TZDate built from a local time resolves a
 * time that happens twice depending on the device's zone, so a repeated time was found on some
 * devices and not on others. The weekly pattern (slotRules.ts) and the client's calendar texts
 * (client/ui/calendarTime.ts) both ask here.
 */
import { tzOffset } from '@date-fns/tz'

const DAY_MS = 86_400_000

/** A local date and time in a zone; `month` counts from 0, as Date's does. */
export interface WallClock {
  year: number
  month: number
  date: number
  hours: number
  minutes: number
}

/**
 * The instants (ms, earliest first) at which `timeZone`'s clocks show this local time: one on most
 * days, none when the clocks skip it (spring forward), two when they show it twice (fall back); and
 * where a skipped time moves to (forward by the change, as the zone's clocks do).
 */
export function instantsShowing(local: WallClock, timeZone: string): { instants: number[]; movedTo: number } {
  const asUtc = Date.UTC(local.year, local.month, local.date, local.hours, local.minutes)
  // A day either side of the time: the offsets differ only when the clocks change in between.
  const before = offsetAt(asUtc - DAY_MS, timeZone)
  const after = offsetAt(asUtc + DAY_MS, timeZone)
  const instants = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((instant) => offsetAt(instant, timeZone) === asUtc - instant)
    .sort((a, b) => a - b)
  return { instants, movedTo: asUtc - before }
}

/** Whether the local time `instant` shows in `timeZone` happens twice that day (the clocks go back over it). */
export function repeatsLocalTime(instant: number, timeZone: string): boolean {
  const local = new Date(instant + offsetAt(instant, timeZone))
  const wallClock = {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth(),
    date: local.getUTCDate(),
    hours: local.getUTCHours(),
    minutes: local.getUTCMinutes(),
  }
  return instantsShowing(wallClock, timeZone).instants.length > 1
}

/** The zone's offset from UTC at `instant`, in ms (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  return tzOffset(timeZone, new Date(instant)) * 60_000
}
