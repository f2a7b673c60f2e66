/**
 * The service of each booking's slot, by slot id, for a list of bookings across slots (the Requests
 * page): a booking names only its service's id, and its slot document names the service. A provider's
 * device replicates all of its own slots, so the names are there offline too.
 */
import { useMemo } from 'react'
import type { BookingView } from '../../data/index.js'
import { useSlots } from '../../data/index.js'

/** `wanted` false: no slot is read (an empty range) and the map stays empty. */
export function useSlotServiceNames(
  bookings: readonly BookingView[],
  wanted: boolean,
): ReadonlyMap<string, string> {
  const starts = wanted ? bookings.map((b) => b.startTime).sort() : []
  const from = starts[0] ?? new Date(0).toISOString()
  const last = starts.at(-1)
  // The range ends just after the last booking's start, so that slot is inside it ([from, to)).
  const to = last ? new Date(Date.parse(last) + 1).toISOString() : from
  const slots = useSlots(useMemo(() => ({ from, to }), [from, to]))
  return useMemo(() => new Map(slots.data.map((slot) => [slot.id, slot.serviceName])), [slots.data])
}
