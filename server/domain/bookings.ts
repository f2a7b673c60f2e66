/**
 * Booking transitions. Each function runs inside the caller's transaction and keeps the slot's
 * counter in step in that same transaction: the capacity check and the increment are ONE
 * conditional UPDATE (no check-then-act), decrements never go below zero, and a replay of the
 * same client-generated id changes nothing (invariants 1 and 3).
 */
import { bookingRefusal, isActive, transition } from '../../shared/availability.js'
import { DomainError, ErrorCode, errorMessages, type RejectionReason } from '../../shared/errors.js'
import type { Booking, BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'
import { BOOKING_COLUMNS, type BookingRow, bookingFromRow, publicBooking } from './bookingRows.js'
import { notifyBookingChange } from './notifications.js'
import { promoteWaitlist } from './waitlist.js'

export interface CreateBookingInput {
  id: string
  slotId: string
  notes: string
}

export interface CreateBookingOptions {
  /** true (replication push): a refused booking is stored as REJECTED and returned; false (REST): it throws. */
  recordRefusal?: boolean
}

/** How often a refused seat is re-tried when a concurrent release makes the refusal stale. */
const SEAT_ATTEMPTS = 3

export async function createBooking(
  tx: Queryable,
  actor: Actor,
  input: CreateBookingInput,
  options: CreateBookingOptions = {},
): Promise<Booking> {
  if (actor.role !== 'customer') throw new DomainError(ErrorCode.FORBIDDEN, 'Only customers book slots.')

  // The id is the idempotency key: inserting first makes a concurrent replay wait for us.
  const inserted = await tx.query<BookingRow>(
    `INSERT INTO bookings AS b (id, slot_id, provider_id, service_id, customer_id, start_time, status, notes)
     SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time,
            CASE WHEN p.auto_confirm THEN 'CONFIRMED' ELSE 'PENDING' END, $4
     FROM slots s JOIN users p ON p.id = s.provider_id
     WHERE s.id = $3
     ON CONFLICT (id) DO NOTHING
     RETURNING ${BOOKING_COLUMNS}`,
    [input.id, actor.userId, input.slotId, input.notes],
  )
  const row = inserted.rows[0]
  if (!row) return existingBookingOrMissingSlot(tx, actor, input)

  const refusal = await takeSeat(tx, input.slotId)
  if (refusal === null) {
    const booking = publicBooking(bookingFromRow(row))
    await recordAudit(tx, actor, {
      action: 'booking.created',
      entityType: 'booking',
      entityId: booking.id,
      providerId: booking.providerId,
      before: null,
      after: booking,
    })
    await notifyBookingChange(tx, actor, null, booking)
    return booking
  }
  if (!options.recordRefusal) {
    // Undo our own insert so the transaction holds no trace even if a caller catches and commits.
    await tx.query('DELETE FROM bookings WHERE id = $1', [input.id])
    throw new DomainError(refusal, errorMessages[refusal], { slotId: input.slotId })
  }

  const rejected = await tx.query<BookingRow>(
    `UPDATE bookings b SET status = 'REJECTED', rejection_reason = $2 WHERE b.id = $1 RETURNING ${BOOKING_COLUMNS}`,
    [input.id, refusal],
  )
  const booking = publicBooking(bookingFromRow(mustHave(rejected.rows[0])))
  await recordAudit(tx, actor, {
    action: 'booking.rejected',
    entityType: 'booking',
    entityId: booking.id,
    providerId: booking.providerId,
    before: null,
    after: booking,
  })
  await notifyBookingChange(tx, actor, null, booking)
  return booking
}

/** Nothing was inserted: either the id exists (a replay, or someone else's id) or the slot does not. */
async function existingBookingOrMissingSlot(
  tx: Queryable,
  actor: Actor,
  input: CreateBookingInput,
): Promise<Booking> {
  const existing = await tx.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1`, [
    input.id,
  ])
  const row = existing.rows[0]
  if (!row)
    throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId: input.slotId })
  if (row.customer_id !== actor.userId) {
    throw new DomainError(ErrorCode.BOOKING_ID_TAKEN, errorMessages.BOOKING_ID_TAKEN, { id: input.id })
  }
  return publicBooking(bookingFromRow(row))
}

/**
 * Takes one seat with a single conditional UPDATE; returns null on success or why it was refused.
 * Under READ COMMITTED a concurrent writer's lock makes PostgreSQL re-check the WHERE on the newest
 * row version, so two transactions can never both take the last seat.
 */
async function takeSeat(tx: Queryable, slotId: string): Promise<RejectionReason | null> {
  for (let attempt = 1; attempt <= SEAT_ATTEMPTS; attempt++) {
    const taken = await tx.query(
      `UPDATE slots SET current_bookings = current_bookings + 1
       WHERE id = $1 AND NOT deleted AND NOT blocked AND start_time > now() AND current_bookings < max_bookings
       RETURNING id`,
      [slotId],
    )
    if (taken.rowCount > 0) return null
    const reason = await refusalReason(tx, slotId)
    // null: a seat was freed between the UPDATE and the read; try again.
    if (reason !== null) return reason
  }
  return ErrorCode.SLOT_FULL
}

async function refusalReason(tx: Queryable, slotId: string): Promise<RejectionReason | null> {
  const { rows } = await tx.query<{
    blocked: boolean
    deleted: boolean
    start_time: Date
    current_bookings: number
    max_bookings: number
    db_now: Date
  }>(
    'SELECT blocked, deleted, start_time, current_bookings, max_bookings, now() AS db_now FROM slots WHERE id = $1',
    [slotId],
  )
  const slot = rows[0]
  if (!slot) return ErrorCode.SLOT_NOT_FOUND
  return bookingRefusal(
    {
      blocked: slot.blocked || slot.deleted,
      startTime: new Date(slot.start_time).toISOString(),
      currentBookings: slot.current_bookings,
      maxBookings: slot.max_bookings,
    },
    new Date(slot.db_now),
  )
}

async function freeSeat(tx: Queryable, slotId: string): Promise<void> {
  await tx.query('UPDATE slots SET current_bookings = GREATEST(current_bookings - 1, 0) WHERE id = $1', [
    slotId,
  ])
}

/** Locks the booking row for the rest of the transaction (all writers of a booking go through here). */
async function lockBooking(tx: Queryable, bookingId: string): Promise<Booking & { deleted: boolean }> {
  const { rows } = await tx.query<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1 FOR UPDATE`,
    [bookingId],
  )
  const row = rows[0]
  if (!row)
    throw new DomainError(ErrorCode.BOOKING_NOT_FOUND, errorMessages.BOOKING_NOT_FOUND, { id: bookingId })
  return bookingFromRow(row)
}

