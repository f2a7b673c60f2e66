/**
 * What a toast says after a customer acts (client/features/bookings/actionWords.ts): before the
 * server's answer (being sent, offline, or the server not answering) only this device has the change,
 * so no server result is claimed (a released seat, a moved booking, a waitlist place); a booking the
 * provider still has to confirm was requested, not booked.
 */
import { describe, expect, it } from 'vitest'
import {
  bookedWords,
  cancelledWords,
  joinedWaitlistWords,
  leftWaitlistWords,
  movedWords,
  unansweredBookingWords,
} from '../../client/features/bookings/actionWords.js'

const CLAIMS = /released|moved to|joined the waitlist|left the waitlist|^Booked [^.]*\.$/i

describe('toasts after an action', () => {
  it("say the result only for the server's answer", () => {
    expect(cancelledWords('done')).toBe('Booking cancelled. Your seat was released.')
    expect(movedWords('Thursday 3 December 2026, 09:00', 'done')).toBe(
      'Booking moved to Thursday 3 December 2026, 09:00.',
    )
    expect(joinedWaitlistWords('done')).toBe('You joined the waitlist.')
    expect(movedWords('Thursday 3 December 2026, 09:00', 'refused')).toBe(
      'Not moved to Thursday 3 December 2026, 09:00: your booking keeps its time.',
    )
    expect(joinedWaitlistWords('booked')).toContain('it is booked for you')
    expect(leftWaitlistWords('done')).toBe('You left the waitlist.')
    expect(leftWaitlistWords('refused')).toContain('still on the waitlist')
  })

  it('while the answer is not in, claim no result', () => {
    for (const standing of ['sending', 'offline', 'unanswered'] as const)
      for (const words of [
        cancelledWords(standing),
        movedWords('Thursday 3 December 2026, 09:00', standing),
        joinedWaitlistWords(standing),
        leftWaitlistWords(standing),
      ])
        expect(words).not.toMatch(CLAIMS)
    expect(cancelledWords('sending')).toBe('Cancelling your booking…')
    expect(movedWords('Thursday 3 December 2026, 09:00', 'sending')).toBe(
      'Moving your booking to Thursday 3 December 2026, 09:00…',
    )
    expect(joinedWaitlistWords('sending')).toBe('Joining the waitlist…')
  })

  it('offline, say the change is saved on this device and sent later', () => {
    for (const words of [
      cancelledWords('offline'),
      movedWords('Thursday 3 December 2026, 09:00', 'offline'),
      joinedWaitlistWords('offline'),
    ])
      expect(words).toContain('saved on this device. It is sent when you are back online.')
    expect(movedWords('Thursday 3 December 2026, 09:00', 'offline')).toContain(
      'Thursday 3 December 2026, 09:00',
    )
  })

  it('with the server not answering (the browser online), say it is saved here and sent when the server can be reached', () => {
    expect(cancelledWords('unanswered')).toBe(
      'Cancellation saved on this device. It is sent when the server can be reached.',
    )
    expect(movedWords('Thursday 3 December 2026, 09:00', 'unanswered')).toBe(
      'Move to Thursday 3 December 2026, 09:00 saved on this device. It is sent when the server can be reached. Your current seat is kept until the move is confirmed.',
    )
    expect(joinedWaitlistWords('unanswered')).toBe(
      'Waitlist request saved on this device. It is sent when the server can be reached.',
    )
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
      'Booking for Maths tutoring on Sat 28 Nov at 15:00 saved on this device. It is sent when you are back online.',
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
