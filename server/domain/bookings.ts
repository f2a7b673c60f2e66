/**
 * Booking transitions. Each command runs inside the caller's transaction, keeps the slot's counter in
 * step in that same transaction, and returns an Outcome: the booking, or the refusal as a value.
 *
 * A refusal leaves nothing behind even when the caller commits, and not because of undo code: every
 * command decides its refusal before it writes, or in the very statement that would write (a
 * conditional INSERT/UPDATE that changes no row). Booking a seat is one statement that inserts the
 * booking and takes the seat under the capacity check together (no check-then-act), decrements never
 * go below zero, and a replay of the same client-generated id changes nothing (invariants 1 and 3 in
 * docs/INVARIANTS.md). test/integration/refusalLeavesNoTrace.test.ts holds every command to this.
 * Commands that can only know their outcome after writing (an all-or-nothing series or bulk change,
 * server/domain/bookingSeries.ts and bulkActions.ts) run their writes under server/db/savepoint.ts,
 * never with hand-written undo.
 */
import { randomUUID } from 'node:crypto'
import { completionRefusal, isActive, transition, waitsForStart } from '../../shared/availability.js'
import { declinesRequest } from '../../shared/declinedRequest.js'
import { notAMemberDetails, notAMemberMessage } from '../../shared/membershipRefusal.js'
import {
  ErrorCode,
  type Outcome,
  type Refused,
  RejectionReason,
  accepted,
  refused,
} from '../../shared/errors.js'
import {
  mayBook,
  mayDeleteBooking,
  maySeeBooking,
  maySetBookingStatus,
  bookingScope,
  statusNeedsReason,
} from '../../shared/policy.js'
import type { Booking, BookingStatus, SettableStatus } from '../../shared/schemas.js'
import { hasVisibleContent } from '../../shared/visibleText.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'
import { type BookSeatInput, type BookSeatResult, bookSeat } from './bookSeat.js'
import {
  BOOKING_COLUMNS,
  type BookingRow,
  activeBookingOf,
  bookingFromRow,
  withoutTombstone,
} from './bookingRows.js'
import { idTakenAnywhere } from './idTakenAnywhere.js'
import { notifyBookingChange } from './notifications.js'
import { promoteWaitlist } from './waitlist.js'
import { settleRequestNotices } from './requestNotices.js'
import { type SeatRow, seatRefusalOf } from './slotRows.js'

export interface CreateBookingInput {
  id: string
  slotId: string
  notes: string
  /**
   * The hash of the session token the actor came from, when the caller took the actor from a cache:
   * the booking statement then also checks that the session is still live (a sign-out takes effect
   * at once); UNAUTHENTICATED when it is not.
   */
  sessionTokenHash?: string | null
}

/** How often a refused seat is re-tried when a concurrent release makes the refusal stale. */
const SEAT_ATTEMPTS = 3

/**
 * How a booking's first attempt at its seat is made: on its own (bookSeat), or together with other
 * requests' bookings (the REST route's seatBatcher.ts). Any further attempt is made on its own.
 */
export type TakeSeat = (actor: Actor, input: BookSeatInput) => Promise<BookSeatResult>

