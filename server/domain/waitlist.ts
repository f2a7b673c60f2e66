/**
 * The waitlist of a full slot (invariant 8: no seat idles while someone waits).
 *
 * Every change to a slot's queue, and every promotion, first locks the slot's row. That one lock
 * orders the queue against the seats: a join that sees the slot full commits its entry before any
 * later free of a seat reads the queue (the free waits for the lock), and a free that committed
 * first is seen by the join, which then books the seat directly. So no seat is ever left free while
 * an entry waits, and two frees never hand the same waiter two seats. Entries are re-stamped when
 * the queue moves, so every device receives the new positions through replication.
 */
import { randomUUID } from 'node:crypto'
import { BOOKING_PROMOTED } from '../../shared/auditEntities.js'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import type { WaitlistEntry, WaitlistRefusalCode, WaitlistStatus } from '../../shared/waitlist.js'
import type { Booking } from '../../shared/schemas.js'
import { bookerMembershipRolesSql, mayBook } from '../../shared/policy.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { activeBookingOf } from './bookingRows.js'
import { createBooking } from './bookings.js'
import { heldMembershipRefusal } from './heldMembership.js'
import { idTakenAnywhere } from './idTakenAnywhere.js'
import { writeNotification } from './notifications.js'
import {
  WAITLIST_COLUMNS,
  type WaitlistRow,
  publicWaitlistEntry,
  waitlistEntryFromRow,
} from './waitlistRows.js'
import { seatRefusalOf } from './slotRows.js'
import { recordWebhookEvent } from './webhookEvents.js'

export interface JoinWaitlistInput {
  id: string
  slotId: string
  /** When given, must be the acting customer. */
  customerId?: string | undefined
}

export interface JoinWaitlistOptions {
  /**
   * true (replication push, a join made offline): a slot that has a free seat by the time the join
   * arrives is booked directly. false (REST): that is refused as SLOT_NOT_FULL (the client books).
   */
  bookIfFree: boolean
  /** true (push): a refusal is stored as a REJECTED entry when it can be, so all devices see it. */
  recordRefusal: boolean
}

interface LockedSlot {
  id: string
  provider_id: string
  start_time: Date
  current_bookings: number
  max_bookings: number
  blocked: boolean
  deleted: boolean
  db_now: Date
}

/**
 * Locks the slot row: the one lock every queue change and promotion on this slot takes first. NO KEY
 * UPDATE is the lock the counter's UPDATE takes, so it orders us with every seat change, but not with
 * the KEY SHARE lock a concurrent booking's INSERT holds on the slot through its foreign key (FOR
 * UPDATE would wait for that booking, which waits for our counter lock: a deadlock).
 */
async function lockSlot(tx: Queryable, slotId: string): Promise<LockedSlot | null> {
  const { rows } = await tx.query<LockedSlot>(
    `SELECT id, provider_id, start_time, current_bookings, max_bookings, blocked, deleted, now() AS db_now
     FROM slots WHERE id = $1 FOR NO KEY UPDATE`,
    [slotId],
  )
  return rows[0] ?? null
}

async function readEntry(tx: Queryable, id: string, lock = false): Promise<WaitlistEntry | null> {
  const { rows } = await tx.query<WaitlistRow>(
    `SELECT ${WAITLIST_COLUMNS} FROM waitlist w WHERE w.id = $1${lock ? ' FOR UPDATE OF w' : ''}`,
    [id],
  )
  return rows[0] ? publicWaitlistEntry(waitlistEntryFromRow(rows[0])) : null
}

async function isWaiting(tx: Queryable, customerId: string, slotId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "SELECT 1 FROM waitlist WHERE slot_id = $1 AND customer_id = $2 AND status = 'WAITING'",
    [slotId, customerId],
  )
  return rowCount > 0
}

