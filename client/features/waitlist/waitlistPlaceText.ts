/**
 * A customer's place on a slot's waitlist, on its slot card, kept pure
 * (test/unit/waitlistPlaceText.test.ts). A request the server has not answered has no position yet:
 * it is said as a booking not sent is ("not sent yet"), not as syncing, which offline nothing is.
 */
import { NOT_SENT_YET } from '../../data/bookingStatusWords.js'

export function waitlistPlaceWords(position: number | null): string {
  return position === null
    ? `Waitlist request ${NOT_SENT_YET.toLowerCase()}`
    : `You are #${position} on the waitlist`
}