export async function createBooking(
  tx: Queryable,
  actor: Actor,
  input: CreateBookingInput,
  firstAttempt?: TakeSeat,
): Promise<Outcome<Booking>> {
  if (!mayBook(actor)) return refused(ErrorCode.FORBIDDEN, undefined, 'Only customers book slots.')
  for (let attempt = 1; attempt <= SEAT_ATTEMPTS; attempt++) {
    // One statement: the booking, its seat, its audit row and its notification (server/domain/bookSeat.ts).
    const takeSeat: TakeSeat = (attempt === 1 && firstAttempt) || ((a, i) => bookSeat(tx, a, i))
    const result = await takeSeat(actor, {
      ...input,
      notificationId: randomUUID(),
      sessionTokenHash: input.sessionTokenHash ?? null,
    })
    if (result.kind === 'session-ended') return refused(ErrorCode.UNAUTHENTICATED)
    if (result.kind === 'membership-ended') return membershipEnded(tx, actor)
    if (result.kind === 'booked') return accepted(withoutTombstone(bookingFromRow(result.row)))
    const existing = await readBooking(tx, input.id)
    if (existing) {
      // A replay (its answer was lost) is answered with the booking as it is now; someone else's id,
      // or the same id for another slot, is not.
      if (existing.customerId !== actor.userId) return refused(ErrorCode.BOOKING_ID_TAKEN, { id: input.id })
      if (!(await isReplayOf(tx, existing, input.slotId))) return idUsedForAnotherSlot(input.id)
      // A deleted booking is gone as GET /api/bookings/:id tells it, not "created" again.
      if (existing.deleted) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: input.id })
      return accepted(withoutTombstone(existing))
    }
    const reason = await refusalReason(tx, input.slotId, actor.userId)
    if (reason !== null) return refused(reason, { slotId: input.slotId })
    // Nothing refuses the seat: the id may be taken where row-level security hides it (another
    // organisation's booking); else a seat was freed between the statement and the read: try again.
    if (await idTakenAnywhere(tx, 'booking', input.id))
      return refused(ErrorCode.BOOKING_ID_TAKEN, { id: input.id })
  }
  return refused(ErrorCode.SLOT_FULL, { slotId: input.slotId })
}

/**
 * The refusal of a booking whose actor (from a cached session) is no longer a member here who may
 * book: removed, it is the one "no longer a member" refusal a device acts on (shared/membershipRefusal.ts,
 * as authentication gives it); still a member with another role, a plain FORBIDDEN.
 */
async function membershipEnded(tx: Queryable, actor: Actor): Promise<Refused> {
  // The statement's organisation (row-level security's setting): the Actor does not carry it.
  const { rows } = await tx.query<{ organisation_id: string | null; member: boolean }>(
    `SELECT app_current_organisation()::text AS organisation_id,
            EXISTS (SELECT 1 FROM memberships
                    WHERE organisation_id = app_current_organisation() AND user_id = $1) AS member`,
    [actor.userId],
  )
  const here = rows[0]
  if (!here?.member) {
    const organisationId = here?.organisation_id ?? null
    return refused(ErrorCode.FORBIDDEN, notAMemberDetails(organisationId), notAMemberMessage(organisationId))
  }
  return refused(ErrorCode.FORBIDDEN, undefined, 'Your role in this organisation no longer lets you book.')
}

/** The refusals the availability rules make, which a push stores as a REJECTED booking (below). */
const STORABLE_REASONS: ReadonlySet<string> = new Set([
  RejectionReason.SLOT_FULL,
  RejectionReason.SLOT_UNAVAILABLE,
  RejectionReason.SLOT_IN_PAST,
  RejectionReason.ALREADY_BOOKED,
])

/** Whether a booking refused with `code` is stored as REJECTED (recordRejectedBooking) rather than only answered. */
export function storedAsRejection(code: string): code is RejectionReason {
  return STORABLE_REASONS.has(code)
}

/**
 * Stores a booking the availability rules refused as REJECTED with its reason (the replication push:
 * the device that made it offline must land on the refusal: invariant 6 in docs/INVARIANTS.md). It holds no seat. Refused
 * itself when there is nothing to attach it to (no such slot) or the actor may not book; a replay
 * returns the stored booking.
 */