/** A customer may touch their own bookings; a provider the bookings on their own slots. */
export function mayAccessBooking(actor: Actor, booking: Pick<Booking, 'customerId' | 'providerId'>): boolean {
  return actor.role === 'customer' ? booking.customerId === actor.userId : booking.providerId === actor.userId
}

export type SettableStatus = Extract<BookingStatus, 'CONFIRMED' | 'CANCELLED' | 'COMPLETED'>

export async function changeBookingStatus(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
  status: SettableStatus,
  /** Passed on in the notification the change causes (a provider's reason for declining). */
  reason?: string,
): Promise<Booking> {
  const current = await lockBooking(tx, bookingId)
  if (current.deleted) {
    throw new DomainError(ErrorCode.BOOKING_NOT_FOUND, errorMessages.BOOKING_NOT_FOUND, { id: bookingId })
  }
  if (!mayAccessBooking(actor, current)) throw new DomainError(ErrorCode.FORBIDDEN, 'Not your booking.')
  if (actor.role === 'customer' && status !== 'CANCELLED') {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Customers can only cancel their bookings.')
  }
  const before = publicBooking(current)
  if (current.status === status) return before

  const change = transition(current.status, status)
  if (!change.ok) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `A ${current.status} booking cannot become ${status}.`,
      {
        from: current.status,
        to: status,
      },
    )
  }
  if (change.seatDelta === 1) {
    const refusal = await takeSeat(tx, current.slotId)
    if (refusal !== null) throw new DomainError(refusal, errorMessages[refusal], { slotId: current.slotId })
  }
  const updated = await tx.query<BookingRow>(
    `UPDATE bookings b SET status = $2 WHERE b.id = $1 RETURNING ${BOOKING_COLUMNS}`,
    [bookingId, status],
  )
  if (change.seatDelta === -1) {
    await freeSeat(tx, current.slotId)
    await promoteWaitlist(tx, current.slotId)
  }
  const after = publicBooking(bookingFromRow(mustHave(updated.rows[0])))
  await recordAudit(tx, actor, {
    action: `booking.${status.toLowerCase()}`,
    entityType: 'booking',
    entityId: bookingId,
    providerId: after.providerId,
    before,
    after,
  })
  await notifyBookingChange(tx, actor, before, after, reason)
  return after
}

