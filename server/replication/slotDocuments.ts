/**
 * Slots as replicated documents, scoped by shared/policy.ts (slotScope: a customer every slot, a
 * provider their own). `seatTags` lists the seat tags of every active booking on the slot, read in the
 * same statement as the counter (see shared/replication.ts): a slot document is the same for every
 * viewer, so the change feed can compute it once for all of them. A push is honoured only where the policy
 * lets the caller manage the slot, and only for maxBookings, blocked and deletion; counters and flags
 * in a pushed document are ignored (the server computes them) and answered when they differ.
 */
import { mayManageSlot, slotScope } from '../../shared/policy.js'
import { type SlotDoc, SlotPushRow, type SlotWireDoc } from '../../shared/replication.js'
import type { Slot } from '../../shared/schemas.js'
import { seatTagSql } from '../../shared/seatTags.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { ACTIVE_STATUS_SQL } from '../domain/bookingRows.js'
import { SLOT_COLUMNS, SLOT_FROM, type SlotRow, slotFromRow } from '../domain/slotRows.js'
import { deleteLockedSlot, type LockedSlot, updateLockedSlot } from '../domain/slots.js'
import type { ChangeSource } from './pullChanges.js'
import type { ReplicatedCollection } from './replicatedCollection.js'

type SlotDocRow = SlotRow & { rev: string; seat_tags: string[] }

const slotSource: ChangeSource<SlotDocRow> = {
  alias: 's',
  // Nothing here depends on the caller ($1): every viewer of a slot gets the same document.
  select: `${SLOT_COLUMNS}, s.change_xid::text AS rev,
    ARRAY(SELECT ${seatTagSql('hb.id')} AS tag FROM bookings hb
          WHERE hb.slot_id = s.id AND hb.status IN (${ACTIVE_STATUS_SQL}) AND NOT hb.deleted
          ORDER BY tag) AS seat_tags`,
  from: SLOT_FROM,
  scope: {
    customer: callerTyped(slotScope('customer', 's')),
    provider: callerTyped(slotScope('provider', 's')),
  },
  toDocument: slotDocument,
}

/**
 * Every statement passes the caller's id as $1; a scope that does not use it (a customer sees every
 * slot) would leave PostgreSQL unable to type the parameter, so the scope names its type.
 */
function callerTyped(scope: string): string {
  return `(${scope}) AND $1::uuid IS NOT NULL`
}

function slotDocument(row: SlotDocRow, now: Date): SlotWireDoc {
  const { deleted, ...slot } = slotFromRow(row, now)
  return { ...slot, rev: row.rev, seatTags: row.seat_tags, _deleted: deleted }
}

async function readSlotDocument(
  tx: Queryable,
  actor: Actor,
  id: string,
  lock: boolean,
): Promise<SlotWireDoc | null> {
  const { rows } = await tx.query<SlotDocRow>(
    `SELECT ${slotSource.select} FROM ${SLOT_FROM}
     WHERE s.id = $2 AND (${slotSource.scope[actor.role]})${lock ? ' FOR UPDATE OF s' : ''}`,
    [actor.userId, id],
  )
  return rows[0] ? slotDocument(rows[0], new Date()) : null
}

/** Returns the server's state of the slot where the device's copy differs from it, else null. */
async function applySlotPush(tx: Queryable, actor: Actor, row: SlotPushRow): Promise<SlotWireDoc | null> {
  const next = row.newDocumentState
  const current = await readSlotDocument(tx, actor, next.id, true)
  // Unknown to this caller: the device drops it.
  if (!current) return { ...next, _deleted: true }
  const assumed = row.assumedMasterState
  // The counters move with every booking, so the base is judged on what the device may edit.
  if (!assumed || !sameEditable(assumed, current) || !mayManageSlot(actor, current) || current._deleted)
    return sameEditable(next, current) && sameCounters(next, current) ? null : current
  // The row is locked by the read above: the command works on it without reading it again.
  const locked = lockedSlot(current)
  if (next._deleted) {
    const deleted = await deleteLockedSlot(tx, actor, next.id, locked)
    // Refused (active bookings on it): the server's state stands.
    return deleted.ok ? null : current
  }
  const updated = await updateLockedSlot(tx, actor, next.id, locked, editableChange(current, next))
  // Refused (capacity below the bookings held): the server's state stands.
  if (!updated.ok) return current
  if (sameCounters(next, updated.value)) return null
  return readSlotDocument(tx, actor, next.id, false)
}

function lockedSlot(doc: SlotWireDoc): LockedSlot {
  const { rev: _rev, seatTags: _seatTags, localPending: _localPending, _deleted, ...slot } = doc
  return { ...slot, deleted: _deleted }
}

function sameEditable(
  a: Pick<SlotDoc, 'maxBookings' | 'blocked'> & { _deleted: boolean },
  b: typeof a,
): boolean {
  return a.maxBookings === b.maxBookings && a.blocked === b.blocked && a._deleted === b._deleted
}

/** The fields the server computes: a device that shows others must be told. */
function sameCounters(a: Slot, b: Slot): boolean {
  return (
    a.currentBookings === b.currentBookings && a.isBooked === b.isBooked && a.isAvailable === b.isAvailable
  )
}

function editableChange(current: SlotDoc, next: SlotDoc): { maxBookings?: number; blocked?: boolean } {
  return {
    ...(next.maxBookings !== current.maxBookings ? { maxBookings: next.maxBookings } : {}),
    ...(next.blocked !== current.blocked ? { blocked: next.blocked } : {}),
  }
}

export const slotsCollection: ReplicatedCollection<SlotDocRow, SlotPushRow> = {
  name: 'slots',
  source: slotSource,
  pushRow: SlotPushRow,
  applyPush: applySlotPush,
}
