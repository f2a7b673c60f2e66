/**
 * A past slot's seats (client/data/slotViews.ts): every viewer reads the same number for the same
 * slot. Completing a booking gives its seat back to the counter (invariant 1 counts active bookings
 * only), and a customer's device holds only its own bookings, so adding the completed ones a device
 * holds gave each customer a different count. The view now counts what the slot document says (plus a
 * device's own booking the counter has not seen yet), and a past slot's card shows no count (SlotCard).
 */
import { describe, expect, it } from 'vitest'
import { slotView } from '../../client/data/slotViews.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import type { BookingStatus } from '../../shared/schemas.js'
import { seatTag } from '../../shared/seatTags.js'
import { newBookingDoc, slotDoc } from '../helpers/replicationDocs.js'

const now = new Date('2026-06-10T12:00:00.000Z')

function booking(on: SlotDoc, status: BookingStatus, customer: string): BookingDoc {
  return { ...newBookingDoc(on, customer), status, rev: '1', localPending: false }
}

describe('seats taken of a slot, as each viewer reads it', () => {
  it('a past slot: the same number for a customer who attended and one who did not', () => {
    const past = slotDoc('2026-06-09T17:00:00.000Z', { serviceName: 'Class', maxBookings: 8 })
    const attended = booking(past, 'COMPLETED', '00000000-0000-4000-8000-00000000000c')
    const stillHeld = booking(past, 'CONFIRMED', '00000000-0000-4000-8000-00000000000d')
    // The server counted the booking not completed yet; the completed one gave its seat back.
    const onServer: SlotDoc = { ...past, currentBookings: 1, seatTags: [seatTag(stillHeld.id)] }

    const attendee = slotView(onServer, [attended], now)
    const holder = slotView(onServer, [stillHeld], now)
    const stranger = slotView(onServer, [], now)
    expect(attendee.state).toBe('past')
    for (const view of [attendee, holder])
      expect([view.displayedBookings, view.remaining]).toEqual([
        stranger.displayedBookings,
        stranger.remaining,
      ])
  })

  it('a slot ahead counts only seats held, the own one counted once', () => {
    const ahead = slotDoc('2026-06-11T17:00:00.000Z', { serviceName: 'Class', maxBookings: 8 })
    const mine = booking(ahead, 'CONFIRMED', '00000000-0000-4000-8000-00000000000c')
    const counted: SlotDoc = { ...ahead, currentBookings: 1, seatTags: [seatTag(mine.id)] }
    expect(slotView(counted, [mine], now).displayedBookings).toBe(1)
    expect(slotView(counted, [], now).displayedBookings).toBe(1)
    // The device's own booking before the counter has it: counted from its local state.
    expect(slotView(ahead, [mine], now)).toMatchObject({ displayedBookings: 1, remaining: 7 })
  })
})
