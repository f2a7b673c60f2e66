import { useEffect, useState } from 'react'
import { useMyBookings } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { type BookedWhat, bookedWords, unansweredBookingWords } from '../bookings/actionWords.js'
import { rememberOfflineBooking } from '../sync/offlineBookings.js'
import { bookingToastKey } from '../sync/useSettledBookingToasts.js'

/** How long "Booking …" waits for the server's answer (normally tens of ms) before saying it waits here. */
export const ANSWER_WAIT_MS = 2000

interface AwaitedAnswer {
  what: BookedWhat
  /** The answer did not come within ANSWER_WAIT_MS. */
  overdue: boolean
}

/** Bookings sent online from this page whose toast waits for the server's answer. */
const awaited = new Map<string, AwaitedAnswer>()
/** Told when an answer is awaited or overdue: the server may have answered already (then no later change comes). */
const listeners = new Set<() => void>()
const tell = () => {
  for (const listener of listeners) listener()
}

/**
 * Booked online, the device cannot know the outcome until the server answers: the toast says
 * "Booking …" (the caller announces it under the same key), then "Booked …", or "Requested …" when
 * the provider confirms by hand. A refused one is left to its rejection notice (useRefusalToasts),
 * which withdraws "Booking …" (useSettledBookingToasts). With no answer within ANSWER_WAIT_MS (the
 * server unreachable though the browser is online) the toast says the booking is saved on this device
 * and it is told like one made offline once the server takes it.
 */
export function announceWhenSettled(bookingId: string, what: BookedWhat): void {
  const answer: AwaitedAnswer = { what, overdue: false }
  awaited.set(bookingId, answer)
  window.setTimeout(() => {
    answer.overdue = true
    tell()
  }, ANSWER_WAIT_MS)
  tell()
}

/** Mounted where bookings are made (the booking dialog): tells the answers awaited above. */
export function useRequestedBookingToasts(): void {
  const bookings = useMyBookings()
  const announce = useAnnounce()
  const [registered, setRegistered] = useState(0)
  useEffect(() => {
    const listener = () => setRegistered((n) => n + 1)
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [])
  useEffect(() => {
    if (registered < 0 || awaited.size === 0) return
    for (const [bookingId, answer] of awaited) {
      const booking = bookings.data.find((b) => b.id === bookingId)
      if (booking && !booking.pending) {
        awaited.delete(bookingId)
        if (booking.status === 'PENDING' || booking.status === 'CONFIRMED')
          announce(
            bookedWords(answer.what, { online: true, status: booking.status }),
            bookingToastKey(bookingId, true),
          )
      } else if (answer.overdue) {
        awaited.delete(bookingId)
        // From now on told as a booking made offline: "Booked …" once the server takes it.
        rememberOfflineBooking(bookingId, answer.what)
        announce(unansweredBookingWords(answer.what), bookingToastKey(bookingId, false))
      }
    }
  }, [bookings.data, announce, registered])
}
