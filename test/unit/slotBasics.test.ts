import { describe, expect, it } from 'vitest'
import { basicsForService } from '../../client/features/provider/slotBasics.js'

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
