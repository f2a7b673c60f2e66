/**
 * My bookings during a new device's first sync (client/features/bookings/noBookingsText.ts): a walk
 * read "No bookings yet" and "Find a slot" of a customer with 8 bookings, then cards titled just
 * "Booking", while the first sync ran.
 */
import { describe, expect, it } from 'vitest'
import { bookingCardTitle, bookingsArriving } from '../../client/features/bookings/noBookingsText.js'

describe('My bookings while the first sync runs', () => {
  it('is fetching until the first pull of the bookings is done', () => {
    expect(bookingsArriving({ firstPullDone: false, syncing: true, notSynced: false })).toBe(true)
    expect(bookingsArriving({ firstPullDone: true, syncing: true, notSynced: false })).toBe(false)
  })

  it('keeps its own words offline in an organisation never synced', () => {
    expect(bookingsArriving({ firstPullDone: false, syncing: true, notSynced: true })).toBe(false)
  })

  it('lists what is stored in a tab that does not replicate, once the device has synced', () => {
    expect(bookingsArriving({ firstPullDone: false, syncing: false, notSynced: false })).toBe(false)
  })

  it('titles a card whose slot has not arrived "Loading details…", then "Booking" if it never does', () => {
    const slot = { serviceName: 'Physiotherapy session', providerName: 'Dr. Ana Weber' }
    expect(bookingCardTitle(slot, true)).toBe('Physiotherapy session with Dr. Ana Weber')
    expect(bookingCardTitle(undefined, true)).toBe('Loading details…')
    expect(bookingCardTitle(undefined, false)).toBe('Booking')
  })
})
