/**
 * A booking's status pill (client/data/bookingStatusWords.ts): a booking the server has not seen yet
 * (no reference) is "Not sent yet", never "Pending", which means awaiting the provider; a change not
 * sent yet to a booking the server has keeps its status with the note.
 */
import { describe, expect, it } from 'vitest'
import { earlierSectionTitle, neverSent, statusPillWords } from '../../client/data/bookingStatusWords.js'

describe('the status pill', () => {
  it('says a booking written offline is not sent yet, not pending', () => {
    const offline = { status: 'PENDING' as const, pending: true, reference: '' }
    const words = statusPillWords(offline.status, { unsynced: true, neverSent: neverSent(offline) })
    expect(words).toEqual({ label: 'Not sent yet' })
  })

  it('keeps the status of a sent booking, marking a change not sent yet', () => {
    const cancelled = { status: 'CANCELLED' as const, pending: true, reference: 'UNI-7K3Q2M' }
    expect(neverSent(cancelled)).toBe(false)
    expect(statusPillWords('CANCELLED', { unsynced: true, neverSent: false })).toEqual({
      label: 'Cancelled',
      note: 'not sent yet',
    })
    expect(statusPillWords('PENDING', { unsynced: false, neverSent: false })).toEqual({ label: 'Pending' })
  })
})

describe("My bookings' last section", () => {
  it('names declined requests when it holds one', () => {
    const cancelled = { status: 'CANCELLED' as const, declined: false }
    const completed = { status: 'COMPLETED' as const }
    expect(earlierSectionTitle([cancelled, completed])).toBe('Earlier and cancelled')
    expect(earlierSectionTitle([completed, { status: 'CANCELLED', declined: true }])).toBe(
      'Earlier, cancelled and declined',
    )
  })
})
