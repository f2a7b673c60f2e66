/**
 * Slots as replicated documents, scoped by shared/policy.ts (slotScope: a customer every slot, a
 * provider their own). `seatTags` lists the seat tags of every active booking on the slot, read in the
 * same statement as the counter (see shared/replication.ts): a slot document is the same for every
 * viewer, so the change feed can compute it once for all of them. A push is honoured only where the
 * policy lets the caller manage the slot, and only for maxBookings, blocked and deletion, or the
 * creation of a slot made on the device; counters and flags in a pushed document are ignored (the
 * server computes them) and answered when they differ. A stale base is judged per field
 * (shared/slotChangeRules.ts).
 */
import { ErrorCode } from '../../shared/errors.js'
import { mayManageSlot, mayManageSlots, slotScope } from '../../shared/policy.js'
import {
  SLOT_WINDOW_MAX,
  type SlotAnswer,
  type SlotDoc,
  type SlotPushDoc,
  SlotPushRow,
  type SlotWindowQuery,
  type SlotWireDoc,
} from '../../shared/replication.js'
import { Capacity, CreateSlotBody, MAX_CAPACITY, type Slot } from '../../shared/schemas.js'
import { seatTagSql } from '../../shared/seatTags.js'
import {
  type ChangeRefusal,
  type SlotField,
  SLOT_CHANGED_ELSEWHERE,
  changeRefusal,
  isStaleBase,
} from '../../shared/slotChangeRules.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { ACTIVE_STATUS_SQL } from '../domain/bookingRows.js'
import { SLOT_COLUMNS, SLOT_FROM, type SlotRow, slotFromRow } from '../domain/slotRows.js'
import { recordAudit } from '../domain/audit.js'
import { createSlot, deleteLockedSlot, type LockedSlot, updateLockedSlot } from '../domain/slots.js'
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
  // A customer's device holds the bookable horizon (slotHorizon.ts) and the slots of its own bookings.
  // A refused booking holds no seat and is left out: taking a seat rewrites the slot (its counter), so
  // a slot coming into view this way always changes in the same transaction (pullChanges.ts's proof).
  horizon: {
    roles: ['customer'],
    column: 's.start_time',
    // Not correlated with s: PostgreSQL reads the customer's bookings once per statement (a hashed
    // subplan), not once per slot past the horizon.
    alwaysInView: `s.id IN (SELECT ob.slot_id FROM bookings ob WHERE ob.customer_id = $1
      AND ob.status <> 'REJECTED' AND NOT ob.deleted)`,
  },
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

/**
 * The live slots the caller may see that start in [from, to), as replicated documents, ordered by
 * start: what a device shows first while its first pull is still storing the whole copy (the
 * documents are the same the pull will deliver; the device only holds these in memory until then).
 */
export async function readSlotWindow(
  db: Queryable,
  actor: Actor,
  window: SlotWindowQuery,
): Promise<SlotWireDoc[]> {
  const { rows } = await db.query<SlotDocRow>(
    `SELECT ${slotSource.select} FROM ${SLOT_FROM}
     WHERE (${slotSource.scope[actor.role]}) AND NOT s.deleted AND s.start_time >= $2 AND s.start_time < $3
       AND ($4::uuid IS NULL OR s.provider_id = $4) AND ($5::uuid IS NULL OR s.service_id = $5)
     ORDER BY s.start_time, s.id LIMIT ${SLOT_WINDOW_MAX}`,
    [actor.userId, window.from, window.to, window.providerId ?? null, window.serviceId ?? null],
  )
  const now = new Date()
  return rows.map((row) => slotDocument(row, now))
}

/**
 * Returns the server's state of the slot where the device's copy differs from it, else null. A
 * refused change (shared/slotChangeRules.ts: a stale base, a rule, bad input, not the caller's slot)
 * answers the server's state with the refusal on it, and changes nothing. RxDB pushes the slot's
 * latest state only, so several changes made between two pushes arrive as one; each field changed is
 * judged on its own, as if pushed alone, and each refused field has its own refusal: a capacity the
 * bookings refuse does not take a block down with it. An accepted deletion makes the slot's other
 * changes moot; a refused one leaves them to be judged.
 */
