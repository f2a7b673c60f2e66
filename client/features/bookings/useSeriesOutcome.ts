import { useMemo } from 'react'
import type { BookingSeries } from '../../../shared/bookingOperations.js'
import { useMyBookings } from '../../data/index.js'
import {
  type SeriesOutcomeWords,
  type SeriesStanding,
  seriesOutcomeWords,
  seriesStanding,
} from './seriesText.js'

/**
 * A series' answer in words, by the status of its weeks' bookings on this device (the server's
 * answer names each week's booking, not its status): "requested" while the provider has to confirm
 * them, "booked" once every one is known and confirmed (seriesText.ts).
 */
export function useSeriesOutcome(series: BookingSeries | undefined): SeriesOutcomeWords & {
  standing: SeriesStanding
} {
  const bookings = useMyBookings().data
  const status = useMemo(() => new Map(bookings.map((b) => [b.id, b.status])), [bookings])
  const answered = series ?? { booked: 0, occurrences: [] }
  const standing = seriesStanding(answered, (bookingId) => status.get(bookingId))
  return { standing, ...seriesOutcomeWords(answered, standing) }
}