export async function recordRejectedBooking(
  tx: Queryable,
  actor: Actor,
  input: CreateBookingInput,
  reason: RejectionReason,
): Promise<Outcome<Booking>> {
  if (!mayBook(actor)) return refused(ErrorCode.FORBIDDEN, undefined, 'Only customers book slots.')
  const { rows } = await tx.query<BookingRow>(
    `INSERT INTO bookings AS b
       (id, slot_id, provider_id, service_id, customer_id, start_time, status, rejection_reason, notes)
     SELECT $1, s.id, s.provider_id, s.service_id, $2, s.start_time, 'REJECTED', $4, $5
     FROM slots s WHERE s.id = $3
     ON CONFLICT (id) DO NOTHING
     RETURNING ${BOOKING_COLUMNS}`,
    [input.id, actor.userId, input.slotId, reason, input.notes],
  )
  const row = rows[0]
  if (!row) {
    const existing = await readBooking(tx, input.id)
    if (!existing && (await idTakenAnywhere(tx, 'booking', input.id)))
      return refused(ErrorCode.BOOKING_ID_TAKEN, { id: input.id })
    if (!existing) return refused(ErrorCode.SLOT_NOT_FOUND, { slotId: input.slotId })
    if (existing.customerId !== actor.userId) return refused(ErrorCode.BOOKING_ID_TAKEN, { id: input.id })
    return accepted(withoutTombstone(existing))
  }
  const booking = withoutTombstone(bookingFromRow(row))
  await recordAudit(tx, actor, {
    action: 'booking.rejected',
    entityType: 'booking',
    entityId: booking.id,
    providerId: booking.providerId,
    before: null,
    after: booking,
  })
  await notifyBookingChange(tx, actor, null, booking)
  return accepted(booking)
}

async function readBooking(tx: Queryable, bookingId: string): Promise<StoredBooking | null> {
  const { rows } = await tx.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1`, [
    bookingId,
  ])
  return rows[0] ? bookingFromRow(rows[0]) : null
}

/**
 * Whether booking `id` again for `slotId` replays the booking's own creation: made for that slot
 * (where it still is, or where it was booked before a reschedule moved it). Only the slot is
 * compared: the offline client may resend a booking whose notes it has since changed, and the
 * replay stays idempotent.
 */
async function isReplayOf(tx: Queryable, existing: StoredBooking, slotId: string): Promise<boolean> {
  if (existing.slotId === slotId) return true
  const { rows } = await tx.query<{ slot_id: string | null }>(
    `SELECT after->>'slotId' AS slot_id FROM audit_log
     WHERE entity_type = 'booking' AND entity_id = $1 AND action IN ('booking.created', 'booking.rejected')
     ORDER BY at, id LIMIT 1`,
    [existing.id],
  )
  return rows[0]?.slot_id === slotId
}

function idUsedForAnotherSlot(id: string): Refused {
  return refused(
    ErrorCode.BOOKING_ID_TAKEN,
    { id },
    'This booking id was already used for a booking of another slot; a new booking needs a new id.',
  )
}

/** Why the booking statement booked nothing, read after it; null: nothing refuses it now. */
async function refusalReason(
  tx: Queryable,
  slotId: string,
  customerId: string,
): Promise<RejectionReason | null> {
  const { rows } = await tx.query<SeatRow>(
    'SELECT blocked, deleted, start_time, current_bookings, max_bookings, now() AS db_now FROM slots WHERE id = $1',
    [slotId],
  )
  const slot = rows[0]
  if (!slot) return ErrorCode.SLOT_NOT_FOUND
  // Said first: the customer's own seat is why, even where the slot is now full or has started.
  if (await activeBookingOf(tx, customerId, slotId)) return ErrorCode.ALREADY_BOOKED
  return seatRefusalOf(slot)
}

/** Gives one seat of the slot back (never below zero); the caller then promotes its waitlist. */
export async function freeSeat(tx: Queryable, slotId: string): Promise<void> {
  await tx.query('UPDATE slots SET current_bookings = GREATEST(current_bookings - 1, 0) WHERE id = $1', [
    slotId,
  ])
}

type StoredBooking = Booking & { deleted: boolean }

/**
 * A booking row this transaction holds locked: read FOR UPDATE (lockBooking, or the replication
 * push's one read of the row) or inserted by it. The lifecycle commands take it as it is, so a
 * caller that has already read and locked the row does not read it again.
 */
export type LockedBooking = StoredBooking

/** Locks the booking row for the rest of the transaction (all writers of a booking go through here). */
export async function lockBooking(tx: Queryable, bookingId: string): Promise<LockedBooking | null> {
  const { rows } = await tx.query<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE b.id = $1 FOR UPDATE`,
    [bookingId],
  )
  return rows[0] ? bookingFromRow(rows[0]) : null
}

