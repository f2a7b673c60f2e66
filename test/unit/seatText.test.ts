import { describe, expect, it } from 'vitest'
import { seatsLine, seatsTaken } from '../../client/ui/seatText.js'

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
})
