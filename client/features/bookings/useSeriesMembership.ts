import { useCallback, useEffect, useState } from 'react'
import { useSeriesActions } from '../../data/index.js'

/**
 * Which of the customer's bookings belong to a series (online: read from the server; offline the
 * map is empty and the cards simply offer no "cancel the rest of the series").
 */
export function useSeriesMembership(): { inSeries: ReadonlySet<string>; refresh: () => void } {
  const { listSeries } = useSeriesActions()
  const [inSeries, setInSeries] = useState<ReadonlySet<string>>(new Set())
  const refresh = useCallback(() => {
    listSeries().then(
      (all) =>
        setInSeries(
          new Set(
            all.flatMap((series) => series.occurrences.flatMap((o) => (o.bookingId ? [o.bookingId] : []))),
          ),
        ),
      () => {},
    )
  }, [listSeries])
  useEffect(refresh, [refresh])
  return { inSeries, refresh }
}