async function applySlotPush(tx: Queryable, actor: Actor, row: SlotPushRow): Promise<SlotAnswer | null> {
  const next = row.newDocumentState
  const current = await readSlotDocument(tx, actor, next.id, true)
  if (!current) return unknownSlot(tx, actor, row)
  const assumed = row.assumedMasterState
  // No assumed state on a slot the server has: a replayed creation, whose intent is already applied.
  if (!assumed) return sameEditable(next, current) && sameCounters(next, current) ? null : current
  const intent = changedFields(assumed, next)
  if (intent.length === 0) return sameEditable(next, current) && sameCounters(next, current) ? null : current
  if (!mayManageSlot(actor, current))
    return refusedFields(current, ErrorCode.FORBIDDEN, intent, 'Not your slot.')
  if (current._deleted) return next._deleted ? null : refusedFields(current, ErrorCode.SLOT_NOT_FOUND, intent)
  // The row is locked by the read above: the command works on it without reading it again.
  const locked = lockedSlot(current)
  const refusals: ChangeRefusal[] = []
  if (next._deleted) {
    // Deleting what the provider did not see (its capacity or block changed meanwhile) is for them to
    // confirm: refused as stale, to be applied again in one click.
    if (!sameEditable({ ...assumed, _deleted: false }, current))
      refusals.push(changeRefusal(ErrorCode.STALE_BASE, '_deleted', SLOT_CHANGED_ELSEWHERE))
    else {
      const deleted = await deleteLockedSlot(tx, actor, next.id, locked)
      if (deleted.ok) return null
      refusals.push(changeRefusal(deleted.refusal.code, '_deleted', deleted.refusal.message))
    }
  }
  if (intent.includes('maxBookings')) {
    if (!Capacity.safeParse(next.maxBookings).success)
      refusals.push(changeRefusal(ErrorCode.VALIDATION_FAILED, 'maxBookings', CAPACITY_RANGE))
    else if (next.maxBookings !== current.maxBookings && isStaleBase('maxBookings', assumed, current))
      refusals.push(changeRefusal(ErrorCode.STALE_BASE, 'maxBookings', SLOT_CHANGED_ELSEWHERE))
  }
  const judged = intent.filter((field) => !refusals.some((r) => r.field === field))
  const updated = await updateJudgedFields(tx, actor, locked, current, next, judged, refusals)
  if (refusals.length > 0)
    return answerRefused((await readSlotDocument(tx, actor, next.id, false)) ?? current, refusals)
  if (sameEditable(next, current) && sameCounters(next, updated)) return null
  return readSlotDocument(tx, actor, next.id, false)
}

/**
 * Sets the fields judged so far. Capacity is the only one the slot's bookings can refuse (blocking is
 * idempotent): when they do, its refusal is added and the block is set on its own.
 */
async function updateJudgedFields(
  tx: Queryable,
  actor: Actor,
  locked: LockedSlot,
  current: SlotDoc,
  next: SlotPushDoc,
  fields: readonly SlotField[],
  refusals: ChangeRefusal[],
): Promise<Slot> {
  const change = editableChange(current, next, fields)
  const updated = await updateLockedSlot(tx, actor, next.id, locked, change)
  if (updated.ok) return updated.value
  refusals.push(
    changeRefusal(updated.refusal.code, change.maxBookings === undefined ? 'blocked' : 'maxBookings'),
  )
  if (change.maxBookings === undefined || change.blocked === undefined) return current
  const blocked = await updateLockedSlot(tx, actor, next.id, locked, { blocked: change.blocked })
  return blocked.ok ? blocked.value : current
}

const CAPACITY_RANGE = `Capacity must be a whole number from 1 to ${MAX_CAPACITY}.`

