/**
 * The bookings this tab made offline, with what their toast names (service, day, time), until the
 * server answers them: then useSettledBookingToasts says they were booked. Kept in sessionStorage, so
 * an offline reload of the tab still says it once they are sent; a booking made online is never kept
 * here (its toast came when it was made).
 */
import type { BookedWhat } from '../bookings/actionWords.js'

const KEY = 'uniservice.offlineBookings'

type Kept = Record<string, BookedWhat>

function read(): Kept {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Kept
  } catch {
    return {}
  }
}

function write(kept: Kept): void {
  try {
    if (Object.keys(kept).length === 0) sessionStorage.removeItem(KEY)
    else sessionStorage.setItem(KEY, JSON.stringify(kept))
  } catch {
    // No storage (a private window's quota): the booking is still sent, only its toast is lost.
  }
}

/** Keeps a booking made offline until the server answers it. */
export function rememberOfflineBooking(bookingId: string, what: BookedWhat): void {
  write({ ...read(), [bookingId]: what })
}

/** What a booking made offline in this tab names, forgotten as it is taken (so it is told once). */
export function takeOfflineBooking(bookingId: string): BookedWhat | null {
  const kept = read()
  const what = kept[bookingId]
  if (!what) return null
  delete kept[bookingId]
  write(kept)
  return what
}
