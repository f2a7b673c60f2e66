import { useMemo } from 'react'
import { type PatternSlot, planSlots, type SlotPlan, spanOf } from '../../../shared/slotRules.js'
import { useSlots } from '../../data/index.js'
import { useNow } from '../../ui/useNow.js'

/** Slots end at most this long after they start: how far back to look for one that reaches into the span. */
const LONGEST_SLOT_MS = 24 * 3_600_000

/**
 * What the server will do with these new slots, previewed with the shared rules against this
 * device's copy of the provider's slots (the server checks again and decides).
 */
export function usePlacementPlan(providerId: string, candidates: readonly PatternSlot[]): SlotPlan {
  const now = useNow()
  const span = spanOf(candidates)
  const from = span ? new Date(Date.parse(span.startTime) - LONGEST_SLOT_MS).toISOString() : now.toISOString()
  const to = span?.endTime ?? from
  const existing = useSlots(useMemo(() => ({ from, to, providerId }), [from, to, providerId]))
  return useMemo(() => planSlots(candidates, existing.data, now), [candidates, existing.data, now])
}
