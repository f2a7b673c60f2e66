import { useMemo } from 'react'
import type { BookingSeries } from '../../../shared/bookingOperations.js'
import { useMyBookings } from '../../data/index.js'
import {
  type SeriesOutcomeWords,
  type SeriesStanding,
  seriesOutcomeWords,
  seriesStanding,
  seriesWeeksSince,
} from './seriesText.js'

/**
 * A series' answer in words, by the status of its weeks' bookings on this device (the server's
 * answer names each week's booking, not its status): "requested" while the provider has to confirm
 * them, "booked" once every one is known and confirmed (seriesText.ts); a week cancelled or declined
 * since is counted apart and said so (`since`, by week index).
 */
export function useSeriesOutcome(series: BookingSeries | undefined): SeriesOutcomeWords & {
  standing: SeriesStanding
  since: ReadonlyMap<number, string>
} {
  const bookings = useMyBookings().data
  const byId = useMemo(() => new Map(bookings.map((b) => [b.id, b])), [bookings])
  const answered = series ?? { booked: 0, occurrences: [] }
  const standing = seriesStanding(answered, (bookingId) => byId.get(bookingId)?.status)
  const since = seriesWeeksSince(answered, (bookingId) => byId.get(bookingId))
  return { standing, since, ...seriesOutcomeWords(answered, standing, since) }
}