async function insertEntry(
  tx: Queryable,
  input: { id: string; slot: LockedSlot; customerId: string },
  status: WaitlistStatus,
  extra: { bookingId?: string | null; reason?: WaitlistRefusalCode | null } = {},
): Promise<WaitlistEntry> {
  await tx.query(
    `INSERT INTO waitlist (id, slot_id, provider_id, customer_id, start_time, status, booking_id, rejection_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      input.id,
      input.slot.id,
      input.slot.provider_id,
      input.customerId,
      input.slot.start_time,
      status,
      extra.bookingId ?? null,
      extra.reason ?? null,
    ],
  )
  return mustRead(tx, input.id)
}

async function mustRead(tx: Queryable, id: string): Promise<WaitlistEntry> {
  const entry = await readEntry(tx, id)
  if (!entry) throw new Error(`waitlist entry ${id} vanished inside its own transaction`)
  return entry
}

/** The seat for `customerId`, through the same booking command as every other booking. */
async function bookSeatFor(tx: Queryable, customerId: string, slotId: string): Promise<Booking> {
  const outcome = await createBooking(
    tx,
    { userId: customerId, role: 'customer' },
    { id: randomUUID(), slotId, notes: '' },
  )
  // Only called under the slot's lock after seeing a free seat: a refusal here is a bug, not a value.
  if (!outcome.ok)
    throw new Error(`a seat seen free under the slot lock was refused: ${outcome.refusal.code}`)
  return outcome.value
}

/** Who books joins a waitlist (shared/policy.ts mayBook): customers. */
const onlyCustomersJoin = () => refused(ErrorCode.FORBIDDEN, undefined, 'Only customers join waitlists.')

/**
 * Joins the waitlist of a full slot. A replay of the same id returns the entry as it is now.
 * The outcome's entry is WAITING, BOOKED (a seat was free and bookIfFree), or REJECTED (recordRefusal).
 */
export async function joinWaitlist(
  tx: Queryable,
  actor: Actor,
  input: JoinWaitlistInput,
  options: JoinWaitlistOptions,
): Promise<Outcome<WaitlistEntry>> {
  if (!mayBook(actor)) return onlyCustomersJoin()
  if (input.customerId !== undefined && input.customerId !== actor.userId) {
    return refused(ErrorCode.FORBIDDEN, { customerId: input.customerId }, 'You can only join for yourself.')
  }
  // Held until the commit, so a concurrent removal counts this place or refuses it (heldMembership.ts).
  const notMember = await heldMembershipRefusal(tx, actor, mayBook, onlyCustomersJoin)
  if (notMember) return notMember
  const slot = await lockSlot(tx, input.slotId)
  if (!slot || slot.deleted) return refused(ErrorCode.SLOT_NOT_FOUND, { slotId: input.slotId })

  // Under the slot lock a replay of the same id cannot race us: it waits, then finds our entry.
  const existing = await readEntry(tx, input.id)
  if (existing) {
    if (existing.customerId !== actor.userId) return refused(ErrorCode.WAITLIST_ID_TAKEN, { id: input.id })
    return accepted(existing)
  }
  // Row-level security hides another organisation's entry, whose id is taken all the same: inserting
  // it would fail on the primary key and take the whole transaction (a push's batch) with it.
  if (await idTakenAnywhere(tx, 'waitlist', input.id))
    return refused(ErrorCode.WAITLIST_ID_TAKEN, { id: input.id })

  const refusal = await joinRefusal(tx, actor.userId, slot, options)
  if (refusal === null) {
    if (seatRefusalOf(slot) === null) {
      const booking = await bookSeatFor(tx, actor.userId, slot.id)
      return accepted(
        await insertEntry(tx, { id: input.id, slot, customerId: actor.userId }, 'BOOKED', {
          bookingId: booking.id,
        }),
      )
    }
    const entry = await insertEntry(tx, { id: input.id, slot, customerId: actor.userId }, 'WAITING')
    return accepted(entry)
  }
  if (options.recordRefusal) {
    return accepted(
      await insertEntry(tx, { id: input.id, slot, customerId: actor.userId }, 'REJECTED', {
        reason: refusal,
      }),
    )
  }
  return refused(refusal, { slotId: slot.id })
}

async function joinRefusal(
  tx: Queryable,
  customerId: string,
  slot: LockedSlot,
  options: JoinWaitlistOptions,
): Promise<WaitlistRefusalCode | null> {
  const seat = seatRefusalOf(slot)
  if (seat === 'SLOT_UNAVAILABLE' || seat === 'SLOT_IN_PAST' || seat === 'SLOT_NOT_FOUND') return seat
  if (await activeBookingOf(tx, customerId, slot.id)) return ErrorCode.ALREADY_BOOKED
  if (await isWaiting(tx, customerId, slot.id)) return ErrorCode.ALREADY_WAITING
  if (seat === null && !options.bookIfFree) return ErrorCode.SLOT_NOT_FULL
  return null
}

/** The customer leaves the queue (idempotent: an entry that no longer waits is returned as it is). */
export async function leaveWaitlist(
  tx: Queryable,
  actor: Actor,
  entryId: string,
): Promise<Outcome<WaitlistEntry>> {
  const seen = await readEntry(tx, entryId)
  if (!seen) return refused(ErrorCode.WAITLIST_ENTRY_NOT_FOUND, { id: entryId })
  if (actor.role !== 'customer' || seen.customerId !== actor.userId) {
    return refused(ErrorCode.FORBIDDEN, { id: entryId }, 'Not your waitlist entry.')
  }
  await lockSlot(tx, seen.slotId)
  const current = await readEntry(tx, entryId, true)
  if (current?.status !== 'WAITING') return accepted(current ?? seen)
  await tx.query("UPDATE waitlist SET status = 'LEFT' WHERE id = $1", [entryId])
  await restampQueue(tx, seen.slotId)
  return accepted(await mustRead(tx, entryId))
}

/**
 * The customer no longer books in the organisation (removed, or made a provider or admin: the caller
 * holds their membership FOR UPDATE, server/domain/memberManagement.ts): every place they wait in
 * there ends LEFT, as if they had withdrawn, so a freed seat is never given to someone who cannot
 * see or cancel it. Returns how many places were left.
 */
export async function leaveEveryWaitlistHere(
  tx: Queryable,
  organisationId: string,
  customerId: string,
): Promise<number> {
  const { rowCount } = await tx.query(
    "UPDATE waitlist SET status = 'LEFT' WHERE customer_id = $1 AND status = 'WAITING' AND organisation_id = $2",
    [customerId, organisationId],
  )
  return rowCount
}

/** Everyone still waiting moved up: re-stamp their rows so devices pull the new positions. */
async function restampQueue(tx: Queryable, slotId: string): Promise<void> {
  await tx.query("UPDATE waitlist SET status = status WHERE slot_id = $1 AND status = 'WAITING'", [slotId])
}

export interface Promotion {
  entryId: string
  customerId: string
  bookingId: string
}

/**
 * Whether the waiter of entry `w` is still a member of the entry's organisation whose role books
 * (shared/policy.ts mayBook): one probe of the memberships primary key, locked FOR SHARE until the
 * promotion commits. It is read with the queue, before the entry's row is locked, so the order is
 * the one a removal or role change takes (membership, then the member's entries): such a
 * change made at this moment is waited for, and the waiter is then seen gone or with the new role
 * (their entry ended already); one that comes after waits for the promotion, then counts its booking.
 */
const WAITER_BOOKS_HERE_SQL = `coalesce((SELECT m.role IN (${bookerMembershipRolesSql}) FROM memberships m
                 WHERE m.organisation_id = w.organisation_id AND m.user_id = w.customer_id
                 FOR SHARE), false)`

/**
 * Gives every free seat of the slot to the first eligible waiter, FIFO by the server's join time,
 * in the caller's transaction (call it wherever a seat may have freed: a cancellation, a deletion, a
 * capacity raise, an unblock). A waiter who already holds a seat in the slot is skipped (their entry
 * ends BOOKED), as is one who no longer books here (removed, or no longer a customer: their entry
 * ends LEFT, as the change itself ends it; never given a seat they could neither see nor cancel);
 * withdrawn entries are not WAITING and never read. Returns who was promoted.
 */
export async function promoteWaitlist(tx: Queryable, slotId: string): Promise<Promotion[]> {
  const promoted: Promotion[] = []
  let slot = await lockSlot(tx, slotId)
  let moved = false
  while (slot && seatRefusalOf(slot) === null) {
    const { rows } = await tx.query<{ id: string; customer_id: string; books_here: boolean }>(
      `SELECT w.id, w.customer_id, ${WAITER_BOOKS_HERE_SQL} AS books_here FROM waitlist w
       WHERE w.slot_id = $1 AND w.status = 'WAITING'
       ORDER BY w.joined_at, w.id LIMIT 1 FOR UPDATE OF w`,
      [slotId],
    )
    const waiter = rows[0]
    if (!waiter) break
    moved = true
    if (!waiter.books_here) {
      await tx.query("UPDATE waitlist SET status = 'LEFT' WHERE id = $1", [waiter.id])
      continue
    }
    const held = await activeBookingOf(tx, waiter.customer_id, slotId)
    if (held) {
      await tx.query("UPDATE waitlist SET status = 'BOOKED', booking_id = $2 WHERE id = $1", [
        waiter.id,
        held,
      ])
      continue
    }
    const booking = await bookSeatFor(tx, waiter.customer_id, slotId)
    await auditAsPromotion(tx, booking.id)
    await tx.query("UPDATE waitlist SET status = 'PROMOTED', booking_id = $2 WHERE id = $1", [
      waiter.id,
      booking.id,
    ])
    await writeNotification(
      tx,
      { userId: waiter.customer_id, kind: 'WAITLIST_PROMOTED', reason: null },
      { slotId, bookingId: booking.id, otherPartyId: booking.providerId },
    )
    await recordWebhookEvent(tx, {
      type: 'waitlist.promoted',
      providerId: booking.providerId,
      entityId: booking.id,
      object: { waitlistEntryId: waiter.id, booking },
    })
    promoted.push({ entryId: waiter.id, customerId: waiter.customer_id, bookingId: booking.id })
    slot = await lockSlot(tx, slotId)
  }
  if (moved) await restampQueue(tx, slotId)
  return promoted
}

/**
 * The promoted booking is made by the one booking statement (server/domain/bookSeat.ts), whose audit
 * row says the customer booked it. They did nothing then: the system gave them the seat someone
 * else's change freed. Their row is told as that (no actor: the system), so an admin can tell it from
 * a booking made by hand; its webhook event stays booking.created, as receivers know it.
 */
async function auditAsPromotion(tx: Queryable, bookingId: string): Promise<void> {
  await tx.query(
    `UPDATE audit_log SET actor_id = NULL, action = $2
     WHERE entity_type = 'booking' AND entity_id = $1 AND action = 'booking.created'`,
    [bookingId, BOOKING_PROMOTED],
  )
}

/** Waiting entries of slots that have started (or were deleted) end EXPIRED. Returns how many. */
export async function expireWaitlists(tx: Queryable): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE waitlist w SET status = 'EXPIRED'
     FROM (SELECT s.id FROM slots s
           WHERE (s.start_time <= now() OR s.deleted)
             AND EXISTS (SELECT 1 FROM waitlist q WHERE q.slot_id = s.id AND q.status = 'WAITING')
           ORDER BY s.id FOR NO KEY UPDATE OF s) ended
     WHERE w.slot_id = ended.id AND w.status = 'WAITING'`,
  )
  return rowCount
}

