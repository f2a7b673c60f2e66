/**
 * Moving a booking to another time of the same service (so of the same provider), in the caller's
 * transaction: the booking keeps its id and reference, takes a seat in the new slot under the
 * capacity check, and only then gives its old seat back (to the first waiter there: invariant 8). A
 * refusal (the new slot full, blocked, past, another provider's or service's, the same slot, or one
 * where the customer already holds another booking) is decided before anything is written, so the old
 * booking is untouched and still holds its seat. A reschedule never changes what was booked: a
 * booking of another service is a new booking.
 *
 * Lock order, shared with every multi-slot command (series, bulk): the booking row first, then the
 * slots in id order. Two reschedules crossing between the same two slots therefore queue instead of
 * deadlocking, and a concurrent booking of the last seat in the new slot either commits before our
 * lock (we see the slot full and refuse) or waits for our commit (and is then refused itself).
 */
import { isActive } from '../../shared/availability.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayRescheduleBooking } from '../../shared/policy.js'
import type { Booking } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'
import {
  BOOKING_COLUMNS,
  type BookingRow,
  activeBookingOf,
  bookingFromRow,
  withoutTombstone,
} from './bookingRows.js'
import { freeSeat, type LockedBooking, lockBooking } from './bookings.js'
import { writeNotification } from './notifications.js'
import { type SeatRow, seatRefusalOf } from './slotRows.js'
import { promoteWaitlist } from './waitlist.js'

interface LockedSeatSlot extends SeatRow {
  id: string
  provider_id: string
  service_id: string
}

/** Locks the given slots in id order (the lock order of every multi-slot command). */
export async function lockSlotsInOrder(tx: Queryable, slotIds: readonly string[]): Promise<LockedSeatSlot[]> {
  const { rows } = await tx.query<LockedSeatSlot>(
    `SELECT id, provider_id, service_id, blocked, deleted, start_time, current_bookings, max_bookings, now() AS db_now
     FROM slots WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
    [slotIds],
  )
  return rows
}

export async function rescheduleBooking(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
  newSlotId: string,
): Promise<Outcome<Booking>> {
  const current = await lockBooking(tx, bookingId)
  if (!current || current.deleted) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: bookingId })
  return rescheduleLockedBooking(tx, actor, current, newSlotId)
}

/** The same, for a caller that already holds the booking's row lock (the replication push). */
export async function rescheduleLockedBooking(
  tx: Queryable,
  actor: Actor,
  current: LockedBooking,
  newSlotId: string,
): Promise<Outcome<Booking>> {
  if (current.deleted) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: current.id })
  if (!mayRescheduleBooking(actor, current))
    return refused(ErrorCode.FORBIDDEN, undefined, 'Not your booking.')
  if (newSlotId === current.slotId) return refused(ErrorCode.RESCHEDULE_SAME_SLOT, { slotId: newSlotId })
  // Cancelled meanwhile (another device of the customer, the provider): said so, not as a bad transition.
  if (current.status === 'CANCELLED') return refused(ErrorCode.BOOKING_CANCELLED, { id: current.id })
  if (!isActive(current.status)) {
    return refused(
      ErrorCode.INVALID_TRANSITION,
      { status: current.status },
      `A ${current.status} booking cannot be moved.`,
    )
  }
  const slots = await lockSlotsInOrder(tx, [current.slotId, newSlotId])
  const target = slots.find((slot) => slot.id === newSlotId)
  if (!target || target.deleted) return refused(ErrorCode.SLOT_NOT_FOUND, { slotId: newSlotId })
  if (target.provider_id !== current.providerId) {
    return refused(ErrorCode.RESCHEDULE_OTHER_PROVIDER, { slotId: newSlotId })
  }
  if (target.service_id !== current.serviceId) {
    return refused(ErrorCode.RESCHEDULE_OTHER_SERVICE, {
      slotId: newSlotId,
      serviceId: target.service_id,
      bookingServiceId: current.serviceId,
    })
  }
  // A seat the customer already holds there: moving in would make one person two bookings of one
  // slot. Read under the slot's lock, so two reschedules into the slot cannot both pass it.
  // (The booking being moved is in another slot, so it is never the one found.)
  const held = await activeBookingOf(tx, current.customerId, newSlotId)
  if (held !== null)
    return refused(ErrorCode.RESCHEDULE_ALREADY_BOOKED, { slotId: newSlotId, bookingId: held })
  const seat = seatRefusalOf(target)
  if (seat !== null) return refused(seat, { slotId: newSlotId })
  const origin = slots.find((slot) => slot.id === current.slotId)
  if (origin && new Date(origin.start_time) <= new Date(origin.db_now)) {
    return refused(ErrorCode.SLOT_IN_PAST, { slotId: current.slotId }, 'The booking has already started.')
  }

  // The new seat first, under the same capacity check as createBooking (we hold the slot's lock, so
  // the check above is still true; the statement repeats it so no path takes a seat unchecked).
  const taken = await tx.query(
    `UPDATE slots SET current_bookings = current_bookings + 1
     WHERE id = $1 AND NOT deleted AND NOT blocked AND start_time > now() AND current_bookings < max_bookings
     RETURNING id`,
    [newSlotId],
  )
  if (taken.rowCount === 0) return refused(ErrorCode.SLOT_FULL, { slotId: newSlotId })
  const moved = await tx.query<BookingRow>(
    `UPDATE bookings b SET slot_id = s.id, start_time = s.start_time, status_reason = NULL
     FROM slots s WHERE b.id = $1 AND s.id = $2
     RETURNING ${BOOKING_COLUMNS}`,
    [current.id, newSlotId],
  )
  const before = withoutTombstone(current)
  const row = moved.rows[0]
  if (!row) throw new Error(`booking ${current.id} vanished under its own lock`)
  const after = withoutTombstone(bookingFromRow(row))
  // Audited (with its webhook event) before the seat it frees goes to a waiter, as a cancel is
  // (bookings.ts): the trail and the receivers read the move first.
  await recordAudit(tx, actor, {
    action: 'booking.rescheduled',
    entityType: 'booking',
    entityId: after.id,
    providerId: after.providerId,
    before,
    after,
  })
  await freeSeat(tx, current.slotId)
  await promoteWaitlist(tx, current.slotId)
  const otherParty = actor.userId === after.customerId ? after.providerId : after.customerId
  await writeNotification(
    tx,
    { userId: otherParty, kind: 'BOOKING_RESCHEDULED', reason: null },
    { slotId: after.slotId, bookingId: after.id, otherPartyId: actor.userId },
  )
  return accepted(after)
}
