/**
 * Provider slot management and slot reads. Counters are never written here except through the
 * capacity guard (capacity may not drop below current_bookings, checked in the UPDATE itself).
 * Commands return an Outcome; like the booking commands, each decides a refusal before it writes or
 * in the conditional statement that would write, so a refusal leaves nothing behind.
 */
import { randomUUID } from 'node:crypto'
import { type SlotBookingCounts, slotDeletionRefusal } from '../../shared/availability.js'
import { ErrorCode, type Outcome, type Refused, accepted, refused } from '../../shared/errors.js'
import { SLOT_BLOCKED_REASON } from '../../shared/notifications.js'
import { mayManageSlot, mayManageSlots, mayUseService } from '../../shared/policy.js'
import type { CreateRecurringSlotsBody, CreateSlotBody, Slot } from '../../shared/schemas.js'
import { latestSlotStart, slotLimitIssue } from '../../shared/slotLimits.js'
import { refusalCode, type SkippedSlot } from '../../shared/slotRules.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'
import { heldMembershipRefusal } from './heldMembership.js'
import { ACTIVE_STATUS_SQL } from './bookingRows.js'
import { notifySlotCustomers } from './notifications.js'
import { expandWeeklyPattern } from './slotCalendar.js'
import { placeNewSlots } from './slotPlacement.js'
import { SLOT_COLUMNS, SLOT_FROM, type SlotRow, slotFromRow } from './slotRows.js'
import { closeWaitlist, promoteWaitlist } from './waitlist.js'
import { requiredWebhookEvent, webhookOutboxCtes } from './webhookEvents.js'

const SLOT_CREATED = 'slot.created'

/** The most slots one recurring request may create. */
export const MAX_RECURRING_SLOTS = 5000

type StoredSlot = Slot & { deleted: boolean }

function publicSlot(slot: StoredSlot): Slot {
  const { deleted: _deleted, ...rest } = slot
  return rest
}

const notAProvider = (): Refused => refused(ErrorCode.FORBIDDEN, undefined, 'Only providers manage slots.')