/** A slot being deleted takes its queue with it (the caller holds the slot's lock). */
export async function closeWaitlist(tx: Queryable, slotId: string): Promise<void> {
  await tx.query("UPDATE waitlist SET status = 'EXPIRED' WHERE slot_id = $1 AND status = 'WAITING'", [slotId])
}

export interface WaitlistFilter {
  slotId?: string | undefined
  status?: WaitlistStatus | undefined
}

/** A customer's own entries, or the queues of a provider's slots, in queue order. */
export async function listWaitlist(
  tx: Queryable,
  actor: Actor,
  filter: WaitlistFilter = {},
): Promise<WaitlistEntry[]> {
  const owner = actor.role === 'customer' ? 'w.customer_id' : 'w.provider_id'
  const { rows } = await tx.query<WaitlistRow>(
    `SELECT ${WAITLIST_COLUMNS} FROM waitlist w
     WHERE ${owner} = $1 AND NOT w.deleted
       AND ($2::uuid IS NULL OR w.slot_id = $2)
       AND ($3::text IS NULL OR w.status = $3)
     ORDER BY w.start_time, w.joined_at, w.id`,
    [actor.userId, filter.slotId ?? null, filter.status ?? null],
  )
  return rows.map((row) => publicWaitlistEntry(waitlistEntryFromRow(row)))
}
