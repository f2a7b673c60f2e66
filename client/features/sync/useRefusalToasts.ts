import { useEffect, useMemo } from 'react'
import { ErrorCode } from '../../../shared/errors.js'
import { useMyBookings, useRejections } from '../../data/index.js'
import { useAnnounce, useWithdrawAnnouncement } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { heldSlotIds, refusalToastShown, refusedToastWords } from '../bookings/rejectionText.js'

/** Refusals already considered for a toast in this tab (the notice itself stays until dismissed). */
const toasted = new Set<string>()

const toastKey = (bookingId: string) => `refused:${bookingId}`

/**
 * A booking of this device refused by the server is also told in a toast, whatever page the customer
 * is on (the app shell calls this once): the banner sits at the top of the page, far above a customer
 * scrolled down, while the toast is fixed in the viewport. Each refusal once, and only as long as it
 * is a failure (refusalToastShown): once the customer holds a seat of the slot after all (their other
 * device's booking pulled, the waitlist), the toast is withdrawn and the banner says they are booked.
 * The way forward offers the waitlist when the server refused the booking because the slot was full.
 */
export function useRefusalToasts(zone: string): void {
  const { notices } = useRejections()
  const bookings = useMyBookings().data
  const held = useMemo(() => heldSlotIds(bookings), [bookings])
  const announce = useAnnounce()
  const withdraw = useWithdrawAnnouncement()
  useEffect(() => {
    for (const { booking } of notices) {
      const reason = booking.rejectionReason ?? undefined
      const shown = refusalToastShown(reason, held.has(booking.slotId))
      if (toasted.has(booking.id)) {
        if (!shown) withdraw(toastKey(booking.id))
        continue
      }
      toasted.add(booking.id)
      if (!shown) continue
      const when = formatLongDateTime(booking.startTime, zone)
      announce(refusedToastWords(reason, reason === ErrorCode.SLOT_FULL, when), toastKey(booking.id), {
        lasting: true,
      })
    }
  }, [notices, zone, held, announce, withdraw])
}