async function readSlot(tx: Queryable, slotId: string, lock: boolean): Promise<StoredSlot | null> {
  const { rows } = await tx.query<SlotRow>(
    `SELECT ${SLOT_COLUMNS} FROM ${SLOT_FROM} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
    [slotId],
  )
  return rows[0] ? slotFromRow(rows[0], new Date()) : null
}

/**
 * A slot row this transaction holds locked (read FOR UPDATE here, or by the replication push's one
 * read of it): the slot commands take it as it is instead of reading it again.
 */
export type LockedSlot = StoredSlot

/** The locked slot, if it exists for the actor to manage: not deleted, their own. */
function ownSlot(actor: Actor, slot: LockedSlot | null, slotId: string): Outcome<LockedSlot> {
  if (!mayManageSlots(actor)) return notAProvider()
  if (!slot || slot.deleted) return refused(ErrorCode.SLOT_NOT_FOUND, { slotId })
  if (!mayManageSlot(actor, slot)) return refused(ErrorCode.FORBIDDEN, undefined, 'Not your slot.')
  return accepted(slot)
}

/** The slot, locked for this transaction, when the actor may manage slots at all (else null, unread). */
export async function lockSlot(tx: Queryable, actor: Actor, slotId: string): Promise<LockedSlot | null> {
  // A customer gets the same refusal whether or not the slot exists, without a read.
  return mayManageSlots(actor) ? readSlot(tx, slotId, true) : null
}

async function ownServiceRefusal(tx: Queryable, actor: Actor, serviceId: string): Promise<Refused | null> {
  const { rows } = await tx.query<{ provider_id: string }>('SELECT provider_id FROM services WHERE id = $1', [
    serviceId,
  ])
  const service = rows[0]
  if (!service) return refused(ErrorCode.NOT_FOUND, { serviceId }, 'That service does not exist.')
  if (!mayUseService(actor, { providerId: service.provider_id }))
    return refused(ErrorCode.FORBIDDEN, undefined, 'Not your service.')
  return null
}

export async function getSlot(tx: Queryable, slotId: string): Promise<Outcome<Slot>> {
  const slot = await readSlot(tx, slotId, false)
  if (!slot || slot.deleted) return refused(ErrorCode.SLOT_NOT_FOUND, { slotId })
  return accepted(publicSlot(slot))
}

/** A slot this transaction has just written: it exists, or the database broke a promise. */
async function writtenSlot(tx: Queryable, slotId: string): Promise<Slot> {
  const slot = await readSlot(tx, slotId, false)
  if (!slot) throw new Error(`slot ${slotId} vanished inside its own transaction`)
  return publicSlot(slot)
}

/**
 * `anywhere` lets test fixtures put slots in the past or on top of others; requests never set it.
 * `id` is the device's own id for a slot made offline (replicated), so a replayed push is the same slot.
 */
export async function createSlot(
  tx: Queryable,
  actor: Actor,
  body: CreateSlotBody,
  placement: 'checked' | 'anywhere' = 'checked',
  id: string = randomUUID(),
): Promise<Outcome<Slot>> {
  if (!mayManageSlots(actor)) return notAProvider()
  // Held until the commit, so a concurrent removal counts this slot or refuses it (heldMembership.ts).
  const notMember = await heldMembershipRefusal(tx, actor, mayManageSlots, notAProvider)
  if (notMember) return notMember
  const serviceRefusal = await ownServiceRefusal(tx, actor, body.serviceId)
  if (serviceRefusal) return serviceRefusal
  if (placement === 'checked') {
    const beyond = slotLimitIssue(body, new Date())
    if (beyond) return outsideSlotLimits(beyond)
    const misplaced = (await placeNewSlots(tx, actor.userId, [body])).skipped[0]
    if (misplaced) {
      return refused(refusalCode(misplaced.reason), {
        startTime: misplaced.startTime,
        endTime: misplaced.endTime,
      })
    }
  }
  await tx.query(
    `INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, actor.userId, body.serviceId, body.startTime, body.endTime, body.maxBookings],
  )
  const slot = await writtenSlot(tx, id)
  await recordAudit(tx, actor, {
    action: SLOT_CREATED,
    entityType: 'slot',
    entityId: id,
    providerId: actor.userId,
    before: null,
    after: slot,
  })
  return accepted(slot)
}

/**
 * The audit rows of slots a weekly pattern created ($1 the provider, $2 the slots' ids, $3 each slot
 * as the API shows it) and their webhook events (the one outbox builder, webhookOutboxCtes): what
 * recordAudit writes for one slot, for all of them at once.
 */
const CREATED_SLOTS_AUDIT_SQL = `WITH created AS (
  SELECT c.id, c.doc FROM unnest($2::uuid[], $3::jsonb[]) AS c (id, doc)
), audit AS (
  INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
  SELECT $1::uuid, $1::uuid, '${SLOT_CREATED}', 'slot', c.id, NULL, c.doc FROM created c
), hook_source AS (
  SELECT $1::uuid AS provider_id, '${requiredWebhookEvent(SLOT_CREATED)}'::text AS type,
         c.id AS entity_id, c.doc AS data
  FROM created c
), ${webhookOutboxCtes('hook_source')}
SELECT 1`

