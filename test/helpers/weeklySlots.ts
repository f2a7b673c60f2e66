/** Fixture slots at the same weekly wall-clock time of a provider (the shape a series books). */
import { seriesStartTimes } from '../../shared/bookingOperations.js'
import type { Slot } from '../../shared/schemas.js'
import type { TestFixtures, TestUser } from './testFixtures.js'

/** `weeks` weekly slots of `provider` (providerA by default), starting `daysFromNow` days ahead. */
export async function weeklySlots(
  seed: TestFixtures,
  options: { weeks: number; maxBookings?: number; daysFromNow?: number; provider?: TestUser },
): Promise<Slot[]> {
  const provider = options.provider ?? seed.providerA
  const first = new Date(Date.now() + (options.daysFromNow ?? 2) * 86_400_000)
  first.setUTCMinutes(0, 0, 0)
  const starts = seriesStartTimes(first.toISOString(), provider.timeZone, { weeks: options.weeks })
  const slots: Slot[] = []
  for (const startTime of starts) {
    slots.push(await seed.createSlot({ provider, startTime, maxBookings: options.maxBookings ?? 1 }))
  }
  return slots
}
