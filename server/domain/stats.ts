/**
 * Availability figures. Per slot they come from the shared pure rule; per provider they are one SQL
 * aggregate computing the same thing (tested against shared availabilityStats).
 */
import { availabilityStats } from '../../shared/availability.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayReadProviderStats } from '../../shared/policy.js'
import type { AvailabilityStats } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { getSlot } from './slots.js'

export async function slotStats(tx: Queryable, slotId: string): Promise<Outcome<AvailabilityStats>> {
  const slot = await getSlot(tx, slotId)
  return slot.ok ? accepted(availabilityStats([slot.value])) : slot
}

export interface StatsRange {
  from?: string | undefined
  to?: string | undefined
}

/** A provider's own figures over slots starting in [from, to); nobody else may read them. */
export async function providerStats(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  range: StatsRange,
): Promise<Outcome<AvailabilityStats>> {
  if (!mayReadProviderStats(actor, providerId)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Providers see only their own statistics.')
  }
  const { rows } = await tx.query<{
    slots: string | number
    capacity: string | number
    booked: string | number
  }>(
    `SELECT count(*) AS slots,
            coalesce(sum(max_bookings), 0) AS capacity,
            coalesce(sum(least(current_bookings, max_bookings)), 0) AS booked
     FROM slots
     WHERE provider_id = $1 AND NOT deleted
       AND ($2::timestamptz IS NULL OR start_time >= $2)
       AND ($3::timestamptz IS NULL OR start_time < $3)`,
    [providerId, range.from ?? null, range.to ?? null],
  )
  const slots = Number(rows[0]?.slots ?? 0)
  const capacity = Number(rows[0]?.capacity ?? 0)
  const booked = Number(rows[0]?.booked ?? 0)
  return accepted({
    slots,
    capacity,
    booked,
    free: capacity - booked,
    utilisation: capacity === 0 ? 0 : booked / capacity,
  })
}
