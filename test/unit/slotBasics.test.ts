import { describe, expect, it } from 'vitest'
import { basicsForService, slotCreatedText } from '../../client/features/provider/slotBasics.js'

const groupClass = {
  id: '00000000-0000-4000-8000-000000000001',
  providerId: '00000000-0000-4000-8000-000000000002',
  name: 'Back-care group class',
  durationMinutes: 60,
  defaultCapacity: 8,
  description: '',
  priceMinor: 0,
  currency: 'EUR',
}

describe('slot form basics', () => {
  it("start from the service's length and default capacity (a group class is not capacity 1)", () => {
    expect(basicsForService(groupClass)).toEqual({
      serviceId: groupClass.id,
      durationMinutes: 60,
      maxBookings: 8,
    })
  })

  it('switching service takes its capacity too', () => {
    const single = { ...groupClass, id: '00000000-0000-4000-8000-000000000003', defaultCapacity: 1 }
    expect(basicsForService(single, basicsForService(groupClass)).maxBookings).toBe(1)
  })
})

describe('the toast after creating a slot', () => {
  const now = new Date('2026-11-26T10:00:00.000Z')

  it('names the year of a slot in another year, not of one this year', () => {
    expect(slotCreatedText('2099-12-31T22:30:00.000Z', 'Europe/Berlin', now)).toBe(
      'Slot created on Thu 31 Dec 2099 at 23:30.',
    )
    expect(slotCreatedText('2026-12-03T08:00:00.000Z', 'Europe/Berlin', now)).toBe(
      'Slot created on Thu 3 Dec at 09:00.',
    )
  })

  it("reads the year in the provider's zone: New Year's Eve in New York is already next year in UTC", () => {
    const eve = new Date('2027-01-01T03:00:00.000Z')
    expect(slotCreatedText('2026-12-31T23:30:00.000Z', 'America/New_York', eve)).toBe(
      'Slot created on Thu 31 Dec at 18:30.',
    )
    expect(slotCreatedText('2027-01-01T14:00:00.000Z', 'America/New_York', eve)).toBe(
      'Slot created on Fri 1 Jan 2027 at 09:00.',
    )
  })
})
