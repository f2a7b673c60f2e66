/**
 * Slots as replicated documents. A customer receives every slot (bookable or not, so a slot that
 * becomes blocked or full reaches them too); a provider their own. `heldBy` lists the active bookings
 * on the slot the caller may see, read in the same statement as the counter (see shared/replication.ts).
 * A push is honoured only from the slot's provider and only for maxBookings, blocked and deletion;
 * counters and flags in a pushed document are ignored (the server computes them).
 */
import { DomainError } from '../../shared/errors.js'
import { type SlotDoc, SlotPushRow, type SlotWireDoc } from '../../shared/replication.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { SLOT_COLUMNS, SLOT_FROM, type SlotRow, slotFromRow } from '../domain/slotRows.js'
import { deleteSlot, updateSlot } from '../domain/slots.js'
import type { ChangeSource } from './pullChanges.js'
import type { ReplicatedCollection } from './replicatedCollection.js'

type SlotDocRow = SlotRow & { rev: string; held_by: string[] }

const slotSource: ChangeSource<SlotDocRow> = {
  alias: 's',
  select: `${SLOT_COLUMNS}, s.change_xid::text AS rev,
    ARRAY(SELECT hb.id::text FROM bookings hb
          WHERE hb.slot_id = s.id AND hb.status IN ('PENDING', 'CONFIRMED') AND NOT hb.deleted
            AND (hb.customer_id = $1 OR hb.provider_id = $1)
          ORDER BY hb.id) AS held_by`,
  from: SLOT_FROM,
  scope: { customer: 'TRUE', provider: 's.provider_id = $1' },
  toDocument: slotDocument,
}

function slotDocument(row: SlotDocRow, now: Date): SlotWireDoc {
  const { deleted, ...slot } = slotFromRow(row, now)
  return { ...slot, rev: row.rev, heldBy: row.held_by, _deleted: deleted }
}

async function readSlotDocument(tx: Queryable, actor: Actor, id: string): Promise<SlotWireDoc | null> {
  const { rows } = await tx.query<SlotDocRow>(
    `SELECT ${slotSource.select} FROM ${SLOT_FROM} WHERE s.id = $2 AND (${slotSource.scope[actor.role]}) FOR UPDATE OF s`,
    [actor.userId, id],
  )
  return rows[0] ? slotDocument(rows[0], new Date()) : null
}

async function applySlotPush(tx: Queryable, actor: Actor, row: SlotPushRow): Promise<SlotWireDoc> {
  const next = row.newDocumentState
  const current = await readSlotDocument(tx, actor, next.id)
  // Unknown to this caller: the device drops it.
  if (!current) return { ...next, _deleted: true }
  const stale = !row.assumedMasterState || row.assumedMasterState.rev !== current.rev
  if (stale || actor.role !== 'provider' || current.providerId !== actor.userId || current._deleted)
    return current
  try {
    if (next._deleted) await deleteSlot(tx, actor, next.id)
    else await updateSlot(tx, actor, next.id, editableChange(current, next))
  } catch (error) {
    // Refused (capacity below the bookings held, active bookings on a deleted slot): the server's state stands.
    if (error instanceof DomainError) return current
    throw error
  }
  return (await readSlotDocument(tx, actor, next.id)) ?? current
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
  read: readSlotDocument,
}
