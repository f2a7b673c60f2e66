/** Who hears about which booking change, and how it reads: the pure rules of the notification feed. */
import { describe, expect, it } from 'vitest'
import { bookingNotifications } from '../../server/domain/notifications.js'
import { SLOT_BLOCKED_REASON, notificationText } from '../../shared/notifications.js'
import type { BookingStatus } from '../../shared/schemas.js'

const booking = (status: BookingStatus, rejectionReason: 'SLOT_FULL' | null = null) => ({
  customerId: 'customer',
  providerId: 'provider',
  status,
  rejectionReason,
})

describe('bookingNotifications', () => {
  it.each([
    ['new pending booking', 'customer', null, booking('PENDING'), [['provider', 'NEW_BOOKING_REQUEST']]],
    ['new confirmed booking', 'customer', null, booking('CONFIRMED'), [['provider', 'NEW_BOOKING']]],
    [
      'offline booking rejected',
      'customer',
      null,
      booking('REJECTED', 'SLOT_FULL'),
      [['customer', 'BOOKING_REJECTED']],
    ],
    [
      'provider confirms',
      'provider',
      booking('PENDING'),
      booking('CONFIRMED'),
      [['customer', 'BOOKING_CONFIRMED']],
    ],
    [
      'provider declines',
      'provider',
      booking('PENDING'),
      booking('CANCELLED'),
      [['customer', 'BOOKING_DECLINED']],
    ],
    [
      'provider cancels',
      'provider',
      booking('CONFIRMED'),
      booking('CANCELLED'),
      [['customer', 'BOOKING_CANCELLED_BY_PROVIDER']],
    ],
    [
      'provider deletes',
      'provider',
      booking('CONFIRMED'),
      null,
      [['customer', 'BOOKING_CANCELLED_BY_PROVIDER']],
    ],
    [
      'customer cancels',
      'customer',
      booking('PENDING'),
      booking('CANCELLED'),
      [['provider', 'BOOKING_CANCELLED_BY_CUSTOMER']],
    ],
    [
      'customer deletes',
      'customer',
      booking('CONFIRMED'),
      null,
      [['provider', 'BOOKING_CANCELLED_BY_CUSTOMER']],
    ],
    ['completed', 'provider', booking('CONFIRMED'), booking('COMPLETED'), []],
    ['a cancelled booking deleted', 'customer', booking('CANCELLED'), null, []],
  ] as const)('%s', (_name, role, before, after, expected) => {
    const targets = bookingNotifications(role, before, after)
    expect(targets.map((t) => [t.userId, t.kind])).toEqual(expected)
  })

  it('carries the refusal code of a rejected booking, and renders it as words', () => {
    const [target] = bookingNotifications('customer', null, booking('REJECTED', 'SLOT_FULL'))
    expect(target?.reason).toBe('SLOT_FULL')
    const text = notificationText(
      {
        kind: 'BOOKING_REJECTED',
        startTime: null,
        serviceName: 'Physio',
        otherParty: null,
        reason: 'SLOT_FULL',
      },
      (iso) => iso,
    )
    expect(text).toBe('Your booking for Physio could not be made. The slot is fully booked.')
  })

  it("quotes a provider's reason with one full stop, whether or not it ends with one", () => {
    const cancelled = (reason: string) =>
      notificationText(
        {
          kind: 'BOOKING_CANCELLED_BY_PROVIDER',
          startTime: null,
          serviceName: 'Physio',
          otherParty: null,
          reason,
        },
        (iso) => iso,
      )
    const said = 'Your booking for Physio was cancelled by the provider. Reason:'
    expect(cancelled('Closed next week')).toBe(`${said} Closed next week.`)
    expect(cancelled('Closed next week. ')).toBe(`${said} Closed next week.`)
    expect(cancelled('Closed?')).toBe(`${said} Closed?`)
  })

  it('a blocked slot reads as closed to new bookings, the booking standing; other slot changes as changed', () => {
    const changed = (reason: string | null) =>
      notificationText(
        {
          kind: 'SLOT_CHANGED',
          startTime: '2026-12-08T15:00:00Z',
          serviceName: 'Back-care group class',
          otherParty: 'Dr Lee',
          reason,
        },
        () => 'Tuesday 8 December 2026, 16:00',
      )
    expect(changed(SLOT_BLOCKED_REASON)).toBe(
      'Back-care group class on Tuesday 8 December 2026, 16:00 is no longer open for new bookings (the provider closed it). Your booking stays.',
    )
    expect(changed('blocked by the provider')).not.toContain('changed')
    expect(changed('Room moved')).toBe(
      'Back-care group class on Tuesday 8 December 2026, 16:00 was changed by the provider. Reason: Room moved.',
    )
  })

  it("a webhook endpoint turned off names it, since when it failed in the reader's zone, and what to do", () => {
    const turnedOff = {
      kind: 'WEBHOOK_DISABLED' as const,
      startTime: '2026-11-28T00:03:33Z',
      serviceName: 'https://crm.example.com/hooks',
      otherParty: null,
      reason: 'HTTP 500',
    }
    expect(
      notificationText(turnedOff, (iso) =>
        new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/Berlin' }),
      ),
    ).toBe(
      'Your webhook endpoint https://crm.example.com/hooks was turned off after failing since 28/11/2026, 01:03:33: HTTP 500. Turn it on again under Webhooks once the receiver works.',
    )
  })
})