/**
 * A pushed slot the caller cannot see: a slot made on the device (no assumed state) is created; one
 * that exists but is another provider's is refused (FORBIDDEN), a new one whose id another
 * organisation's slot holds is refused (SLOT_ID_TAKEN); anything else is dropped by the device.
 */
async function unknownSlot(tx: Queryable, actor: Actor, row: SlotPushRow): Promise<SlotAnswer | null> {
  const next = row.newDocumentState
  const dropped = { ...next, _deleted: true }
  const holder = await slotIdHolder(tx, next.id)
  if (holder === 'this organisation')
    return withRefusal(dropped, ErrorCode.FORBIDDEN, 'created', 'Not your slot.')
  if (row.assumedMasterState || next._deleted) return dropped
  // Inserted, it would fail on the primary key: a 500 that rolls the whole batch back, for good.
  if (holder === 'another organisation') return withRefusal(dropped, ErrorCode.SLOT_ID_TAKEN, 'created')
  const body = CreateSlotBody.safeParse({
    serviceId: next.serviceId,
    startTime: next.startTime,
    endTime: next.endTime,
    maxBookings: next.maxBookings,
  })
  if (!body.success)
    return withRefusal(dropped, ErrorCode.VALIDATION_FAILED, 'created', issueText(body.error.issues))
  if (next.providerId !== actor.userId)
    return withRefusal(dropped, ErrorCode.FORBIDDEN, 'created', 'A slot is made for its own provider only.')
  const created = await createSlot(tx, actor, body.data, 'checked', next.id)
  if (!created.ok) return withRefusal(dropped, created.refusal.code, 'created', created.refusal.message)
  // The server's row (names, counters, revision) replaces the device's draft.
  return readSlotDocument(tx, actor, next.id, false)
}

/**
 * Which slot holds the id, if any: a slot of this organisation (row-level security shows it), or one
 * row-level security hides (migration 031's SECURITY DEFINER slot_id_exists, asked only when this
 * organisation has none). Slot ids are global: the primary key refuses a second slot with the id anywhere.
 */
