/**
 * Slots and bookings written straight into the tables, for history the API refuses to create
 * (slots in the past, bookings made weeks ago, cancellations with their audit rows). Counters and
 * audit rows are written as the domain would have left them; prices come from the insert trigger.
 */
import { randomUUID } from 'node:crypto'
import { isActive } from '../../shared/availability.js'
import type { BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../../server/db/database.js'

export interface PastSlot {
  providerId: string
  serviceId: string
  /** UTC instant */
  start: string
  maxBookings: number
  blocked?: boolean
}

export async function insertSlotRow(db: Queryable, slot: PastSlot): Promise<string> {
  const id = randomUUID()
  await db.query(
    `INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings, blocked)
     VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '1 hour', $5, $6)`,
    [id, slot.providerId, slot.serviceId, slot.start, slot.maxBookings, slot.blocked ?? false],
  )
  return id
}

export interface PastBooking {
  slotId: string
  customerId: string
  status: BookingStatus
  /** UTC instant the booking was made */
  createdAt: string
  /** Who cancelled a CANCELLED booking, and from which status; none: no audit row (e.g. imported data). */
  cancelledBy?: { actorId: string; fromStatus: 'PENDING' | 'CONFIRMED' }
  deleted?: boolean
}

export async function insertBookingRow(db: Queryable, booking: PastBooking): Promise<string> {
  const id = randomUUID()
  await db.query(
    `INSERT INTO bookings (id, slot_id, provider_id, service_id, customer_id, start_time, status,
                           rejection_reason, created_at, deleted)
     SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time, $3,
            CASE WHEN $3 = 'REJECTED' THEN 'SLOT_FULL' END, $4, $5
     FROM slots s WHERE s.id = $6`,
    [id, booking.customerId, booking.status, booking.createdAt, booking.deleted ?? false, booking.slotId],
  )
  if (isActive(booking.status) && !booking.deleted) {
    await db.query('UPDATE slots SET current_bookings = current_bookings + 1 WHERE id = $1', [booking.slotId])
  }
  if (booking.cancelledBy) {
    await db.query(
      `INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
       SELECT $1, b.provider_id, 'booking.cancelled', 'booking', b.id,
              jsonb_build_object('status', $2::text), jsonb_build_object('status', 'CANCELLED')
       FROM bookings b WHERE b.id = $3`,
      [booking.cancelledBy.actorId, booking.cancelledBy.fromStatus, id],
    )
  }
  return id
}

/**
 * The slot's session begins: moves the slot (and the bookings on it, which carry its start) so it
 * started a minute ago, keeping its length. What the clock would do, without waiting for it.
 */
export async function startSlotNow(db: Queryable, slotId: string): Promise<void> {
  await db.query(
    `UPDATE slots SET start_time = now() - interval '1 minute',
                      end_time = now() - interval '1 minute' + (end_time - start_time)
     WHERE id = $1`,
    [slotId],
  )
  await db.query(
    'UPDATE bookings b SET start_time = s.start_time FROM slots s WHERE s.id = $1 AND b.slot_id = s.id',
    [slotId],
  )
}
