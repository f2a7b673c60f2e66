import { describe, expect, it } from 'vitest'
import { upcomingWorkText } from '../../shared/upcomingWorkText.js'

describe('why a member with upcoming work cannot be removed yet, by role', () => {
  it("speaks of a customer's own bookings, and who can cancel them", () => {
    expect(
      upcomingWorkText('Carla Customer', 'customer', { upcomingSlots: 0, upcomingBookings: 6 }, null),
    ).toBe(
      'Carla Customer still has 6 upcoming bookings here: they must be cancelled first. ' +
        'Ask Carla Customer to cancel them under My bookings, or their providers to cancel them under My slots.',
    )
    expect(upcomingWorkText('Bo', 'customer', { upcomingSlots: 0, upcomingBookings: 1 }, 'provider')).toBe(
      'Bo still has 1 upcoming booking here: it must be cancelled before they can be made a provider. ' +
        'Ask Bo to cancel it under My bookings, or its provider to cancel it under My slots.',
    )
  })

  it("speaks of a provider's slots and the customers they serve", () => {
    expect(upcomingWorkText('Ana', 'provider', { upcomingSlots: 3, upcomingBookings: 1 }, null)).toBe(
      'Ana still has 3 upcoming slots and 1 active booking here, so they cannot be removed yet: those must ' +
        'be cancelled or moved first, so that no customer is left with a booking nobody serves. ' +
        'Ask Ana to cancel or move them under My slots.',
    )
    expect(upcomingWorkText('Ana', 'admin', { upcomingSlots: 1, upcomingBookings: 0 }, 'customer')).toMatch(
      /^Ana still has 1 upcoming slot here, so they cannot be made a customer yet:/,
    )
  })
})
