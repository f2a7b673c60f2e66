/** Where a notification in the bell's list takes its reader (a customer's complaint: it did nothing). */
import { describe, expect, it } from 'vitest'
import { notificationTarget } from '../../client/features/notifications/notificationTarget.js'

const about = {
  bookingId: 'b1',
  slotId: 's1',
  // 23:30 UTC on a Sunday is Monday in Berlin: the week is the reader's.
  startTime: '2026-11-29T23:30:00.000Z',
}

describe('notificationTarget', () => {
  it('takes a customer to the booking in My bookings', () => {
    for (const kind of [
      'BOOKING_CONFIRMED',
      'SLOT_CHANGED',
      'BOOKING_RESCHEDULED',
      'WAITLIST_PROMOTED',
    ] as const)
      expect(notificationTarget({ kind, ...about }, 'Europe/Berlin', false), kind).toEqual({
        page: 'bookings',
        bookingId: 'b1',
      })
  })

  it("without a booking, to the slot's week in the reader's zone, the slot marked", () => {
    expect(
      notificationTarget({ kind: 'SLOT_CANCELLED', ...about, bookingId: null }, 'Europe/Berlin', false),
    ).toEqual({
      page: 'slots',
      week: '2026-11-30',
      slotId: 's1',
    })
    expect(
      notificationTarget({ kind: 'SLOT_CANCELLED', ...about, bookingId: null }, 'UTC', false)?.week,
    ).toBe('2026-11-29')
  })

  it('a provider: a request to the inbox, anything else to the week of their calendar', () => {
    expect(notificationTarget({ kind: 'NEW_BOOKING_REQUEST', ...about }, 'Europe/Berlin', true)).toEqual({
      page: 'inbox',
    })
    expect(notificationTarget({ kind: 'NEW_BOOKING', ...about }, 'Europe/Berlin', true)).toEqual({
      page: 'provider-slots',
      week: '2026-11-30',
    })
  })

  it('an endpoint turned off: to Webhooks, where it is turned on again (its time is no slot’s)', () => {
    const turnedOff = {
      kind: 'WEBHOOK_DISABLED' as const,
      bookingId: null,
      slotId: null,
      startTime: about.startTime,
    }
    expect(notificationTarget(turnedOff, 'Europe/Berlin', true)).toEqual({ page: 'webhooks' })
  })

  it('nothing to open when it names neither booking nor time', () => {
    const bare = { bookingId: null, slotId: null, startTime: null }
    expect(notificationTarget({ kind: 'BOOKING_REJECTED', ...bare }, 'UTC', false)).toBeNull()
    expect(notificationTarget({ kind: 'NEW_BOOKING', ...bare }, 'UTC', true)).toBeNull()
  })
})
