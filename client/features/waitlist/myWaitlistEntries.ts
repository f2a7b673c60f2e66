import type { WaitlistEntryView } from '../../data/index.js'

/**
 * The entry that speaks for the customer on each slot: the one still waiting, else the latest one
 * (promoted, booked, rejected); withdrawn and expired entries say nothing.
 */
export function entriesBySlot(entries: readonly WaitlistEntryView[]): Map<string, WaitlistEntryView> {
  const bySlot = new Map<string, WaitlistEntryView>()
  for (const entry of entries) {
    if (entry.status === 'LEFT' || entry.status === 'EXPIRED') continue
    const known = bySlot.get(entry.slotId)
    if (!known || (known.status !== 'WAITING' && entry.joinedAt >= known.joinedAt))
      bySlot.set(entry.slotId, entry)
  }
  return bySlot
}
