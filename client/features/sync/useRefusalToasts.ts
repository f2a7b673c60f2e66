import { useEffect, useMemo } from 'react'
import { ErrorCode } from '../../../shared/errors.js'
import { useMyBookings, useRejections } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { heldSlotIds, refusedToastWords } from '../bookings/rejectionText.js'

/** Refusals already toasted in this tab (the notice itself stays until dismissed). */
const toasted = new Set<string>()

/**
 * A booking of this device refused by the server is also told in a toast, whatever page the customer
 * is on (the app shell calls this once): the banner sits at the top of the page, far above a customer
 * scrolled down, while the toast is fixed in the viewport. Each refusal once; one the customer holds a
 * seat of anyway is news for the banner only. The way forward offers the waitlist when the server
 * refused the booking because the slot was full.
 */
export function useRefusalToasts(zone: string): void {
  const { notices } = useRejections()
  const bookings = useMyBookings().data
  const held = useMemo(() => heldSlotIds(bookings), [bookings])
  const announce = useAnnounce()
  useEffect(() => {
    for (const { booking } of notices) {
      if (toasted.has(booking.id)) continue
      toasted.add(booking.id)
      if (held.has(booking.slotId)) continue
      const reason = booking.rejectionReason ?? undefined
      const when = formatLongDateTime(booking.startTime, zone)
      announce(refusedToastWords(reason, reason === ErrorCode.SLOT_FULL, when), `refused:${booking.id}`, {
        lasting: true,
      })
    }
  }, [notices, zone, held, announce])
}
