/**
 * A past slot's seats taken (client/data/slotViews.ts): completing a booking gives its seat back to
 * the counter (invariant 1 counts active bookings only), yet the customer used that seat, so a past
 * slot shows its completed bookings as taken; a slot still ahead shows only what holds a seat.
 */
import { describe, expect, it } from 'vitest'
import { slotView } from '../../client/data/slotViews.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import type { BookingStatus } from '../../shared/schemas.js'
import { newBookingDoc, slotDoc } from '../helpers/replicationDocs.js'

const now = new Date('2026-06-10T12:00:00.000Z')

/** A slot of 8 seats whose counter has not seen the device's bookings yet (counted by their state). */
const slot = (startTime: string): SlotDoc => slotDoc(startTime, { serviceName: 'Class', maxBookings: 8 })

function bookings(on: SlotDoc, statuses: BookingStatus[]): BookingDoc[] {
  return statuses.map((status) => ({
    ...newBookingDoc(on, '00000000-0000-4000-8000-00000000000c'),
    status,
    rev: '1',
    localPending: false,
  }))
}

describe('seats taken on a slot card', () => {
  it('count the completed bookings of a past slot, not its cancelled ones', () => {
    const past = slot('2026-06-09T17:00:00.000Z')
    const view = slotView(past, bookings(past, ['COMPLETED', 'COMPLETED', 'CANCELLED', 'CONFIRMED']), now)
    expect(view.state).toBe('past')
    expect(view.displayedBookings).toBe(3)
  })

  it('count only seats held while the slot is ahead', () => {
    const ahead = slot('2026-06-11T17:00:00.000Z')
    const view = slotView(ahead, bookings(ahead, ['COMPLETED', 'CONFIRMED']), now)
    expect(view.state).toBe('available')
    expect(view.displayedBookings).toBe(1)
    expect(view.remaining).toBe(7)
  })
})
