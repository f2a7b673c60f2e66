/**
 * What a toast says after the customer acts on a booking, kept pure (test/unit/actionWords.test.ts).
 * Online, the server answers at once and the words say what happened. Offline, only this device has
 * the change: the words say it is saved here and sent later, never a result the server has not given
 * (a released seat, a moved booking, a place on the waitlist).
 */

/** The tail every offline action's toast ends with. */
export const SENT_WHEN_ONLINE = 'It is sent when you are back online.'

export function cancelledWords(online: boolean): string {
  return online
    ? 'Booking cancelled. Your seat was released.'
    : `Cancellation saved on this device. ${SENT_WHEN_ONLINE}`
}

/** `when` is the new time in words ("Thursday 3 December 2026, 09:00"). */
export function movedWords(when: string, online: boolean): string {
  return online
    ? `Booking moved to ${when}.`
    : `Move to ${when} saved on this device. ${SENT_WHEN_ONLINE} Your current seat is kept until the move is confirmed.`
}

export function joinedWaitlistWords(online: boolean): string {
  return online ? 'You joined the waitlist.' : `Waitlist request saved on this device. ${SENT_WHEN_ONLINE}`
}

export interface BookedWhat {
  service: string
  /** Short day ("Sat 28 Nov") and time ("15:00"). */
  day: string
  time: string
}

/**
 * A single booking made on this device. `status` is the server's answer once it came (the provider
 * who confirms by hand leaves it PENDING); online before it, the booking is only being sent: nothing
 * says "Booked" until the server has accepted it.
 */
export function bookedWords(
  { service, day, time }: BookedWhat,
  state: { online: boolean; status?: 'PENDING' | 'CONFIRMED' | undefined },
): string {
  const what = `${service} on ${day} at ${time}`
  if (!state.online) return `Booked ${what} on this device. ${SENT_WHEN_ONLINE}`
  if (state.status === 'PENDING') return `Requested ${what}. It awaits the provider’s confirmation.`
  if (state.status === 'CONFIRMED') return `Booked ${what}.`
  return `Booking ${what}…`
}

/** Sent online, but the server did not answer in time (it may be down while the browser is online). */
export function unansweredBookingWords({ service, day, time }: BookedWhat): string {
  return `Booking for ${service} on ${day} at ${time} saved on this device — it will be sent when the server can be reached.`
}
