/**
 * Bulk operations with a per-row outcome (issue 11): cancel, confirm or decline several bookings,
 * block or unblock several slots, a provider cancelling every booking of a date range with one
 * reason. Each row goes through the single-row command (changeBookingStatus, updateSlot), so the
 * seat, waitlist (invariant 8), notification and audit effects are exactly theirs.
 *
 * PER_ROW: one transaction per row, so a refused row leaves the others applied, and each row's outcome
 * says what happened to it. ALL_OR_NOTHING: one transaction with the rows under a savepoint; if any
 * row is refused every row is rolled back and reported ROLLED_BACK (the refused ones with their own
 * code). Either way the outcome list names every row, so no partial state goes unreported.
 *
 * A row already in the state asked for (confirming a confirmed booking, blocking a blocked slot) is a
 * no-op of its command: it is answered ok with `unchanged` and says so in its message, so the client
 * does not report "done" where nothing changed.
 *
 * Before any row runs, every id must be one the actor may act on (their own booking, their own slot);
 * otherwise the whole request is refused FORBIDDEN with the offending ids, and nothing changes.
 * Rows run in (slot id, id) order, the lock order of every multi-slot command
 * (server/domain/reschedule.ts); the answer lists them in the request's order.
 */
import {
  type BookingBulkAction,
  type BulkAtomicity,
  type BulkResult,
  MAX_BULK_ROWS,
  type RowOutcome,
} from '../../shared/bookingOperations.js'
import { ErrorCode, type Outcome, accepted, errorMessages, refused } from '../../shared/errors.js'
import {
  bookingScope,
  mayCancelDateRange,
  mayDeclineRequests,
  mayManageSlots,
  statusesSettableBy,
} from '../../shared/policy.js'
import type { SettableStatus } from '../../shared/schemas.js'
import type { Database, Queryable } from '../db/database.js'
import { withSavepoint } from '../db/savepoint.js'
import type { Actor } from './actor.js'
import { ACTIVE_STATUS_SQL } from './bookingRows.js'
import { changeLockedBookingStatus, lockBooking, missingReason } from './bookings.js'
import { lockSlot, updateLockedSlot } from './slots.js'

type ApplyRow = (tx: Queryable, id: string) => Promise<Outcome<unknown>>

/** A row its command accepted as a no-op: it already was in the state asked for. */
class Unchanged {
  constructor(readonly message: string) {}
}

/** The row already was `state` ("confirmed", "blocked"): ok, and it says so. */
function unchangedRow(state: string): Outcome<Unchanged> {
  return accepted(new Unchanged(`It was already ${state}.`))
}

function rowOutcome(id: string, outcome: Outcome<unknown>): RowOutcome {
  if (!outcome.ok) return { id, ok: false, ...codeAndMessage(outcome.refusal) }
  return outcome.value instanceof Unchanged
    ? { id, ok: true, unchanged: true, message: outcome.value.message }
    : { id, ok: true }
}

/** Runs `apply` for every id (already in lock order) and reports each row, in `answerOrder`. */
async function runRows(
  db: Database,
  ids: readonly string[],
  answerOrder: readonly string[],
  atomicity: BulkAtomicity,
  apply: ApplyRow,
): Promise<BulkResult> {
  const byId = new Map<string, RowOutcome>()
  const record = (id: string, outcome: Outcome<unknown>) => byId.set(id, rowOutcome(id, outcome))
  if (atomicity === 'PER_ROW') {
    for (const id of ids) record(id, await db.transaction((tx) => apply(tx, id)))
  } else {
    const all = await db.transaction((tx) =>
      withSavepoint(tx, async (inner) => {
        for (const id of ids) record(id, await apply(inner, id))
        return [...byId.values()].every((row) => row.ok) ? accepted(null) : refused(ErrorCode.ROLLED_BACK)
      }),
    )
    if (!all.ok) {
      for (const [id, row] of byId) {
        if (row.ok) byId.set(id, { id, ok: false, code: 'ROLLED_BACK', message: errorMessages.ROLLED_BACK })
      }
    }
  }
  const rows = answerOrder.map((id) => byId.get(id) as RowOutcome)
  return { applied: rows.filter((row) => row.ok).length, rows }
}

/**
 * The requested ids the caller may act on, in the order `sql` gives them (its lock order); `sql` takes
 * $1 the caller's id and $2 the ids. Any id not among them refuses the whole request, naming them.
 */
async function ownedIds(
  db: Queryable,
  actor: Actor,
  sql: string,
  ids: readonly string[],
  noun: 'bookings' | 'slots',
): Promise<Outcome<string[]>> {
  const { rows } = await db.query<{ id: string }>(sql, [actor.userId, ids])
  const own = new Set(rows.map((row) => row.id))
  const foreign = ids.filter((id) => !own.has(id))
  if (foreign.length > 0) {
    return refused(
      ErrorCode.FORBIDDEN,
      { ids: foreign },
      `Some of these ${noun} are not yours (or do not exist); nothing was changed.`,
    )
  }
  return accepted(rows.map((row) => row.id))
}

