/**
 * How a booking row is read: the select list (alias b = bookings) and the mapping to the shared shape.
 * The customer's name is a scalar subquery rather than a join so that the same list also works in
 * `INSERT/UPDATE ... RETURNING`, where no join is possible.
 */
import type { RejectionReason } from '../../shared/errors.js'
import { ACTIVE_STATUSES, type Booking, type BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import { isoInstant } from './rowValues.js'

export const BOOKING_COLUMNS = `b.id, b.slot_id, b.provider_id, b.service_id, b.customer_id,
  (SELECT u.name FROM users u WHERE u.id = b.customer_id) AS customer_name, b.start_time, b.status,
  b.rejection_reason, b.status_reason, b.declined, b.notes, b.reference, b.created_at, b.updated_at, b.deleted, b.change_xid`

export interface BookingRow {
  id: string
  slot_id: string
  provider_id: string
  service_id: string
  customer_id: string
  customer_name: string
  start_time: Date | string
  status: BookingStatus
  rejection_reason: RejectionReason | null
  status_reason: string | null
  declined: boolean
  notes: string
  reference: string
  created_at: Date | string
  updated_at: Date | string
  deleted: boolean
}

export function bookingFromRow(row: BookingRow): Booking & { deleted: boolean } {
  return {
    id: row.id,
    slotId: row.slot_id,
    providerId: row.provider_id,
    serviceId: row.service_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    startTime: isoInstant(row.start_time),
    status: row.status,
    rejectionReason: row.rejection_reason,
    notes: row.notes,
    reference: row.reference,
    statusReason: row.status_reason,
    declined: row.declined,
    createdAt: isoInstant(row.created_at),
    updatedAt: isoInstant(row.updated_at),
    deleted: row.deleted,
  }
}

/** Booking statuses as an SQL list, for `status IN (...)` (from the code's constants, never from input). */
export const statusListSql = (statuses: readonly BookingStatus[]) =>
  statuses.map((status) => `'${status}'`).join(', ')

/** ACTIVE_STATUSES as an SQL list. */
export const ACTIVE_STATUS_SQL = statusListSql(ACTIVE_STATUSES)

/**
 * The SQL condition "booking `b` is an active booking of customer `customer` in the slot row `slot`"
 * (aliases and an SQL expression; never input). One customer holds at most one seat of a slot
 * (invariant 12, docs/INVARIANTS.md): the booking statements (bookSeat.ts, bookSeats.ts) refuse a
 * second with seatHeldSql below, and a waitlist join, a promotion and a reschedule ask
 * activeBookingOf. It names the slot and the customer only, the columns the unique index
 * bookings_one_seat_per_customer (slot_id, customer_id; migration 024) leads with and no other index
 * does, so the check is one probe of it whatever the table's statistics say (naming the organisation
 * too let PostgreSQL probe an index leading with it instead, and read all of a customer's or an
 * organisation's bookings per row: test/integration/seatCheckPlan.test.ts). A statement's snapshot
 * cannot see a booking committed while it waited for the slot's lock: that one the unique index catches.
 */
export const seatHeldCondition = (b: string, slot: string, customer: string) =>
  `${b}.slot_id = ${slot}.id AND ${b}.customer_id = ${customer}
      AND ${b}.status IN (${ACTIVE_STATUS_SQL}) AND NOT ${b}.deleted`

/**
 * `EXISTS (...)`: the customer holds a seat of the slot row `slot`. OFFSET 0 keeps it a subquery run
 * per row with the slot and the customer both known, a probe of the unique index; PostgreSQL would
 * otherwise turn it into an anti-join, which for the batch statement scanned all the organisation's
 * bookings for each row (a hot slot booked at 181 instead of 831 bookings/s at 8 clients).
 */
export const seatHeldSql = (slot: string, customer: string) =>
  `EXISTS (SELECT 1 FROM bookings held WHERE ${seatHeldCondition('held', slot, customer)} OFFSET 0)`

/**
 * The id of an active booking the customer holds in the slot, or null: what a booking refused by
 * the rule above, a waitlist join, a promotion and a reschedule ask before giving one person a seat.
 */
export async function activeBookingOf(
  tx: Queryable,
  customerId: string,
  slotId: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT o.id FROM slots s JOIN bookings o ON ${seatHeldCondition('o', 's', '$2::uuid')}
     WHERE s.id = $1 LIMIT 1`,
    [slotId, customerId],
  )
  return rows[0]?.id ?? null
}

/** The shape outside replication: the `deleted` tombstone flag dropped. */
export function withoutTombstone(booking: Booking & { deleted: boolean }): Booking {
  const { deleted: _deleted, ...rest } = booking
  return rest
}