export async function changeBookingStatus(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
  status: SettableStatus,
  /** The provider's reason for a cancellation, shown to the customer. */
  reason: string | null = null,
): Promise<Outcome<Booking>> {
  const current = await lockBooking(tx, bookingId)
  if (!current) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: bookingId })
  return changeLockedBookingStatus(tx, actor, current, status, reason)
}

/**
 * The refusal of a status change that needs a reason and has none (shared/policy.ts
 * statusNeedsReason): a validation issue of the reason field, named by `path` as the caller received
 * it (`body.reason` over REST, `reason` for a pushed document's statusReason).
 */
export function missingReason(
  actor: Actor,
  status: SettableStatus,
  reason: string | null | undefined,
  path: readonly string[] = ['reason'],
): Refused | null {
  if (!statusNeedsReason(actor.role, status) || (reason && hasVisibleContent(reason))) return null
  const issue = {
    code: 'custom',
    path: [...path],
    message: 'is required when a provider cancels or declines a booking (the customer is shown it)',
  }
  return refused(ErrorCode.VALIDATION_FAILED, [issue], `${path.join('.')}: ${issue.message}`)
}

export async function changeLockedBookingStatus(
  tx: Queryable,
  actor: Actor,
  current: LockedBooking,
  status: SettableStatus,
  /** The provider's reason for a cancellation, shown to the customer. */
  reason: string | null = null,
): Promise<Outcome<Booking>> {
  const bookingId = current.id
  if (current.deleted) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: bookingId })
  if (!maySeeBooking(actor, current)) return refused(ErrorCode.FORBIDDEN, undefined, 'Not your booking.')
  if (!maySetBookingStatus(actor, current, status)) {
    return refused(ErrorCode.FORBIDDEN, { status }, `A ${actor.role} may not set a booking to ${status}.`)
  }
  const before = withoutTombstone(current)
  if (current.status === status) return accepted(before)
  const noReason = missingReason(actor, status, reason)
  if (noReason) return noReason

  const change = transition(current.status, status)
  if (!change.ok) {
    return refused(
      ErrorCode.INVALID_TRANSITION,
      { from: current.status, to: status },
      `A ${current.status} booking cannot become ${status}.`,
    )
  }
  // COMPLETED frees the seat, so it waits for the slot's start (shared/availability.ts). Judged on the
  // database's clock, by which the seat statements refuse a started slot, read only when it matters.
  if (waitsForStart(status)) {
    const early = completionRefusal(status, current.startTime, await databaseNow(tx))
    if (early) return refused(early, { startTime: current.startTime })
  }
  // No settable status takes a seat: the lifecycle never re-enters an active status (a CANCELLED
  // booking stays cancelled), so a status change only ever keeps or frees a seat.
  const updated = await tx.query<BookingRow>(
    `UPDATE bookings b SET status = $2, status_reason = $3, declined = $4 WHERE b.id = $1
     RETURNING ${BOOKING_COLUMNS}`,
    [
      bookingId,
      status,
      actor.role === 'provider' && status === 'CANCELLED' ? reason : null,
      declinesRequest(actor.role, current.status, status),
    ],
  )
  const after = withoutTombstone(bookingFromRow(mustHave(updated.rows[0])))
  // Audited (with its webhook event) before the freed seat goes to a waiter, so the trail and the
  // receivers read the cancellation first and never see the slot hold one booking too many.
  await recordAudit(tx, actor, {
    action: `booking.${status.toLowerCase()}`,
    entityType: 'booking',
    entityId: bookingId,
    providerId: after.providerId,
    before,
    after,
  })
  if (change.seatDelta === -1) {
    await freeSeat(tx, current.slotId)
    await promoteWaitlist(tx, current.slotId)
  }
  await notifyBookingChange(tx, actor, before, after, reason ?? undefined)
  await settleRequestNotices(tx, before, after)
  return accepted(after)
}

