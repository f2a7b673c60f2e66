/**
 * How a rejected booking is told (client/features/bookings/rejectionText.ts): a failure with the
 * reason while the customer holds no seat of the slot; once they hold one anyway, whatever the reason
 * (another device of theirs booked first, or the waitlist gave them the seat after a full slot), plain
 * news that they are booked for that time, not a failure, naming no other booking.
 */
import { describe, expect, it } from 'vitest'
import {
  heldSlotIds,
  refusalToastShown,
  refusedOnSlotWords,
  refusedToastWords,
  rejectionWords,
} from '../../client/features/bookings/rejectionText.js'
import { ErrorCode } from '../../shared/errors.js'

describe('a rejected booking, told to its customer', () => {
  it('is a failure with its reason while the customer holds no seat of the slot', () => {
    const words = rejectionWords(ErrorCode.SLOT_FULL, false)
    expect(words.failed).toBe(true)
    expect(`${words.headline} ${words.detail}`).toBe(
      'Not booked: The slot is fully booked. You hold no seat in this slot.',
    )
  })

  it.each([ErrorCode.ALREADY_BOOKED, ErrorCode.SLOT_FULL, undefined])(
    'says the customer is booked when they hold a seat of the slot (reason %s)',
    (reason) => {
      const words = rejectionWords(reason, true, 'Mon 8 Jun 10:00')
      expect(words.failed).toBe(false)
      expect(words.headline).toBe('You’re booked for Mon 8 Jun 10:00.')
      const text = `${words.headline} ${words.detail}`
      expect(text).not.toMatch(/fully booked|rejected|other booking|waitlist|another device/i)
      expect(text).toContain('you hold a seat in this slot')
    },
  )

  it('holds a seat only through an active booking', () => {
    const held = heldSlotIds([
      { slotId: 'a', status: 'CONFIRMED' },
      { slotId: 'b', status: 'PENDING' },
      { slotId: 'c', status: 'CANCELLED' },
      { slotId: 'd', status: 'REJECTED' },
      { slotId: 'e', status: 'COMPLETED' },
    ])
    expect([...held].sort()).toEqual(['a', 'b'])
  })
})

describe('a refused booking on its slot card and in the toast', () => {
  it('says on a full slot that the booking was not booked because it filled up, and the way forward', () => {
    const words = refusedOnSlotWords(ErrorCode.SLOT_FULL, true)
    expect(`${words.headline} ${words.detail}`).toBe(
      'Not booked: the slot filled up. Join the waitlist or find another slot.',
    )
  })

  it('offers no waitlist where the slot is not full', () => {
    const words = refusedOnSlotWords(ErrorCode.SLOT_UNAVAILABLE, false)
    expect(words.detail).toContain('Find another slot.')
    expect(words.detail).not.toMatch(/waitlist/)
  })

  it('names the time and the reason in the toast', () => {
    expect(refusedToastWords(ErrorCode.SLOT_FULL, true, 'Friday 4 December 2026, 10:00')).toBe(
      'Not booked: your booking for Friday 4 December 2026, 10:00 was rejected. The slot is fully booked. Join the waitlist or find another slot.',
    )
  })

  it('is toasted only as a failure: no seat held, and not refused because the customer holds one', () => {
    expect(refusalToastShown(ErrorCode.SLOT_FULL, false)).toBe(true)
    expect(refusalToastShown(undefined, false)).toBe(true)
    expect(refusalToastShown(ErrorCode.SLOT_FULL, true)).toBe(false)
    // Another device of the customer booked first; its booking arrives a moment after the refusal.
    expect(refusalToastShown(ErrorCode.ALREADY_BOOKED, false)).toBe(false)
    expect(refusalToastShown(ErrorCode.ALREADY_BOOKED, true)).toBe(false)
  })
})
