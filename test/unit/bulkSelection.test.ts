/**
 * The bulk panel's selection in words (client/features/provider/bulkSelection.ts): a ticked booking
 * that left the list says why, rather than un-ticking itself without a word; Decline is refused, with
 * why, for a selection that holds a confirmed booking (it was offered, asked, and failed every row).
 */
import { describe, expect, it } from 'vitest'
import { declineRefusal, goneText } from '../../client/features/provider/bulkSelection.js'

const NOW = new Date('2026-11-28T12:00:00Z')
const LATER = '2026-11-30T22:30:00Z'

describe('why a ticked booking left the list', () => {
  it('names who cancelled it: a customer gives no reason, a provider does', () => {
    expect(goneText({ status: 'CANCELLED', startTime: LATER }, NOW)).toBe(
      'It was already cancelled by the customer.',
    )
    expect(goneText({ status: 'CANCELLED', statusReason: 'Ill', startTime: LATER }, NOW)).toBe(
      'It was already cancelled.',
    )
    expect(
      goneText({ status: 'CANCELLED', declined: true, statusReason: 'Full', startTime: LATER }, NOW),
    ).toBe('It was already declined.')
  })

  it('says a booking started, completed or no longer on the device', () => {
    expect(goneText({ status: 'CONFIRMED', startTime: '2026-11-28T11:00:00Z' }, NOW)).toBe(
      'It has already started.',
    )
    expect(goneText({ status: 'COMPLETED', startTime: LATER }, NOW)).toBe('It was already completed.')
    expect(goneText(undefined, NOW)).toBe('It is no longer on this device.')
  })
})

describe('declining a selection', () => {
  it('is offered when every selected booking is a request', () => {
    expect(declineRefusal([{ status: 'PENDING' }, { status: 'PENDING' }])).toBeNull()
  })

  it('is refused, saying why, when one is confirmed', () => {
    expect(declineRefusal([{ status: 'CONFIRMED' }])).toBe(
      'Decline is for requests, and none of the selected bookings is one: cancel them instead.',
    )
    expect(declineRefusal([{ status: 'PENDING' }, { status: 'CONFIRMED' }])).toBe(
      'Decline is for requests: untick the confirmed bookings to decline the others, or cancel them all.',
    )
  })
})