/** Expands a weekly pattern in the provider's time zone and inserts every slot in one statement. */
export async function createRecurringSlots(
  tx: Queryable,
  actor: Actor,
  body: CreateRecurringSlotsBody,
): Promise<Outcome<{ created: number; slots: Slot[]; skipped: SkippedSlot[] }>> {
  if (!mayManageSlots(actor)) return notAProvider()
  // Held until the commit, so a concurrent removal counts these slots or refuses them (heldMembership.ts).
  const notMember = await heldMembershipRefusal(tx, actor, mayManageSlots, notAProvider)
  if (notMember) return notMember
  const serviceRefusal = await ownServiceRefusal(tx, actor, body.serviceId)
  if (serviceRefusal) return serviceRefusal
  const zone = await tx.query<{ time_zone: string }>('SELECT time_zone FROM users WHERE id = $1', [
    actor.userId,
  ])
  const pattern = expandWeeklyPattern(body, zone.rows[0]?.time_zone ?? 'UTC')
  if (pattern.length > MAX_RECURRING_SLOTS) {
    return refused(
      ErrorCode.VALIDATION_FAILED,
      { requested: pattern.length },
      `A pattern may create at most ${MAX_RECURRING_SLOTS} slots.`,
    )
  }
  // A pattern's length is its schema's (SlotDurationMinutes); its dates must stay within the horizon.
  const asked = new Date()
  if (pattern.some((slot) => slotLimitIssue(slot, asked))) {
    const latest = latestSlotStart(asked).toISOString().slice(0, 10)
    return outsideSlotLimits({
      code: 'custom',
      path: ['toDate'],
      message: `a pattern's slots start at most 5 years ahead (by ${latest})`,
    })
  }
  const { create: instants, skipped } = await placeNewSlots(tx, actor.userId, pattern)
  if (instants.length === 0) return accepted({ created: 0, slots: [], skipped })
  const ids = instants.map(() => randomUUID())
  await tx.query(
    `INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
     SELECT i.id, $1, $2, i.start_time, i.end_time, $3
     FROM unnest($4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS i (id, start_time, end_time)`,
    [
      actor.userId,
      body.serviceId,
      body.maxBookings,
      ids,
      instants.map((i) => i.startTime),
      instants.map((i) => i.endTime),
    ],
  )
  const { rows } = await tx.query<SlotRow>(
    `SELECT ${SLOT_COLUMNS} FROM ${SLOT_FROM} WHERE s.id = ANY($1::uuid[]) ORDER BY s.start_time`,
    [ids],
  )
  const now = new Date()
  const slots = rows.map((r) => publicSlot(slotFromRow(r, now)))
  // Each slot's audit row and webhook event, as createSlot's recordAudit writes them, in one statement.
  await tx.query(CREATED_SLOTS_AUDIT_SQL, [
    actor.userId,
    slots.map((slot) => slot.id),
    slots.map((slot) => JSON.stringify(slot)),
  ])
  return accepted({ created: ids.length, slots, skipped })
}

export interface SlotChange {
  maxBookings?: number | undefined
  blocked?: boolean | undefined
}

/** Capacity and block changes. Capacity below the active bookings is refused inside the UPDATE. */
export async function updateSlot(
  tx: Queryable,
  actor: Actor,
  slotId: string,
  change: SlotChange,
): Promise<Outcome<Slot>> {
  return updateLockedSlot(tx, actor, slotId, await lockSlot(tx, actor, slotId), change)
}

export async function updateLockedSlot(
  tx: Queryable,
  actor: Actor,
  slotId: string,
  locked: LockedSlot | null,
  change: SlotChange,
): Promise<Outcome<Slot>> {
  const own = ownSlot(actor, locked, slotId)
  if (!own.ok) return own
  const current = own.value
  const before = publicSlot(current)
  const maxBookings = change.maxBookings ?? current.maxBookings
  const blocked = change.blocked ?? current.blocked
  if (maxBookings === current.maxBookings && blocked === current.blocked) return accepted(before)
  const updated = await tx.query(
    `UPDATE slots SET max_bookings = $2, blocked = $3
     WHERE id = $1 AND NOT deleted AND current_bookings <= $2
     RETURNING id`,
    [slotId, maxBookings, blocked],
  )
  if (updated.rowCount === 0) {
    return refused(ErrorCode.CAPACITY_BELOW_BOOKINGS, {
      currentBookings: current.currentBookings,
      requested: maxBookings,
    })
  }
  if (blocked && !current.blocked) await notifySlotCustomers(tx, slotId, 'SLOT_CHANGED', SLOT_BLOCKED_REASON)
  const after = await writtenSlot(tx, slotId)
  // Audited (with its webhook event) before the seats it opens go to waiters, so the trail and the
  // receivers read the change first, then each booking.promoted.
  await recordAudit(tx, actor, {
    action: 'slot.updated',
    entityType: 'slot',
    entityId: slotId,
    providerId: actor.userId,
    before,
    after,
  })
  // A raised capacity or an unblocked slot may have free seats: waiters get them now.
  if ((await promoteWaitlist(tx, slotId)).length === 0) return accepted(after)
  return accepted(await writtenSlot(tx, slotId))
}