async function slotIdHolder(
  tx: Queryable,
  slotId: string,
): Promise<'this organisation' | 'another organisation' | null> {
  const { rows } = await tx.query<{ holder: 'this organisation' | 'another organisation' | null }>(
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM slots WHERE id = $1) THEN 'this organisation'
                 WHEN slot_id_exists($1) THEN 'another organisation' END AS holder`,
    [slotId],
  )
  return rows[0]?.holder ?? null
}

function issueText(issues: readonly { message: string }[]): string {
  return issues.map((issue) => issue.message).join('; ')
}

function withRefusal(
  doc: SlotWireDoc,
  code: ErrorCode,
  field: string | undefined,
  message?: string,
): SlotAnswer {
  return answerRefused(doc, [changeRefusal(code, field, message)])
}

/** The same refusal for each of the fields the device changed. */
function refusedFields(doc: SlotWireDoc, code: ErrorCode, fields: readonly string[], message?: string) {
  return answerRefused(
    doc,
    fields.map((field) => changeRefusal(code, field, message)),
  )
}

/**
 * The server's state with its refusals, one per refused field; `refusal` repeats the first for a
 * device whose app predates `refusals` (an installed app updates on its next load).
 */
function answerRefused(doc: SlotWireDoc, refusals: ChangeRefusal[]): SlotAnswer {
  const { localPending: _localPending, ...server } = doc
  return { ...server, refusal: refusals[0], refusals }
}

/** The fields the device changed relative to the state it assumed. */
function changedFields(assumed: SlotPushDoc, next: SlotPushDoc): Exclude<SlotField, 'created'>[] {
  return (['_deleted', 'maxBookings', 'blocked'] as const).filter((field) => assumed[field] !== next[field])
}

/**
 * Records a refused push in the audit trail, in its own transaction (the change itself rolled back):
 * only the refused change of someone who may manage the slot (its own provider's offline change,
 * README "Providers offline"). A row from anyone else (a customer, another provider) was answered
 * with the server's state and leaves no record: it would put refusals into another provider's trail.
 */
async function recordRefusedSlotPush(
  tx: Queryable,
  actor: Actor,
  row: SlotPushRow,
  answer: SlotAnswer,
): Promise<void> {
  if (!answer.refusal) return
  const { newDocumentState: tried } = row
  const providerId = await refusalRecordedFor(tx, actor, tried.id)
  if (!providerId) return
  // A refused new slot is nowhere else: its times say which one it was ("A new slot on Tuesday …").
  const created = (answer.refusals ?? [answer.refusal]).some((r) => r?.field === 'created')
  const when = created ? { startTime: tried.startTime, endTime: tried.endTime } : {}
  await recordAudit(tx, actor, {
    action: 'slot.change_refused',
    entityType: 'slot',
    entityId: tried.id,
    providerId,
    before: answer._deleted ? null : serverFields(answer),
    after: { tried: { ...serverFields(tried), ...when }, refusals: answer.refusals ?? [answer.refusal] },
  })
}

/**
 * Whose trail a refused push of slot `slotId` belongs in: the stored slot's provider when the actor
 * may manage that slot; the actor's own for a new slot they may make; else nobody's (null).
 */
async function refusalRecordedFor(tx: Queryable, actor: Actor, slotId: string): Promise<string | null> {
  const providerId = await slotProvider(tx, slotId)
  if (providerId === null) return mayManageSlots(actor) ? actor.userId : null
  return mayManageSlot(actor, { providerId }) ? providerId : null
}

/** The provider of a stored slot (never a pushed document's claim). */
async function slotProvider(tx: Queryable, slotId: string): Promise<string | null> {
  const { rows } = await tx.query<{ provider_id: string }>('SELECT provider_id FROM slots WHERE id = $1', [
    slotId,
  ])
  return rows[0]?.provider_id ?? null
}

function serverFields(doc: SlotPushDoc): Pick<SlotPushDoc, 'maxBookings' | 'blocked' | '_deleted'> {
  return { maxBookings: doc.maxBookings, blocked: doc.blocked, _deleted: doc._deleted }
}

function lockedSlot(doc: SlotWireDoc): LockedSlot {
  const { rev: _rev, seatTags: _seatTags, localPending: _localPending, _deleted, ...slot } = doc
  return { ...slot, deleted: _deleted }
}

function sameEditable(
  a: Pick<SlotPushDoc, 'maxBookings' | 'blocked' | '_deleted'>,
  b: Pick<SlotPushDoc, 'maxBookings' | 'blocked' | '_deleted'>,
): boolean {
  return a.maxBookings === b.maxBookings && a.blocked === b.blocked && a._deleted === b._deleted
}

/** The fields the server computes: a device that shows others must be told. */
function sameCounters(a: Pick<Slot, 'currentBookings' | 'isBooked' | 'isAvailable'>, b: Slot): boolean {
  return (
    a.currentBookings === b.currentBookings && a.isBooked === b.isBooked && a.isAvailable === b.isAvailable
  )
}

/** What the device changed, to be set on the server's row (blocked is idempotent: set whatever the base). */
function editableChange(
  current: SlotDoc,
  next: SlotPushDoc,
  intent: readonly string[],
): { maxBookings?: number; blocked?: boolean } {
  return {
    ...(intent.includes('maxBookings') && next.maxBookings !== current.maxBookings
      ? { maxBookings: next.maxBookings }
      : {}),
    ...(intent.includes('blocked') && next.blocked !== current.blocked ? { blocked: next.blocked } : {}),
  }
}

export const slotsCollection: ReplicatedCollection<SlotDocRow, SlotPushRow, SlotAnswer> = {
  name: 'slots',
  source: slotSource,
  pushRow: SlotPushRow,
  applyPush: applySlotPush,
  recordRefusal: recordRefusedSlotPush,
}
