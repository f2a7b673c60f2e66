/**
 * How a rejected booking is told (client/features/bookings/rejectionText.ts): a failure with the
 * reason while the customer holds no seat of the slot; once they hold one anyway, whatever the reason
 * (another device of theirs booked first, or the waitlist gave them the seat after a full slot), plain
 * news that they are booked for that time, not a failure, naming no other booking.
 */
import { describe, expect, it } from 'vitest'
import {
  heldSlotIds,
  notCancelledWords,
  notMovedWords,
  refusalReason,
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
      'Not booked: the slot is fully booked. You hold no seat in this slot.',
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
  it('says on a full slot that the booking was not booked because it is fully booked, and the way forward', () => {
    const words = refusedOnSlotWords(ErrorCode.SLOT_FULL, true)
    expect(`${words.headline} ${words.detail}`).toBe(
      'Not booked: the slot is fully booked. Join the waitlist or find another slot.',
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

describe('the reason of a refusal, one wording everywhere', () => {
  it('follows "Not booked:" and "Not moved:" in lower case, the same on My bookings, the slot card and the toast', () => {
    expect(refusalReason(ErrorCode.SLOT_FULL)).toBe('the slot is fully booked.')
    const card = rejectionWords(ErrorCode.SLOT_FULL, false)
    const slot = refusedOnSlotWords(ErrorCode.SLOT_FULL, false)
    const moved = notMovedWords(ErrorCode.SLOT_FULL, true)
    for (const words of [card, slot, moved]) expect(words.detail).toMatch(/^the slot is fully booked\. /)
    expect(`${moved.headline} ${moved.detail}`).toBe(
      'Not moved: the slot is fully booked. Your booking stays at this time.',
    )
  })

  it('does not say a booking moved elsewhere meanwhile keeps its time', () => {
    const told = notMovedWords(ErrorCode.BOOKING_MOVED_ELSEWHERE, true, 'Wednesday 2 December 2026, 09:00')
    expect(`${told.headline} ${told.detail}`).toBe(
      'Not moved: the booking had already been moved to another time (on another of your devices, or by the provider).',
    )
  })

  it('names, in the toast of a refused move, the time it was not moved to; nothing stays of a booking cancelled meanwhile', () => {
    const told = notMovedWords(ErrorCode.SLOT_FULL, true, 'Wednesday 2 December 2026, 09:00')
    expect(`${told.headline} ${told.detail}`).toBe(
      'Not moved: the slot is fully booked. Your booking keeps its time; it was not moved to Wednesday 2 December 2026, 09:00.',
    )
    const cancelled = notMovedWords(ErrorCode.BOOKING_CANCELLED, false, 'Wednesday 2 December 2026, 09:00')
    expect(`${cancelled.headline} ${cancelled.detail}`).toBe(
      'Not moved: the booking had been cancelled (on another of your devices, or by the provider).',
    )
  })

  it('says nothing it does not know for an unknown reason, and the fallback without one', () => {
    expect(refusalReason('SOMETHING_NEW', '')).toBe('')
    expect(refusalReason(undefined)).toBe('the provider could not accept it.')
  })
})

describe('a cancel not made because the booking was moved meanwhile', () => {
  it('says it was not cancelled, why, and where the booking stands', () => {
    const words = notCancelledWords('Wednesday 2 December 2026, 09:00', true)
    expect(`${words.headline} ${words.detail}`).toBe(
      'Not cancelled: the booking was moved to Wednesday 2 December 2026, 09:00 on another of your devices (or by the provider); it is still booked.',
    )
  })

  it('does not say it is still booked when it no longer holds a seat there', () => {
    const words = notCancelledWords('Wednesday 2 December 2026, 09:00', false)
    expect(words.detail).toBe(
      'the booking was moved to Wednesday 2 December 2026, 09:00 on another of your devices (or by the provider).',
    )
  })
})
