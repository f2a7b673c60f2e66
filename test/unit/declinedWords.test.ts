/**
 * A declined request (shared/declinedRequest.ts) is named "Declined" on the customer's screens
 * (client/data/bookingStatusWords.ts); any other cancellation stays "Cancelled".
 */
import { describe, expect, it } from 'vitest'
import { bookingStatusName, statusPillWords } from '../../client/data/bookingStatusWords.js'
import { declinesRequest } from '../../shared/declinedRequest.js'

describe('a declined request', () => {
  it('is a provider cancelling a PENDING booking, nothing else', () => {
    expect(declinesRequest('provider', 'PENDING', 'CANCELLED')).toBe(true)
    expect(declinesRequest('provider', 'CONFIRMED', 'CANCELLED')).toBe(false)
    expect(declinesRequest('customer', 'PENDING', 'CANCELLED')).toBe(false)
    expect(declinesRequest('provider', 'PENDING', 'CONFIRMED')).toBe(false)
  })

  it('reads "Declined"; a cancelled booking "Cancelled"', () => {
    expect(bookingStatusName({ status: 'CANCELLED', declined: true })).toBe('Declined')
    expect(bookingStatusName({ status: 'CANCELLED', declined: false })).toBe('Cancelled')
    expect(bookingStatusName({ status: 'CONFIRMED', declined: true })).toBe('Confirmed')
    expect(statusPillWords('CANCELLED', { unsynced: false, neverSent: false }, true)).toEqual({
      label: 'Declined',
    })
    expect(statusPillWords('CANCELLED', { unsynced: true, neverSent: false }, true)).toEqual({
      label: 'Declined',
      note: 'not sent yet',
    })
  })
})