/** Soft delete (a tombstone for replication); frees the seat when the booking held one. Idempotent. */
export async function deleteBooking(
  tx: Queryable,
  actor: Actor,
  bookingId: string,
): Promise<Outcome<Booking>> {
  const current = await lockBooking(tx, bookingId)
  if (!current) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: bookingId })
  return deleteLockedBooking(tx, actor, current)
}

export async function deleteLockedBooking(
  tx: Queryable,
  actor: Actor,
  current: LockedBooking,
): Promise<Outcome<Booking>> {
  const bookingId = current.id
  if (!mayDeleteBooking(actor, current)) {
    return refused(
      ErrorCode.FORBIDDEN,
      undefined,
      maySeeBooking(actor, current)
        ? "A completed booking is part of the provider's records: only the provider can delete it."
        : 'Not your booking.',
    )
  }
  const before = withoutTombstone(current)
  if (current.deleted) return accepted(before)
  await tx.query('UPDATE bookings SET deleted = true WHERE id = $1', [bookingId])
  // Audited before the freed seat goes to a waiter, as a status change is (above).
  await recordAudit(tx, actor, {
    action: 'booking.deleted',
    entityType: 'booking',
    entityId: bookingId,
    providerId: current.providerId,
    before,
    after: null,
  })
  if (isActive(current.status)) {
    await freeSeat(tx, current.slotId)
    await promoteWaitlist(tx, current.slotId)
  }
  await notifyBookingChange(tx, actor, before, null)
  await settleRequestNotices(tx, before, null)
  return accepted(before)
}

export interface BookingFilter {
  slotId?: string | undefined
  status?: BookingStatus | undefined
  from?: string | undefined
  to?: string | undefined
}

const LIST_STATEMENTS = {
  customer: listStatement('customer'),
  provider: listStatement('provider'),
}

function listStatement(role: Actor['role']): string {
  return `SELECT ${BOOKING_COLUMNS} FROM bookings b
     WHERE ${bookingScope(role, 'b')} AND NOT b.deleted
       AND ($2::uuid IS NULL OR b.slot_id = $2)
       AND ($3::text IS NULL OR b.status = $3)
       AND ($4::timestamptz IS NULL OR b.start_time >= $4)
       AND ($5::timestamptz IS NULL OR b.start_time < $5)
     ORDER BY b.start_time, b.created_at, b.id`
}

/** The bookings the actor may see (shared/policy.ts), tombstones excluded. */
export async function listBookings(
  tx: Queryable,
  actor: Actor,
  filter: BookingFilter = {},
): Promise<Booking[]> {
  const { rows } = await tx.query<BookingRow>(LIST_STATEMENTS[actor.role], [
    actor.userId,
    filter.slotId ?? null,
    filter.status ?? null,
    filter.from ?? null,
    filter.to ?? null,
  ])
  return rows.map((r) => withoutTombstone(bookingFromRow(r)))
}

export async function getBooking(tx: Queryable, actor: Actor, bookingId: string): Promise<Outcome<Booking>> {
  const booking = await readBooking(tx, bookingId)
  if (!booking || booking.deleted) return refused(ErrorCode.BOOKING_NOT_FOUND, { id: bookingId })
  if (!maySeeBooking(actor, booking)) return refused(ErrorCode.FORBIDDEN, undefined, 'Not your booking.')
  return accepted(withoutTombstone(booking))
}

/** The database's clock (the transaction's start, as `now()` in the seat statements). */
async function databaseNow(tx: Queryable): Promise<Date> {
  const { rows } = await tx.query<{ now: Date | string }>('SELECT now() AS now')
  if (!rows[0]) throw new Error('SELECT now() returned no row')
  return new Date(rows[0].now)
}

function mustHave<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('expected a row from a statement on a locked row')
  return row
}
