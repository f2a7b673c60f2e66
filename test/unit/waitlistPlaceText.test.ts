/**
 * A customer's place on a waitlist, on its slot card (client/features/waitlist/waitlistPlaceText.ts):
 * a request the server has not answered is "not sent yet", as a booking is, never "syncing".
 */
import { describe, expect, it } from 'vitest'
import { waitlistPlaceWords } from '../../client/features/waitlist/waitlistPlaceText.js'

describe('a place on a waitlist, on its slot card', () => {
  it('says a request the server has not answered is not sent yet, not syncing', () => {
    expect(waitlistPlaceWords(null)).toBe('Waitlist request not sent yet')
    expect(waitlistPlaceWords(null)).not.toMatch(/sync/i)
  })

  it('names the position the server gave', () => {
    expect(waitlistPlaceWords(2)).toBe('You are #2 on the waitlist')
  })
})
