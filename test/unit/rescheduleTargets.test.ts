/**
 * What the reschedule dialog offers (client/features/bookings/rescheduleTargets.ts): a browser walk
 * found it offering another service's slots, including one the customer already held; moving there
 * made two bookings of one customer in one slot.
 */
import { describe, expect, it } from 'vitest'
import type { SlotView } from '../../client/data/index.js'
import { rescheduleTargets } from '../../client/features/bookings/rescheduleTargets.js'
import type { BookingStatus } from '../../shared/schemas.js'

const PHYSIO = 'service-physio'
const BACK_CARE = 'service-back-care'
const CARLA = 'customer-carla'

function slot(id: string, serviceId: string, state: SlotView['state'] = 'available'): SlotView {
  return { id, serviceId, state } as SlotView
}

function booking(slotId: string, status: BookingStatus = 'CONFIRMED', customerId = CARLA) {
  return { slotId, serviceId: PHYSIO, customerId, status }
}

describe('rescheduleTargets', () => {
  const moving = booking('physio-mon-0800')

  it("offers free slots of the booking's service only, never its own", () => {
    const slots = [
      slot('physio-mon-0800', PHYSIO),
      slot('physio-tue-0900', PHYSIO),
      slot('back-care-fri-1600', BACK_CARE),
      slot('physio-full', PHYSIO, 'full'),
      slot('physio-blocked', PHYSIO, 'blocked'),
      slot('physio-past', PHYSIO, 'past'),
    ]
    expect(rescheduleTargets(moving, slots, [moving]).map((s) => s.id)).toEqual(['physio-tue-0900'])
  })

  it('leaves out a slot the customer already holds, but not one they cancelled or someone else holds', () => {
    const slots = [
      slot('physio-wed-1000', PHYSIO),
      slot('physio-thu-1100', PHYSIO),
      slot('physio-fri-1200', PHYSIO),
      slot('physio-sat-1300', PHYSIO),
    ]
    const bookings = [
      moving,
      booking('physio-wed-1000', 'PENDING'),
      booking('physio-thu-1100', 'CANCELLED'),
      booking('physio-fri-1200', 'CONFIRMED', 'customer-other'),
    ]
    expect(rescheduleTargets(moving, slots, bookings).map((s) => s.id)).toEqual([
      'physio-thu-1100',
      'physio-fri-1200',
      'physio-sat-1300',
    ])
  })
})
