/**
 * A slot's weekly sessions as a device finds them among the slots it has: the same wall-clock time a
 * whole number of weeks later, within an hour (a clock change in the provider's zone, which the device
 * does not know). Shared by the series outbox, which plans a series's weeks, and the series form,
 * which offers only as many weeks as are published.
 */

export const WEEK_MS = 7 * 86_400_000
/** A weekly wall-clock time moves by at most an hour in UTC across a clock change. */
export const CLOCK_CHANGE_MS = 3_600_000

/** The slot starting nearest to `at` (ms), if one starts within an hour of it. */
export function sessionNear<T extends { startTime: string }>(slots: readonly T[], at: number): T | null {
  let best: T | null = null
  let bestDistance = CLOCK_CHANGE_MS
  for (const slot of slots) {
    const distance = Math.abs(Date.parse(slot.startTime) - at)
    if (distance <= bestDistance) {
      best = slot
      bestDistance = distance
    }
  }
  return best
}
