import { describe, expect, it } from 'vitest'
import { slotFlags, transition } from '../../shared/availability.js'

describe('slotFlags', () => {
  const now = new Date('2026-01-01T00:00:00Z')
  it('marks a full slot booked and unavailable', () => {
    const flags = slotFlags(
      { currentBookings: 2, maxBookings: 2, blocked: false, startTime: '2026-02-01T10:00:00Z' },
      now,
    )
    expect(flags).toEqual({ isBooked: true, isAvailable: false })
  })
  it('frees a seat when an active booking is cancelled', () => {
    expect(transition('CONFIRMED', 'CANCELLED')).toEqual({ ok: true, seatDelta: -1 })
  })
})
