import { useCallback } from 'react'
import { type SettledBooking, useBookingSettled } from '../../data/index.js'
import { useWithdrawAnnouncement } from '../../ui/Announcer.js'

/** The key of the toast that announced a booking made on this device (online or not). */
export function bookingToastKey(bookingId: string, online: boolean): string {
  return `${online ? 'booked' : 'booked-offline'}:${bookingId}`
}

/**
 * Once the server has answered a booking, a toast saying it will be sent is stale, and after a
 * rejection so is any toast saying it was booked (the rejection shows its own notice).
 */
export function useSettledBookingToasts(): void {
  const withdraw = useWithdrawAnnouncement()
  const onSettled = useCallback(
    ({ bookingId, rejected }: SettledBooking) => {
      withdraw(bookingToastKey(bookingId, false))
      if (rejected) withdraw(bookingToastKey(bookingId, true))
    },
    [withdraw],
  )
  useBookingSettled(onSettled)
}