function codeAndMessage(refusal: { code: ErrorCode; message: string }) {
  return { code: refusal.code, message: refusal.message }
}

const ACTION_STATUS: Record<BookingBulkAction, SettableStatus> = {
  CANCEL: 'CANCELLED',
  CONFIRM: 'CONFIRMED',
  DECLINE: 'CANCELLED',
}

export interface BulkBookingsInput {
  action: BookingBulkAction
  ids: readonly string[]
  reason?: string | undefined
  atomicity: BulkAtomicity
}

export async function bulkChangeBookings(
  db: Database,
  actor: Actor,
  input: BulkBookingsInput,
): Promise<Outcome<BulkResult>> {
  const status = ACTION_STATUS[input.action]
  if (
    !statusesSettableBy(actor.role).includes(status) ||
    (input.action === 'DECLINE' && !mayDeclineRequests(actor))
  ) {
    return refused(
      ErrorCode.FORBIDDEN,
      { action: input.action },
      `A ${actor.role} may not ${input.action.toLowerCase()} bookings.`,
    )
  }
  const reason = input.reason?.trim() ? input.reason.trim() : null
  // One refusal for the request, not one per row: every row of it would lack the same reason.
  const noReason = missingReason(actor, status, reason, ['body', 'reason'])
  if (noReason) return noReason
  const owned = await ownedIds(
    db,
    actor,
    `SELECT b.id FROM bookings b WHERE ${bookingScope(actor.role, 'b')} AND b.id = ANY($2::uuid[]) AND NOT b.deleted
     ORDER BY b.slot_id, b.id`,
    input.ids,
    'bookings',
  )
  if (!owned.ok) return owned
  const ownIds = owned.value
  return accepted(
    await runRows(db, ownIds, input.ids, input.atomicity, async (tx, id) => {
      const current = await lockBooking(tx, id)
      if (!current || current.deleted) return refused(ErrorCode.BOOKING_NOT_FOUND, { id })
      if (input.action === 'DECLINE' && current.status !== 'PENDING') {
        return refused(
          ErrorCode.INVALID_TRANSITION,
          { from: current.status },
          'Only a pending request can be declined.',
        )
      }
      const outcome = await changeLockedBookingStatus(tx, actor, current, status, reason)
      // The command accepts a booking already in that status as a no-op: the row says so.
      return outcome.ok && current.status === status ? unchangedRow(status.toLowerCase()) : outcome
    }),
  )
}

export interface CancelRangeInput {
  from: string
  to: string
  reason: string
  atomicity: BulkAtomicity
}

/** A provider cancels every active booking of their slots starting in [from, to), with one reason. */
export async function cancelDateRange(
  db: Database,
  actor: Actor,
  input: CancelRangeInput,
): Promise<Outcome<BulkResult>> {
  if (!mayCancelDateRange(actor))
    return refused(ErrorCode.FORBIDDEN, undefined, 'Only providers cancel a date range.')
  const { rows } = await db.query<{ id: string }>(
    `SELECT b.id FROM bookings b
     WHERE ${bookingScope(actor.role, 'b')} AND b.status IN (${ACTIVE_STATUS_SQL}) AND NOT b.deleted
       AND b.start_time >= $2 AND b.start_time < $3
     ORDER BY b.start_time, b.id LIMIT ${MAX_BULK_ROWS + 1}`,
    [actor.userId, input.from, input.to],
  )
  if (rows.length > MAX_BULK_ROWS) {
    return refused(
      ErrorCode.TOO_MANY_ROWS,
      { max: MAX_BULK_ROWS },
      `More than ${MAX_BULK_ROWS} bookings in that range: choose a shorter one.`,
    )
  }
  if (rows.length === 0) return accepted({ applied: 0, rows: [] })
  return bulkChangeBookings(db, actor, {
    action: 'CANCEL',
    ids: rows.map((row) => row.id),
    reason: input.reason,
    atomicity: input.atomicity,
  })
}

export interface BulkSlotsInput {
  action: 'BLOCK' | 'UNBLOCK'
  ids: readonly string[]
  atomicity: BulkAtomicity
}

export async function bulkBlockSlots(
  db: Database,
  actor: Actor,
  input: BulkSlotsInput,
): Promise<Outcome<BulkResult>> {
  if (!mayManageSlots(actor)) return refused(ErrorCode.FORBIDDEN, undefined, 'Only providers manage slots.')
  const owned = await ownedIds(
    db,
    actor,
    'SELECT id FROM slots WHERE provider_id = $1 AND id = ANY($2::uuid[]) AND NOT deleted ORDER BY id',
    input.ids,
    'slots',
  )
  if (!owned.ok) return owned
  const ownIds = owned.value
  const blocked = input.action === 'BLOCK'
  return accepted(
    await runRows(db, ownIds, input.ids, input.atomicity, async (tx, id) => {
      const current = await lockSlot(tx, actor, id)
      const outcome = await updateLockedSlot(tx, actor, id, current, { blocked })
      // The command accepts a slot already blocked (or open) as a no-op: the row says so.
      return outcome.ok && current?.blocked === blocked ? unchangedRow(blocked ? 'blocked' : 'open') : outcome
    }),
  )
}