/** Soft delete (a tombstone for replication); frees the seat when the booking held one. Idempotent. */
export async function deleteBooking(tx: Queryable, actor: Actor, bookingId: string): Promise<Booking> {
  const current = await lockBooking(tx, bookingId)
  if (!mayAccessBooking(actor, current)) throw new DomainError(ErrorCode.FORBIDDEN, 'Not your booking.')
  const before = publicBooking(current)
  if (current.deleted) return before
  await tx.query('UPDATE bookings SET deleted = true WHERE id = $1', [bookingId])
  if (isActive(current.status)) {
    await freeSeat(tx, current.slotId)
    await promoteWaitlist(tx, current.slotId)
  }
  await recordAudit(tx, actor, {
    action: 'booking.deleted',
    entityType: 'booking',
    entityId: bookingId,
    providerId: current.providerId,
    before,
    after: null,
  })
  await notifyBookingChange(tx, actor, before, null)
  return before
}

export interface BookingFilter {
  slotId?: string | undefined
  status?: BookingStatus | undefined
  from?: string | undefined
  to?: string | undefined
}

/** A customer's own bookings, or the bookings on a provider's slots; tombstones excluded. */
export async function listBookings(
  tx: Queryable,
  actor: Actor,
  filter: BookingFilter = {},
): Promise<Booking[]> {
  const owner = actor.role === 'customer' ? 'b.customer_id' : 'b.provider_id'
  const { rows } = await tx.query<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings b
     WHERE ${owner} = $1 AND NOT b.deleted
       AND ($2::uuid IS NULL OR b.slot_id = $2)
       AND ($3::text IS NULL OR b.status = $3)
       AND ($4::timestamptz IS NULL OR b.start_time >= $4)
       AND ($5::timestamptz IS NULL OR b.start_time < $5)
     ORDER BY b.start_time, b.created_at, b.id`,
    [actor.userId, filter.slotId ?? null, filter.status ?? null, filter.from ?? null, filter.to ?? null],
  )
  return rows.map((r) => publicBooking(bookingFromRow(r)))
}

export async function getBooking(tx: Queryable, actor: Actor, bookingId: string): Promise<Booking> {
  const { rows } = await tx.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1`, [
    bookingId,
  ])
  const row = rows[0]
  if (!row || row.deleted) {
    throw new DomainError(ErrorCode.BOOKING_NOT_FOUND, errorMessages.BOOKING_NOT_FOUND, { id: bookingId })
  }
  const booking = publicBooking(bookingFromRow(row))
  if (!mayAccessBooking(actor, booking)) throw new DomainError(ErrorCode.FORBIDDEN, 'Not your booking.')
  return booking
}

function mustHave<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('expected a row from a statement on a locked row')
  return row
}
