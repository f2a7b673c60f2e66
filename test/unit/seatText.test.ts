import { describe, expect, it } from 'vitest'
import { providerSeatsUsed, seatsLine, seatsPercent, seatsTaken } from '../../client/ui/seatText.js'

describe('seat wording', () => {
  it('agrees with the capacity', () => {
    expect(seatsTaken(1, 1)).toBe('1 of 1 seat taken')
    expect(seatsTaken(1, 5)).toBe('1 of 5 seats taken')
  })

  it('a past slot says what was taken, never what is left', () => {
    const past = { state: 'past', remaining: 1, maxBookings: 1, displayedBookings: 0 } as const
    expect(seatsLine(past)).toBe('0 of 1 seat taken')
    expect(seatsLine({ ...past, state: 'available' })).toBe('1 of 1 seat left')
    expect(seatsLine({ state: 'full', remaining: 0, maxBookings: 3, displayedBookings: 3 })).toBe(
      '0 of 3 seats left',
    )
  })

  it('a blocked slot offers no seats, whatever its capacity', () => {
    const blocked = { state: 'blocked', remaining: 2, maxBookings: 2, displayedBookings: 0 } as const
    expect(seatsLine(blocked)).toBe('No seats offered')
    expect(seatsLine({ ...blocked, remaining: 1, displayedBookings: 1 })).toBe(
      '1 of 2 seats taken, no more offered',
    )
  })

  it("a provider's past slot counts the completed bookings, whose seats the counter gave back", () => {
    const bookings = [{ status: 'COMPLETED' }, { status: 'CONFIRMED' }, { status: 'CANCELLED' }] as const
    const now = new Date('2026-11-24T12:00:00Z')
    const started = { startTime: '2026-11-24T09:00:00Z', displayedBookings: 1 }
    expect(providerSeatsUsed(started, bookings, now)).toBe(2)
    expect(providerSeatsUsed({ ...started, startTime: '2026-11-24T13:00:00Z' }, bookings, now)).toBe(1)
    // a device that has not stored the slot's bookings yet shows the counter, never less
    expect(providerSeatsUsed(started, [], now)).toBe(1)
  })

  it('a share of seats as a percentage, and a dash when there are none (not "0%" of 0)', () => {
    expect(seatsPercent(3, 4)).toBe('75%')
    expect(seatsPercent(0, 4)).toBe('0%')
    expect(seatsPercent(0, 0)).toBe('—')
  })
})
