/** Property tests of the shared availability rules and the booking lifecycle. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applySeatDelta,
  availabilityStats,
  bookingRefusal,
  isActive,
  seatDelta,
  slotFlags,
  statusChangeRefusal,
  transition,
} from '../../shared/availability.js'
import { BookingStatus } from '../../shared/schemas.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const status = fc.constantFrom(...BookingStatus.options)
const settable = fc.constantFrom('CONFIRMED', 'CANCELLED', 'COMPLETED' as const)
const slot = fc
  .record({
    maxBookings: fc.integer({ min: 1, max: 1000 }),
    taken: fc.integer({ min: 0, max: 1000 }),
    blocked: fc.boolean(),
    offsetMinutes: fc.integer({ min: -10_000, max: 10_000 }),
  })
  .map((s) => ({
    maxBookings: s.maxBookings,
    currentBookings: Math.min(s.taken, s.maxBookings),
    blocked: s.blocked,
    startTime: new Date(NOW.getTime() + s.offsetMinutes * 60_000).toISOString(),
  }))

describe('slotFlags (invariant 2, docs/INVARIANTS.md)', () => {
  it('isBooked iff the counter reached capacity; isAvailable iff not booked, not blocked, not past', () => {
    fc.assert(
      fc.property(slot, (s) => {
        const flags = slotFlags(s, NOW)
        expect(flags.isBooked).toBe(s.currentBookings >= s.maxBookings)
        const past = Date.parse(s.startTime) <= NOW.getTime()
        expect(flags.isAvailable).toBe(!flags.isBooked && !s.blocked && !past)
      }),
    )
  })

  it('a slot may take a booking exactly when it is available', () => {
    fc.assert(
      fc.property(slot, (s) => {
        expect(bookingRefusal(s, NOW) === null).toBe(slotFlags(s, NOW).isAvailable)
      }),
    )
  })
})

describe('booking lifecycle', () => {
  it('terminal statuses never move; same-status is an allowed no-op', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        const result = transition(from, to)
        if (from === to) expect(result).toEqual({ ok: true, seatDelta: 0 })
        else if (['CANCELLED', 'COMPLETED', 'REJECTED'].includes(from)) expect(result.ok).toBe(false)
      }),
    )
  })

  it('the seat delta is +1 entering an active status, -1 leaving one, else 0', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        const result = transition(from, to)
        if (!result.ok) return
        expect(result.seatDelta).toBe(Number(isActive(to)) - Number(isActive(from)))
        expect(result.seatDelta).toBe(seatDelta(from, to))
      }),
    )
  })

  it('any sequence of status requests on bookings keeps counter == active bookings within capacity', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('book' as const) }),
      fc.record({ kind: fc.constant('set' as const), index: fc.nat(50), to: settable }),
      fc.record({ kind: fc.constant('delete' as const), index: fc.nat(50) }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 80 }), (capacity, ops) => {
        let counter = 0
        const bookings: { status: BookingStatus; deleted: boolean }[] = []
        for (const o of ops) {
          if (o.kind === 'book') {
            const refusal = bookingRefusal(
              {
                currentBookings: counter,
                maxBookings: capacity,
                blocked: false,
                startTime: '2027-01-01T00:00:00Z',
              },
              NOW,
            )
            if (refusal === null) {
              counter = applySeatDelta(counter, seatDelta(null, 'PENDING'))
              bookings.push({ status: 'PENDING', deleted: false })
            } else {
              expect(refusal).toBe('SLOT_FULL')
              bookings.push({ status: 'REJECTED', deleted: false })
            }
          } else {
            const booking = bookings[o.index % Math.max(1, bookings.length)]
            if (!booking || booking.deleted) continue
            if (o.kind === 'delete') {
              if (isActive(booking.status)) counter = applySeatDelta(counter, -1)
              booking.deleted = true
            } else {
              const result = transition(booking.status, o.to)
              if (!result.ok) continue
              counter = applySeatDelta(counter, result.seatDelta)
              booking.status = o.to
            }
          }
          const active = bookings.filter((b) => !b.deleted && isActive(b.status)).length
          expect(counter).toBe(active)
          expect(counter).toBeLessThanOrEqual(capacity)
        }
      }),
    )
  })

  it('completing is allowed exactly when the slot has started, i.e. when no new booking can take the seat it frees', () => {
    // Milliseconds around the start as well as days either side.
    const offset = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
    )
    fc.assert(
      fc.property(offset, fc.integer({ min: 1, max: 10 }), (offsetMs, maxBookings) => {
        const startTime = new Date(NOW.getTime() + offsetMs).toISOString()
        const completion = statusChangeRefusal({ status: 'CONFIRMED', startTime }, 'COMPLETED', NOW)
        const freedSeat = { currentBookings: maxBookings - 1, maxBookings, blocked: false, startTime }
        if (completion === null) expect(bookingRefusal(freedSeat, NOW)).toBe('SLOT_IN_PAST')
        else expect([completion, bookingRefusal(freedSeat, NOW)]).toEqual(['BOOKING_NOT_STARTED', null])
      }),
    )
  })

  it('any sequence of bookings, status requests and clock ticks never puts more customers in a slot than it has seats', () => {
    // A booking that holds a seat (active) or has used one (COMPLETED) is a customer in the slot.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('book' as const) }),
      fc.record({ kind: fc.constant('set' as const), index: fc.nat(5), to: settable }),
      fc.record({ kind: fc.constant('delete' as const), index: fc.nat(5) }),
      fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 0, max: 60 }) }),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 240 }),
        fc.array(op, { minLength: 4, maxLength: 80, size: 'medium' }),
        (capacity, startsInMinutes, ops) => {
          let now = NOW
          const startTime = new Date(NOW.getTime() + startsInMinutes * 60_000).toISOString()
          let counter = 0
          const bookings: { status: BookingStatus; startTime: string; deleted: boolean }[] = []
          for (const o of ops) {
            if (o.kind === 'tick') {
              now = new Date(now.getTime() + o.minutes * 60_000)
            } else if (o.kind === 'book') {
              const slot = { currentBookings: counter, maxBookings: capacity, blocked: false, startTime }
              if (bookingRefusal(slot, now) === null) {
                counter = applySeatDelta(counter, seatDelta(null, 'PENDING'))
                bookings.push({ status: 'PENDING', startTime, deleted: false })
              }
            } else {
              const booking = bookings[o.index % Math.max(1, bookings.length)]
              if (!booking || booking.deleted) {
                // nothing to change
              } else if (o.kind === 'delete') {
                if (isActive(booking.status)) counter = applySeatDelta(counter, -1)
                booking.deleted = true
              } else if (statusChangeRefusal(booking, o.to, now) === null) {
                counter = applySeatDelta(counter, seatDelta(booking.status, o.to))
                booking.status = o.to
              }
            }
            const inSlot = bookings.filter(
              (b) => !b.deleted && (isActive(b.status) || b.status === 'COMPLETED'),
            )
            expect(inSlot.length).toBeLessThanOrEqual(capacity)
            expect(counter).toBe(bookings.filter((b) => !b.deleted && isActive(b.status)).length)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('applySeatDelta never goes below zero', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: -3, max: 3 }), (n, d) => {
        const next = applySeatDelta(n, d)
        expect(next).toBeGreaterThanOrEqual(0)
        expect(next).toBe(Math.max(0, n + d))
      }),
    )
  })
})

describe('availabilityStats', () => {
  it('capacity = booked + free, utilisation = booked / capacity within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(slot, { maxLength: 40 }), (slots) => {
        const stats = availabilityStats(slots)
        expect(stats.slots).toBe(slots.length)
        expect(stats.capacity).toBe(slots.reduce((n, s) => n + s.maxBookings, 0))
        expect(stats.booked + stats.free).toBe(stats.capacity)
        expect(stats.utilisation).toBeGreaterThanOrEqual(0)
        expect(stats.utilisation).toBeLessThanOrEqual(1)
        if (stats.capacity > 0) expect(stats.utilisation).toBeCloseTo(stats.booked / stats.capacity, 10)
      }),
    )
  })
})
