import { describe, expect, it } from 'vitest'
import { bulkBlockQuestion } from '../../client/features/provider/blockingText.js'

describe('the question before blocking several slots', () => {
  it('names how many of the selected slots hold bookings, and how many bookings', () => {
    expect(bulkBlockQuestion([0, 2, 3])).toBe(
      '2 of the 3 selected slots have 5 active bookings in all. Blocking stops new bookings only: their customers keep their bookings and are notified. To call them off, cancel the bookings. Block the 3 selected slots?',
    )
    expect(bulkBlockQuestion([1, 1])).toBe(
      'All 2 selected slots have 2 active bookings in all. Blocking stops new bookings only: their customers keep their bookings and are notified. To call them off, cancel the bookings. Block the 2 selected slots?',
    )
  })

  it('speaks of one slot and one booking in the singular', () => {
    expect(bulkBlockQuestion([1])).toBe(
      'The selected slot has 1 active booking. Blocking stops new bookings only: its customer keeps the booking and is notified. To call it off, cancel the booking. Block the selected slot?',
    )
    expect(bulkBlockQuestion([0, 1])).toBe(
      '1 of the 2 selected slots has 1 active booking. Blocking stops new bookings only: its customer keeps the booking and is notified. To call it off, cancel the booking. Block the 2 selected slots?',
    )
  })
})
