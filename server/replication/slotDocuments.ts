/**
 * Slots as replicated documents, scoped by shared/policy.ts (slotScope: a customer every slot, a
 * provider their own). `heldBy` lists the active bookings on the slot the caller may see, read in the
 * same statement as the counter (see shared/replication.ts). A push is honoured only where the policy
 * lets the caller manage the slot, and only for maxBookings, blocked and deletion; counters and flags
 * in a pushed document are ignored (the server computes them) and answered when they differ.
 */
import { mayManageSlot, bookingScope, slotScope } from '../../shared/policy.js'
import { SLOT_WINDOW_MAX, type SlotDoc, SlotPushRow, type SlotWireDoc } from '../../shared/replication.js'
import type { Slot } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { ACTIVE_STATUS_SQL } from '../domain/bookingRows.js'
import { SLOT_COLUMNS, SLOT_FROM, type SlotRow, slotFromRow } from '../domain/slotRows.js'
import { deleteLockedSlot, type LockedSlot, updateLockedSlot } from '../domain/slots.js'
import type { ChangeSource } from './pullChanges.js'
import type { ReplicatedCollection } from './replicatedCollection.js'

type SlotDocRow = SlotRow & { rev: string; held_by: string[] }

const slotSource: ChangeSource<SlotDocRow> = {
  alias: 's',
  // heldBy names the bookings the caller may see under either role's rule: a user has one role, so
  // the other role's rule matches none of their rows, and one select serves both roles' pulls.
  select: `${SLOT_COLUMNS}, s.change_xid::text AS rev,
    ARRAY(SELECT hb.id::text FROM bookings hb
          WHERE hb.slot_id = s.id AND hb.status IN (${ACTIVE_STATUS_SQL}) AND NOT hb.deleted
            AND (${bookingScope('customer', 'hb')} OR ${bookingScope('provider', 'hb')})
          ORDER BY hb.id) AS held_by`,
  from: SLOT_FROM,
  scope: { customer: slotScope('customer', 's'), provider: slotScope('provider', 's') },
  toDocument: slotDocument,
}

function slotDocument(row: SlotDocRow, now: Date): SlotWireDoc {
  const { deleted, ...slot } = slotFromRow(row, now)
  return { ...slot, rev: row.rev, heldBy: row.held_by, _deleted: deleted }
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

/**
 * The live slots the caller may see that start in [from, to), as replicated documents, ordered by
 * start: what a device shows first while its first pull is still storing the whole copy (the
 * documents are the same the pull will deliver; the device only holds these in memory until then).
 */
export async function readSlotWindow(
  db: Queryable,
  actor: Actor,
  window: { from: string; to: string },
): Promise<SlotWireDoc[]> {
  const { rows } = await db.query<SlotDocRow>(
    `SELECT ${slotSource.select} FROM ${SLOT_FROM}
     WHERE (${slotSource.scope[actor.role]}) AND NOT s.deleted AND s.start_time >= $2 AND s.start_time < $3
     ORDER BY s.start_time, s.id LIMIT ${SLOT_WINDOW_MAX}`,
    [actor.userId, window.from, window.to],
  )
  const now = new Date()
  return rows.map((row) => slotDocument(row, now))
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
  const { rev: _rev, heldBy: _heldBy, localPending: _localPending, _deleted, ...slot } = doc
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