/**
 * Soft delete (a tombstone for replication), refused while the slot holds active bookings, and for
 * good once it holds completed ones (shared slotDeletionRefusal: the provider's record).
 */
export async function deleteSlot(tx: Queryable, actor: Actor, slotId: string): Promise<Outcome<Slot>> {
  return deleteLockedSlot(tx, actor, slotId, await lockSlot(tx, actor, slotId))
}

/**
 * The slot's live bookings by what they say about deleting it. Read under the slot's row lock: every
 * booking that takes or gives back a seat (a new one, a cancellation, a completion) rewrites the
 * slot's counter, so none can change these counts before the deletion commits.
 */
async function slotBookingCounts(tx: Queryable, slotId: string): Promise<SlotBookingCounts> {
  const { rows } = await tx.query<{ active: number; completed: number }>(
    `SELECT count(*) FILTER (WHERE b.status IN (${ACTIVE_STATUS_SQL}))::int AS active,
            count(*) FILTER (WHERE b.status = 'COMPLETED')::int AS completed
     FROM bookings b WHERE b.slot_id = $1 AND NOT b.deleted`,
    [slotId],
  )
  return { active: rows[0]?.active ?? 0, completed: rows[0]?.completed ?? 0 }
}

export async function deleteLockedSlot(
  tx: Queryable,
  actor: Actor,
  slotId: string,
  locked: LockedSlot | null,
): Promise<Outcome<Slot>> {
  const own = ownSlot(actor, locked, slotId)
  if (!own.ok) return own
  const current = own.value
  const counts = await slotBookingCounts(tx, slotId)
  const refusal = slotDeletionRefusal({
    active: Math.max(counts.active, current.currentBookings),
    completed: counts.completed,
  })
  if (refusal) return { ok: false, refusal }
  await tx.query('UPDATE slots SET deleted = true WHERE id = $1', [slotId])
  await notifySlotCustomers(tx, slotId, 'SLOT_CANCELLED', null)
  await closeWaitlist(tx, slotId)
  const before = publicSlot(current)
  await recordAudit(tx, actor, {
    action: 'slot.deleted',
    entityType: 'slot',
    entityId: slotId,
    providerId: actor.userId,
    before,
    after: null,
  })
  return accepted(before)
}

export interface SlotFilter {
  from?: string | undefined
  to?: string | undefined
  providerId?: string | undefined
  serviceId?: string | undefined
  limit: number
}

/** Slots are public to every signed-in user (customers browse them); tombstones excluded. */
export async function listSlots(tx: Queryable, filter: SlotFilter, now: Date = new Date()): Promise<Slot[]> {
  const { rows } = await tx.query<SlotRow>(
    `SELECT ${SLOT_COLUMNS} FROM ${SLOT_FROM}
     WHERE NOT s.deleted
       AND ($1::timestamptz IS NULL OR s.start_time >= $1)
       AND ($2::timestamptz IS NULL OR s.start_time < $2)
       AND ($3::uuid IS NULL OR s.provider_id = $3)
       AND ($4::uuid IS NULL OR s.service_id = $4)
     ORDER BY s.start_time, s.id
     LIMIT $5`,
    [
      filter.from ?? null,
      filter.to ?? null,
      filter.providerId ?? null,
      filter.serviceId ?? null,
      filter.limit,
    ],
  )
  return rows.map((r) => publicSlot(slotFromRow(r, now)))
}

/** The 400 of a slot outside shared/slotLimits.ts: the field and why, as a schema's refusal reads. */
function outsideSlotLimits(issue: { code: 'custom'; path: string[]; message: string }): Refused {
  return refused(ErrorCode.VALIDATION_FAILED, [issue], `${issue.path.join('.')}: ${issue.message}`)
}
