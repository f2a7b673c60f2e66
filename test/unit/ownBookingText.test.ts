/**
 * What a slot card of the customer's week says of their own booking (client/features/slots/
 * ownBookingText.ts): what waits on the device is said once, by the card's "Not sent yet" badge, not
 * again in these words; a move not sent yet is not a booking confirmed at its new time.
 */
import { describe, expect, it } from 'vitest'
import { ownBookingWords } from '../../client/features/slots/ownBookingText.js'

describe("the customer's own booking on a slot card", () => {
  it('does not repeat "not sent yet" beside the badge, for a booking never sent or a change not sent', () => {
    expect(ownBookingWords({ status: 'PENDING', pending: true }, false)).toBe('Your booking')
    expect(ownBookingWords({ status: 'CONFIRMED', pending: true }, false)).toBe('Your booking')
  })

  it('says a move not sent yet is not a confirmed booking of the new slot', () => {
    const words = ownBookingWords({ status: 'CONFIRMED', pending: true }, true)
    expect(words).toBe('Your booking moves here once the move is confirmed')
    expect(words).not.toMatch(/You are booked/)
  })

  it('says what the server answered once it has', () => {
    expect(ownBookingWords({ status: 'PENDING', pending: false }, false)).toBe(
      'Your booking · pending, awaiting provider',
    )
    expect(ownBookingWords({ status: 'CONFIRMED', pending: false }, false)).toBe(
      '✓ You are booked · confirmed',
    )
  })
})
