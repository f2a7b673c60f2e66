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

/**
 * The customer's places still in a queue, soonest slot first: what My bookings lists. A slot that has
 * started no longer waits (the server expires its entries); left, expired and answered entries are done.
 */
export function waitingPlaces(entries: readonly WaitlistEntryView[], now: Date): WaitlistEntryView[] {
  return entries
    .filter((entry) => entry.status === 'WAITING' && Date.parse(entry.startTime) > now.getTime())
    .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.slotId.localeCompare(b.slotId))
}
