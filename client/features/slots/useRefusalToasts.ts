import { useEffect } from 'react'
import { useRejections } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { refusedToastWords } from '../bookings/rejectionText.js'

/** Refusals already toasted in this tab (the notice itself stays until dismissed). */
const toasted = new Set<string>()

/**
 * A booking of this device refused by the server is also told in a toast: the banner sits at the top
 * of the page, far above a customer scrolled down the week, while the toast is fixed in the viewport.
 * Each refusal once; one the customer holds a seat of anyway is news for the banner only.
 */
export function useRefusalToasts(
  zone: string,
  seatHeld: (slotId: string) => boolean,
  slotFull: (slotId: string) => boolean,
): void {
  const { notices } = useRejections()
  const announce = useAnnounce()
  useEffect(() => {
    for (const { booking } of notices) {
      if (toasted.has(booking.id)) continue
      toasted.add(booking.id)
      if (seatHeld(booking.slotId)) continue
      const when = formatLongDateTime(booking.startTime, zone)
      announce(
        refusedToastWords(booking.rejectionReason ?? undefined, slotFull(booking.slotId), when),
        `refused:${booking.id}`,
        { lasting: true },
      )
    }
  }, [notices, zone, seatHeld, slotFull, announce])
}
