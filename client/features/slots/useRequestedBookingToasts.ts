import { useEffect, useState } from 'react'
import { useMyBookings } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'

interface AwaitedAnswer {
  /** The toast's words once the server has answered, from the status it gave. */
  words: (status: 'PENDING' | 'CONFIRMED') => string
  key: string
}

/** Bookings sent online from this page whose toast depends on the server's answer. */
const awaited = new Map<string, AwaitedAnswer>()
/** Told when an answer is awaited: the server may have answered already (then no later change comes). */
const listeners = new Set<() => void>()

/**
 * Booked online, the device cannot know whether the provider confirms by hand (the server decides):
 * once the server's answer arrives, a booking it left PENDING is announced as requested, awaiting the
 * provider, replacing "Booked …" (same toast key). A confirmed or refused one is left as it is told.
 */
export function announceWhenSettled(bookingId: string, words: AwaitedAnswer['words'], key: string): void {
  awaited.set(bookingId, { words, key })
  for (const listener of listeners) listener()
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
    for (const booking of bookings.data) {
      const answer = awaited.get(booking.id)
      if (!answer || booking.pending) continue
      awaited.delete(booking.id)
      if (booking.status === 'PENDING') announce(answer.words('PENDING'), answer.key)
    }
  }, [bookings.data, announce, registered])
}
