/**
 * Availability figures. Per slot they come from the shared pure rule; per provider they are one SQL
 * aggregate computing the same thing (tested against shared availabilityStats and seatsUsed).
 */
import { availabilityStats, seatsUsed } from '../../shared/availability.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayReadProviderStats } from '../../shared/policy.js'
import type { AvailabilityStats, BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { SEAT_HOLDING } from './insightsGroups.js'
import { getSlot } from './slots.js'

/**
 * One slot's figures, its seats used counted as providerStats and insights count them (seatsUsed):
 * once it has started, its completed bookings too, whose seats the counter gave back.
 */
export async function slotStats(
  tx: Queryable,
  slotId: string,
  now: Date = new Date(),
): Promise<Outcome<AvailabilityStats>> {
  const slot = await getSlot(tx, slotId)
  if (!slot.ok) return slot
  const { rows: bookings } = await tx.query<{ status: BookingStatus }>(
    'SELECT b.status FROM bookings b WHERE b.slot_id = $1 AND NOT b.deleted',
    [slotId],
  )
  const { startTime, currentBookings, maxBookings } = slot.value
  const used = seatsUsed({ startTime, counter: currentBookings }, bookings, now)
  return accepted(availabilityStats([{ currentBookings: used, maxBookings }]))
}

export interface StatsRange {
  from?: string | undefined
  to?: string | undefined
}

/**
 * A provider's own figures over slots starting in [from, to); nobody else may read them. The seats
 * used of a slot that has started are counted as insights count them (seatsUsed in
 * shared/availability.ts, SEAT_HOLDING): its completed bookings too, whose seats the counter gave
 * back (invariant 1).
 */
export async function providerStats(
  tx: Queryable,
  actor: Actor,
  providerId: string,
  range: StatsRange,
): Promise<Outcome<AvailabilityStats>> {
  if (!mayReadProviderStats(actor, providerId)) {
    return refused(ErrorCode.FORBIDDEN, undefined, 'Providers see only their own statistics.')
  }
  // An inverted range is a mistake, refused as insights refuse it (shared/insightsSchemas.ts), not zeros.
  if (range.from !== undefined && range.to !== undefined && Date.parse(range.to) < Date.parse(range.from)) {
    const issue = { code: 'custom', path: ['to'], message: 'to must not be before from' }
    return refused(ErrorCode.VALIDATION_FAILED, [issue], `to: ${issue.message}`)
  }
  const { rows } = await tx.query<{
    slots: string | number
    capacity: string | number
    booked: string | number
  }>(
    `WITH seats AS MATERIALIZED (
       SELECT b.slot_id, count(*) AS seats FROM bookings b
       WHERE b.provider_id = $1 AND b.start_time <= now() AND NOT b.deleted AND ${SEAT_HOLDING}
         AND ($2::timestamptz IS NULL OR b.start_time >= $2)
         AND ($3::timestamptz IS NULL OR b.start_time < $3)
       GROUP BY b.slot_id
     )
     SELECT count(*) AS slots,
            coalesce(sum(s.max_bookings), 0) AS capacity,
            coalesce(sum(least(CASE WHEN s.start_time <= now()
                                    THEN greatest(s.current_bookings, coalesce(n.seats, 0))
                                    ELSE s.current_bookings END, s.max_bookings)), 0) AS booked
     FROM slots s LEFT JOIN seats n ON n.slot_id = s.id
     WHERE s.provider_id = $1 AND NOT s.deleted
       AND ($2::timestamptz IS NULL OR s.start_time >= $2)
       AND ($3::timestamptz IS NULL OR s.start_time < $3)`,
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
