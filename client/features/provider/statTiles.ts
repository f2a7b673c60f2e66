/**
 * The Stats page's tiles for the chosen week. Empty seats are split as Insights splits them: a walk
 * read "Seats free 37" of which only 13 could still be booked, the rest belonging to slots over.
 */
import type { AvailabilityStats } from '../../../shared/schemas.js'
import { seatsPercent } from '../../ui/seatText.js'

export interface StatTile {
  label: string
  value: string | number
}

export function statTiles(
  stats: AvailabilityStats,
  empty: { stillFree: number; leftEmpty: number },
): StatTile[] {
  return [
    { label: 'Utilisation', value: seatsPercent(stats.booked, stats.capacity) },
    { label: 'Seats booked', value: stats.booked },
    { label: 'Still free', value: empty.stillFree },
    { label: 'Left empty', value: empty.leftEmpty },
    { label: 'Slots', value: stats.slots },
  ]
}
