import { useCallback } from 'react'
import { type SettledBooking, useBookingSettled } from '../../data/index.js'
import { useAnnounce, useWithdrawAnnouncement } from '../../ui/Announcer.js'
import { bookedWords } from '../bookings/actionWords.js'
import { takeOfflineBooking } from './offlineBookings.js'

/** The key of the toast that announced a booking made on this device (online or not). */
export function bookingToastKey(bookingId: string, online: boolean): string {
  return `${online ? 'booked' : 'booked-offline'}:${bookingId}`
}

/**
 * Once the server has answered a booking, a toast saying it will be sent is stale, and after a
 * rejection so is any toast saying it was booked (the rejection shows its own notice). A booking
 * made offline in this tab and now taken is told once: "Booked …", or "Requested …" when the
 * provider confirms by hand.
 */
export function useSettledBookingToasts(): void {
  const announce = useAnnounce()
  const withdraw = useWithdrawAnnouncement()
  const onSettled = useCallback(
    ({ bookingId, rejected, status }: SettledBooking) => {
      withdraw(bookingToastKey(bookingId, false))
      if (rejected) withdraw(bookingToastKey(bookingId, true))
      const madeOffline = takeOfflineBooking(bookingId)
      if (madeOffline && (status === 'PENDING' || status === 'CONFIRMED'))
        announce(bookedWords(madeOffline, { online: true, status }), bookingToastKey(bookingId, true))
    },
    [announce, withdraw],
  )
  useBookingSettled(onSettled)
}
