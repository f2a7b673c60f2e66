import { describe, expect, it } from 'vitest'
import {
  completionRefusal,
  slotFlags,
  statusChangeRefusal,
  transition,
  waitsForStart,
} from '../../shared/availability.js'
import { BookingStatus } from '../../shared/schemas.js'

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

describe('statusChangeRefusal: a booking is marked completed only once its slot has started', () => {
  const start = '2026-06-03T10:00:00Z'
  const at = (iso: string) => new Date(iso)
  const confirmed = { status: 'CONFIRMED' as const, startTime: start }

  it('refuses COMPLETED while the start is ahead, two days or a millisecond (BOOKING_NOT_STARTED)', () => {
    expect(statusChangeRefusal(confirmed, 'COMPLETED', at('2026-06-01T10:00:00Z'))).toBe(
      'BOOKING_NOT_STARTED',
    )
    expect(statusChangeRefusal(confirmed, 'COMPLETED', at('2026-06-03T09:59:59.999Z'))).toBe(
      'BOOKING_NOT_STARTED',
    )
  })

  it('allows it from the start instant on', () => {
    expect(statusChangeRefusal(confirmed, 'COMPLETED', at(start))).toBeNull()
    expect(statusChangeRefusal(confirmed, 'COMPLETED', at('2026-06-05T10:00:00Z'))).toBeNull()
  })

  it('judges the lifecycle first: PENDING → COMPLETED is INVALID_TRANSITION before and after the start', () => {
    const pending = { status: 'PENDING' as const, startTime: start }
    expect(statusChangeRefusal(pending, 'COMPLETED', at('2026-06-01T10:00:00Z'))).toBe('INVALID_TRANSITION')
    expect(statusChangeRefusal(pending, 'COMPLETED', at('2026-06-05T10:00:00Z'))).toBe('INVALID_TRANSITION')
  })

  it('confirming and cancelling do not wait; a same-status change stays an allowed no-op', () => {
    const early = at('2026-06-01T10:00:00Z')
    expect(statusChangeRefusal({ status: 'PENDING', startTime: start }, 'CONFIRMED', early)).toBeNull()
    expect(statusChangeRefusal(confirmed, 'CANCELLED', early)).toBeNull()
    expect(statusChangeRefusal({ status: 'COMPLETED', startTime: start }, 'COMPLETED', early)).toBeNull()
  })

  it('only COMPLETED waits for the start', () => {
    expect(BookingStatus.options.filter(waitsForStart)).toEqual(['COMPLETED'])
    expect(completionRefusal('CANCELLED', start, at('2026-06-01T10:00:00Z'))).toBeNull()
  })
})
