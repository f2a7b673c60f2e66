/**
 * Provider slot management and slot reads. Counters are never written here except through the
 * capacity guard (capacity may not drop below current_bookings, checked in the UPDATE itself).
 */
import { randomUUID } from 'node:crypto'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { CreateRecurringSlotsBody, CreateSlotBody, Slot } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { recordAudit } from './audit.js'
import { notifySlotCustomers } from './notifications.js'
import { expandWeeklyPattern } from './slotCalendar.js'
import { SLOT_COLUMNS, SLOT_FROM, type SlotRow, slotFromRow } from './slotRows.js'
import { closeWaitlist, promoteWaitlist } from './waitlist.js'

/** The most slots one recurring request may create. */
export const MAX_RECURRING_SLOTS = 5000

type StoredSlot = Slot & { deleted: boolean }

function publicSlot(slot: StoredSlot): Slot {
  const { deleted: _deleted, ...rest } = slot
  return rest
}

function requireProvider(actor: Actor): void {
  if (actor.role !== 'provider') throw new DomainError(ErrorCode.FORBIDDEN, 'Only providers manage slots.')
}

async function readSlot(tx: Queryable, slotId: string, lock: boolean): Promise<StoredSlot | null> {
  const { rows } = await tx.query<SlotRow>(
    `SELECT ${SLOT_COLUMNS} FROM ${SLOT_FROM} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
    [slotId],
  )
  return rows[0] ? slotFromRow(rows[0], new Date()) : null
}

/** The slot, locked, if it exists, is not deleted and belongs to the acting provider. */
async function lockOwnSlot(tx: Queryable, actor: Actor, slotId: string): Promise<StoredSlot> {
  requireProvider(actor)
  const slot = await readSlot(tx, slotId, true)
  if (!slot || slot.deleted)
    throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
  if (slot.providerId !== actor.userId) throw new DomainError(ErrorCode.FORBIDDEN, 'Not your slot.')
  return slot
}

async function requireOwnService(tx: Queryable, actor: Actor, serviceId: string): Promise<void> {
  const { rows } = await tx.query<{ provider_id: string }>('SELECT provider_id FROM services WHERE id = $1', [
    serviceId,
  ])
  const service = rows[0]
  if (!service) throw new DomainError(ErrorCode.NOT_FOUND, 'That service does not exist.', { serviceId })
  if (service.provider_id !== actor.userId) throw new DomainError(ErrorCode.FORBIDDEN, 'Not your service.')
}

export async function getSlot(tx: Queryable, slotId: string): Promise<Slot> {
  const slot = await readSlot(tx, slotId, false)
  if (!slot || slot.deleted)
    throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
  return publicSlot(slot)
}

export async function createSlot(tx: Queryable, actor: Actor, body: CreateSlotBody): Promise<Slot> {
  requireProvider(actor)
  await requireOwnService(tx, actor, body.serviceId)
  const id = randomUUID()
  await tx.query(
    `INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, actor.userId, body.serviceId, body.startTime, body.endTime, body.maxBookings],
  )
  const slot = await getSlot(tx, id)
  await recordAudit(tx, actor, {
    action: 'slot.created',
    entityType: 'slot',
    entityId: id,
    providerId: actor.userId,
    before: null,
    after: slot,
  })
  return slot
}

/** Expands a weekly pattern in the provider's time zone and inserts every slot in one statement. */
export async function createRecurringSlots(
  tx: Queryable,
  actor: Actor,
  body: CreateRecurringSlotsBody,
): Promise<{ created: number; slots: Slot[] }> {
  requireProvider(actor)
  await requireOwnService(tx, actor, body.serviceId)
  const zone = await tx.query<{ time_zone: string }>('SELECT time_zone FROM users WHERE id = $1', [
    actor.userId,
  ])
  const instants = expandWeeklyPattern(body, zone.rows[0]?.time_zone ?? 'UTC')
  if (instants.length > MAX_RECURRING_SLOTS) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `A pattern may create at most ${MAX_RECURRING_SLOTS} slots.`,
      {
        requested: instants.length,
      },
    )
  }
  if (instants.length === 0) return { created: 0, slots: [] }
  const ids = instants.map(() => randomUUID())
  // One audit row per slot, written by the same statement that inserts the slots.
  await tx.query(
    `WITH created AS (
       INSERT INTO slots (id, provider_id, service_id, start_time, end_time, max_bookings)
       SELECT i.id, $1, $2, i.start_time, i.end_time, $3
       FROM unnest($4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS i (id, start_time, end_time)
       RETURNING id, start_time, end_time, max_bookings, service_id
     )
     INSERT INTO audit_log (actor_id, provider_id, action, entity_type, entity_id, before, after)
     SELECT $1, $1, 'slot.created', 'slot', c.id, NULL,
            jsonb_build_object('id', c.id, 'serviceId', c.service_id, 'startTime', c.start_time,
                               'endTime', c.end_time, 'maxBookings', c.max_bookings)
     FROM created c`,
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
  return { created: ids.length, slots: rows.map((r) => publicSlot(slotFromRow(r, now))) }
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
): Promise<Slot> {
  const current = await lockOwnSlot(tx, actor, slotId)
  const before = publicSlot(current)
  const maxBookings = change.maxBookings ?? current.maxBookings
  const blocked = change.blocked ?? current.blocked
  if (maxBookings === current.maxBookings && blocked === current.blocked) return before
  const updated = await tx.query(
    `UPDATE slots SET max_bookings = $2, blocked = $3
     WHERE id = $1 AND NOT deleted AND current_bookings <= $2
     RETURNING id`,
    [slotId, maxBookings, blocked],
  )
  if (updated.rowCount === 0) {
    throw new DomainError(ErrorCode.CAPACITY_BELOW_BOOKINGS, errorMessages.CAPACITY_BELOW_BOOKINGS, {
      currentBookings: current.currentBookings,
      requested: maxBookings,
    })
  }
  // A raised capacity or an unblocked slot may have free seats: waiters get them now.
  await promoteWaitlist(tx, slotId)
  if (blocked && !current.blocked)
    await notifySlotCustomers(tx, slotId, 'SLOT_CHANGED', 'blocked by the provider')
  const after = await getSlot(tx, slotId)
  await recordAudit(tx, actor, {
    action: 'slot.updated',
    entityType: 'slot',
    entityId: slotId,
    providerId: actor.userId,
    before,
    after,
  })
  return after
}

/** Soft delete (a tombstone for replication), refused while the slot holds active bookings. */
export async function deleteSlot(tx: Queryable, actor: Actor, slotId: string): Promise<Slot> {
  const current = await lockOwnSlot(tx, actor, slotId)
  const deleted = await tx.query(
    `UPDATE slots SET deleted = true
     WHERE id = $1 AND current_bookings = 0
       AND NOT EXISTS (SELECT 1 FROM bookings b
                       WHERE b.slot_id = $1 AND b.status IN ('PENDING', 'CONFIRMED') AND NOT b.deleted)
     RETURNING id`,
    [slotId],
  )
  if (deleted.rowCount === 0) {
    throw new DomainError(ErrorCode.SLOT_HAS_ACTIVE_BOOKINGS, errorMessages.SLOT_HAS_ACTIVE_BOOKINGS, {
      currentBookings: current.currentBookings,
    })
  }
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
  return before
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
