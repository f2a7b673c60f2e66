/**
 * How a rejected booking is told to its customer, kept pure (test/unit/rejectionText.test.ts) and
 * shared by the rejection banner (RejectionNotices) and the card in My bookings (BookingCard).
 *
 * A rejection is a failure only while the customer holds no seat of the slot. When they hold one
 * anyway (another of their devices booked it first: ALREADY_BOOKED; or the seat came later, e.g. from
 * the waitlist after a SLOT_FULL), the request that lost is news, not a problem: they are booked for
 * that time, so no alarm colours and no "Find another slot". The words do not say where the seat came
 * from: the device knows that it holds one, not how it got it.
 */
import { isActive } from '../../../shared/availability.js'
import { ErrorCode, errorMessages } from '../../../shared/errors.js'
import type { BookingStatus } from '../../../shared/schemas.js'

/** Why the server refused, when it gave no reason the device knows. */
const NOT_ACCEPTED = 'the provider could not accept it.'

/**
 * The server's reason for a refusal as it follows "Not booked:" or "Not moved:", in one wording
 * everywhere (a card, a slot's note, a toast): the reason's message, lower case after the colon;
 * `fallback` for a code the device does not know.
 */
export function refusalReason(code: string | undefined | null, fallback = NOT_ACCEPTED): string {
  const message = code && code in errorMessages ? errorMessages[code as ErrorCode] : fallback
  return message.charAt(0).toLowerCase() + message.slice(1)
}

/**
 * A move the server did not make, with its reason: on the booking's card (`to` undefined: the card
 * shows the time it keeps) and in the toast, which names the time it was not moved to; `kept`: the
 * booking is still active at its old time (not when it had been cancelled meanwhile).
 */
export function notMovedWords(
  code: string | undefined | null,
  kept: boolean,
  to?: string,
): { headline: string; detail: string } {
  const stays =
    to === undefined
      ? 'Your booking stays at this time.'
      : `Your booking keeps its time; it was not moved to ${to}.`
  // Moved elsewhere meanwhile, it no longer has the time the device knew: "keeps its time" would be untrue.
  const keepsTime = kept && code !== ErrorCode.BOOKING_MOVED_ELSEWHERE
  return { headline: 'Not moved:', detail: `${refusalReason(code, '')}${keepsTime ? ` ${stays}` : ''}` }
}

/**
 * A cancel the server did not make because the booking had been moved to another time meanwhile (on
 * another of the customer's devices, or by the provider): the cancel was of the old time, so it is not
 * carried over to the new one. Told in the toast and on the card alike, as the customer who believes
 * they cancelled would not come: `when` names where the booking stands; `kept`: it is still active there.
 */
export function notCancelledWords(when: string, kept: boolean): { headline: string; detail: string } {
  const stands = kept ? '; it is still booked.' : '.'
  return {
    headline: 'Not cancelled:',
    detail: `the booking was moved to ${when} on another of your devices (or by the provider)${stands}`,
  }
}

/** The slots where the customer holds a seat: an active booking of theirs on this device. */
export function heldSlotIds(bookings: readonly { slotId: string; status: BookingStatus }[]): Set<string> {
  return new Set(bookings.filter((b) => isActive(b.status)).map((b) => b.slotId))
}

export interface RejectionWords {
  /** The customer holds no seat of the slot: a failure, with a way to another slot. */
  failed: boolean
  /** The lead, in bold. */
  headline: string
  /** What follows it. */
  detail: string
}

/**
 * A rejected booking of a slot in which the customer does (`seatHeld`) or does not hold a seat; `when`
 * names the slot's time where the booking's own time is not beside the words (a banner).
 */
export function rejectionWords(
  reason: ErrorCode | undefined,
  seatHeld: boolean,
  when = 'this time',
): RejectionWords {
  if (seatHeld)
    return {
      failed: false,
      headline: `You’re booked for ${when}.`,
      detail: 'This request was not booked, but you hold a seat in this slot.',
    }
  return {
    failed: true,
    headline: 'Not booked:',
    detail: `${refusalReason(reason, NOT_ACCEPTED)} You hold no seat in this slot.`,
  }
}

/**
 * On the week's slot card, and in the toast that reaches the customer wherever they scrolled to: their
 * booking of this slot that the server refused (no seat held), with the way forward the card offers
 * (a full slot opens its waitlist; any slot, the next free time).
 */
export function refusedOnSlotWords(reason: ErrorCode | undefined, slotFull: boolean): RejectionWords {
  return {
    failed: true,
    headline: 'Not booked:',
    detail: `${refusalReason(reason, NOT_ACCEPTED)} ${wayForward(slotFull)}`,
  }
}

/**
 * Whether a refused booking is told in a toast, as a failure: only while the customer holds no seat of
 * the slot (the banner's rule above); and not when it was refused ALREADY_BOOKED, which the server says
 * because the customer holds a seat there (another of their devices booked it first, and that booking
 * reaches this device a moment after the refusal). A toast told before a seat arrives is withdrawn.
 */
export function refusalToastShown(reason: ErrorCode | undefined, seatHeld: boolean): boolean {
  return !seatHeld && reason !== 'ALREADY_BOOKED'
}

/** The toast for a refused booking: `when` names its slot's time. */
export function refusedToastWords(reason: ErrorCode | undefined, slotFull: boolean, when: string): string {
  const why = reason ? errorMessages[reason] : 'The provider could not accept it.'
  return `Not booked: your booking for ${when} was rejected. ${why} ${wayForward(slotFull)}`
}

/** What a customer refused a seat can do next: a full slot has a waitlist; any slot, other times. */
function wayForward(slotFull: boolean): string {
  return slotFull ? 'Join the waitlist or find another slot.' : 'Find another slot.'
}
