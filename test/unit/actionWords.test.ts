/**
 * What a toast says after a customer acts (client/features/bookings/actionWords.ts): offline, only this
 * device has the change, so no server result is claimed (a released seat, a moved booking, a waitlist
 * place); a booking the provider still has to confirm was requested, not booked.
 */
import { describe, expect, it } from 'vitest'
import {
  bookedWords,
  cancelledWords,
  joinedWaitlistWords,
  movedWords,
  unansweredBookingWords,
} from '../../client/features/bookings/actionWords.js'

const CLAIMS = /released|moved to|joined the waitlist|^Booked [^.]*\.$/i

describe('toasts after an action', () => {
  it('keep the online wording', () => {
    expect(cancelledWords(true)).toBe('Booking cancelled. Your seat was released.')
    expect(movedWords('Thursday 3 December 2026, 09:00', true)).toBe(
      'Booking moved to Thursday 3 December 2026, 09:00.',
    )
    expect(joinedWaitlistWords(true)).toBe('You joined the waitlist.')
  })

  it('offline, say the change is saved on this device and sent later, claiming no result', () => {
    for (const words of [
      cancelledWords(false),
      movedWords('Thursday 3 December 2026, 09:00', false),
      joinedWaitlistWords(false),
    ]) {
      expect(words).toContain('saved on this device. It is sent when you are back online.')
      expect(words).not.toMatch(CLAIMS)
    }
    expect(movedWords('Thursday 3 December 2026, 09:00', false)).toContain('Thursday 3 December 2026, 09:00')
  })

  it('say a booking the provider confirms by hand was requested, awaiting the provider', () => {
    const what = { service: 'Maths tutoring', day: 'Sat 28 Nov', time: '15:00' }
    expect(bookedWords(what, { online: true, status: 'PENDING' })).toBe(
      'Requested Maths tutoring on Sat 28 Nov at 15:00. It awaits the provider’s confirmation.',
    )
    expect(bookedWords(what, { online: true, status: 'CONFIRMED' })).toBe(
      'Booked Maths tutoring on Sat 28 Nov at 15:00.',
    )
    expect(bookedWords(what, { online: false })).toBe(
      'Booked Maths tutoring on Sat 28 Nov at 15:00 on this device. It is sent when you are back online.',
    )
  })

  it('online, claim no booking before the server answered it', () => {
    const what = { service: 'Physiotherapy session', day: 'Tue 1 Dec', time: '08:00' }
    expect(bookedWords(what, { online: true })).toBe('Booking Physiotherapy session on Tue 1 Dec at 08:00…')
    expect(unansweredBookingWords(what)).toBe(
      'Booking for Physiotherapy session on Tue 1 Dec at 08:00 saved on this device — it will be sent when the server can be reached.',
    )
    for (const words of [bookedWords(what, { online: true }), unansweredBookingWords(what)])
      expect(words).not.toMatch(CLAIMS)
  })
})
