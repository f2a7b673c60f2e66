import { useEffect, useMemo } from 'react'
import { seriesNotBooked, seriesNotBookedText } from '../../../shared/seriesNotBooked.js'
import { useMyBookings, useQueuedSeries } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDate } from '../../ui/calendarTime.js'
import { seriesOutcomeWords, seriesStanding, seriesWeeksSince } from './seriesText.js'

/** Series this tab saw waiting to be sent, and those whose answer it has told. */
const waitingSeen = new Set<string>()
const told = new Set<string>()

const toastKey = (seriesId: string) => `series:${seriesId}`

/**
 * The server's answer to a weekly series this tab saw waiting is told in a toast, whatever page the
 * customer is on and whether the booking dialog is still open (the app shell calls this once): a
 * series booked offline is answered when the device reconnects, long after the dialog closed. Weeks
 * not booked are named with why (shared/seriesNotBooked.ts, the words of the SERIES_NOT_BOOKED
 * notification) in a lasting toast; a series booked in full is told once its weeks' bookings are on
 * the device, "booked" or "requested" (seriesText.ts).
 */
export function useSeriesOutcomeToasts(zone: string): void {
  const queued = useQueuedSeries()
  const bookings = useMyBookings().data
  const byId = useMemo(() => new Map(bookings.map((b) => [b.id, b])), [bookings])
  const announce = useAnnounce()
  useEffect(() => {
    for (const series of queued) {
      if (series.state === 'waiting') {
        waitingSeen.add(series.id)
        continue
      }
      if (!waitingSeen.has(series.id) || told.has(series.id)) continue
      if (series.state === 'refused') {
        told.add(series.id)
        announce(
          `Weekly booking not made: ${series.refusal?.message ?? 'the server refused it.'}`,
          toastKey(series.id),
          {
            lasting: true,
          },
        )
        continue
      }
      if (!series.result) continue
      const standing = seriesStanding(series.result, (bookingId) => byId.get(bookingId)?.status)
      if (standing === 'unknown') continue
      told.add(series.id)
      const notBooked = seriesNotBooked(series.result)
      if (notBooked)
        announce(
          seriesNotBookedText(notBooked, (iso) => formatLongDate(iso, zone), series.serviceName, standing),
          toastKey(series.id),
          { lasting: true },
        )
      else {
        // Told once per series (`told`): a week cancelled later changes the panel's words, not this toast.
        const since = seriesWeeksSince(series.result, (bookingId) => byId.get(bookingId))
        announce(`${seriesOutcomeWords(series.result, standing, since).title}.`, toastKey(series.id))
      }
    }
  }, [queued, byId, zone, announce])
}
