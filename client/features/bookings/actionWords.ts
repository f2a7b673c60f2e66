/**
 * What a toast says after the customer acts on a booking, kept pure (test/unit/actionWords.test.ts).
 * Only the server's answer says what happened. Until it comes the words say the change is being sent;
 * offline, or with the server not answering (the browser online, the server unreachable), only this
 * device has the change: the words say it is saved here and sent later, never a result the server has
 * not given (a released seat, a moved booking, a place on the waitlist). useChangeToast.ts says which.
 */

/** The tail every offline action's toast ends with. */
export const SENT_WHEN_ONLINE = 'It is sent when you are back online.'
/** The tail of a change the server did not answer while the browser is online. */
export const SENT_WHEN_SERVER_ANSWERS = 'It is sent when the server can be reached.'

/**
 * Where a change made on this device stands: being sent; kept here while the browser is offline; kept
 * here because the server did not answer in time; taken by the server; or answered otherwise (the
 * document is then as the server has it).
 */
export type ChangeStanding = 'sending' | 'offline' | 'unanswered' | 'done' | 'refused'

/** A standing before the server's answer: what useChangeToast says while it waits. */
export type WaitingStanding = Extract<ChangeStanding, 'sending' | 'offline' | 'unanswered'>

/** "saved on this device" and when it is sent, for a change only this device has. */
function keptHere(standing: 'offline' | 'unanswered'): string {
  return `saved on this device. ${standing === 'offline' ? SENT_WHEN_ONLINE : SENT_WHEN_SERVER_ANSWERS}`
}

export function cancelledWords(standing: ChangeStanding): string {
  switch (standing) {
    case 'sending':
      return 'Cancelling your booking…'
    case 'offline':
    case 'unanswered':
      return `Cancellation ${keptHere(standing)}`
    case 'done':
      return 'Booking cancelled. Your seat was released.'
    case 'refused':
      return 'The booking was not cancelled: it is shown as the server has it.'
  }
}

/** `when` is the new time in words ("Thursday 3 December 2026, 09:00"). */
export function movedWords(when: string, standing: ChangeStanding): string {
  switch (standing) {
    case 'sending':
      return `Moving your booking to ${when}…`
    case 'offline':
    case 'unanswered':
      return `Move to ${when} ${keptHere(standing)} Your current seat is kept until the move is confirmed.`
    case 'done':
      return `Booking moved to ${when}.`
    case 'refused':
      return `Not moved to ${when}: your booking keeps its time.`
  }
}

/**
 * On the card of a booking whose move waits on this device (it shows the time held): `when` is the new
 * time. The status pill beside it says the change is not sent yet; these words do not repeat it.
 */
export function movingWords(when: string): string {
  return `Moving to ${when}: you keep this time until the move is confirmed.`
}

/** `booked`: a seat was free by the time the request arrived, so the server booked it instead. */
export function joinedWaitlistWords(standing: ChangeStanding | 'booked'): string {
  switch (standing) {
    case 'sending':
      return 'Joining the waitlist…'
    case 'offline':
    case 'unanswered':
      return `Waitlist request ${keptHere(standing)}`
    case 'done':
      return 'You joined the waitlist.'
    case 'booked':
      return 'A seat was free when your request arrived: it is booked for you.'
    case 'refused':
      return 'You could not join the waitlist.'
  }
}

/**
 * Leaving a waitlist. `booked`: a seat freed for the customer before the request arrived, so the
 * server had booked it (the booking stays: they cancel it like any other).
 */
export function leftWaitlistWords(standing: ChangeStanding | 'booked'): string {
  switch (standing) {
    case 'sending':
      return 'Leaving the waitlist…'
    case 'offline':
    case 'unanswered':
      return `Leaving the waitlist: ${keptHere(standing)}`
    case 'done':
      return 'You left the waitlist.'
    case 'booked':
      return 'A seat was booked for you before your request arrived: it is under My bookings.'
    case 'refused':
      return 'You are still on the waitlist: it is shown as the server has it.'
  }
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
  // Offline it is neither booked nor requested yet (the provider may confirm by hand): saved, as a
  // cancel or a move made offline is.
  if (!state.online) return `Booking for ${what} saved on this device. ${SENT_WHEN_ONLINE}`
  if (state.status === 'PENDING') return `Requested ${what}. It awaits the provider’s confirmation.`
  if (state.status === 'CONFIRMED') return `Booked ${what}.`
  return `Booking ${what}…`
}

/** Sent online, but the server did not answer in time (it may be down while the browser is online). */
export function unansweredBookingWords({ service, day, time }: BookedWhat): string {
  return `Booking for ${service} on ${day} at ${time} saved on this device — it will be sent when the server can be reached.`
}
