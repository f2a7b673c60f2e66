/**
 * The bookable horizon a customer's device replicates (issue 13, goal 2): the slots starting before
 * the end of today + SLOT_HORIZON_DAYS (UTC), plus every slot the customer holds a booking on, not the
 * whole future. A provider keeps replicating all their own slots. Weeks beyond the horizon are read
 * online (GET /api/replication/slots/window) and are not available offline.
 *
 * The end moves once a day (it is a UTC day boundary), so a pull reads the band that entered the
 * horizon at most once a day, not at every pull. Why no slot is missed when time passes: see
 * pullChanges.ts (a slot entering the horizon has not changed, so the window of the pull that moves
 * the horizon sends every slot starting in [old end, new end) whatever its change_xid).
 */
import { TZDate } from '@date-fns/tz'
import { addDays, startOfDay } from 'date-fns'

/** The horizon's end for a pull made at `now`; null when no horizon is configured (0 days). */
export function slotHorizonEnd(now: Date, days: number): Date | null {
  if (days <= 0) return null
  return new Date(addDays(startOfDay(new TZDate(now, 'UTC')), days + 1).getTime())
}

/**
 * The end a device's next window reads with: the configured end, never before the end the device
 * already holds (its copy only grows; a shorter setting applies to new devices). A device whose
 * checkpoint has no horizon holds the whole future and keeps doing so.
 */
export function nextHorizon(held: string | null | undefined, firstPull: boolean, end: Date | null) {
  if (end === null) return null
  if (firstPull) return end.toISOString()
  if (held === null || held === undefined) return null
  return Date.parse(held) >= end.getTime() ? held : end.toISOString()
}
