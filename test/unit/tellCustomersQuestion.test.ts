import { describe, expect, it } from 'vitest'
import {
  tellCustomersQuestion,
  tellCustomersYes,
} from '../../client/features/provider/tellCustomersQuestion.js'

describe('the question before declining or cancelling many bookings at once', () => {
  it('counts bookings and customers and quotes the reason, with the range when there is one', () => {
    expect(tellCustomersQuestion('CANCEL', { bookings: 1, customers: 1 }, 'Ill', 'on Thu 10 Dec')).toBe(
      'Cancel 1 booking of 1 customer on Thu 10 Dec? The customer is told: “Ill”.',
    )
    expect(tellCustomersQuestion('DECLINE', { bookings: 3, customers: 2 }, 'Fully booked')).toBe(
      'Decline 3 bookings of 2 customers? Each customer is told: “Fully booked”.',
    )
  })

  it('answers yes with the verb and the count', () => {
    expect(tellCustomersYes('CANCEL', 1)).toBe('Yes, cancel 1 booking')
    expect(tellCustomersYes('DECLINE', 4)).toBe('Yes, decline 4 bookings')
  })
})
