import { useMemo } from 'react'
import { MAX_SERIES_OCCURRENCES } from '../../../shared/bookingOperations.js'
import { type SlotView, useSlots } from '../../data/index.js'
import { CLOCK_CHANGE_MS, WEEK_MS } from '../../data/weeklySessions.js'
import { type PublishedWeeks, publishedWeeks } from './publishedWeeks.js'

/**
 * The weeks of `slot`'s time that are published (publishedWeeks.ts), from the slots the device shows
 * (beyond its stored weeks, read from the server while online); null until they are read.
 */
export function usePublishedWeeks(slot: SlotView): PublishedWeeks | null {
  const firstAt = Date.parse(slot.startTime)
  const { providerId, serviceId } = slot
  const filter = useMemo(
    () => ({
      from: new Date(firstAt - CLOCK_CHANGE_MS).toISOString(),
      to: new Date(firstAt + MAX_SERIES_OCCURRENCES * WEEK_MS).toISOString(),
      providerId,
      serviceId,
    }),
    [firstAt, providerId, serviceId],
  )
  const sameKind = useSlots(filter)
  return useMemo(
    () => (sameKind.loading ? null : publishedWeeks(slot, sameKind.data)),
    [sameKind.loading, sameKind.data, slot],
  )
}
