/**
 * Bookings as replicated documents: the bookings the caller may see (shared/policy.ts).
 * A pushed booking is an intent carried out by the same domain commands as the REST API:
 *  - new (unknown id): createBooking; a booking the availability rules refuse is stored REJECTED with
 *    its reason (recordRejectedBooking) and comes back as the conflict, so the device that made it
 *    lands on the refusal (invariant 6, docs/INVARIANTS.md); a booking created and cancelled offline then gets its status
 *    change in the same transaction;
 *  - a status change: the lifecycle transition; `_deleted`: the tombstone;
 *  - a changed slotId: a reschedule (server/domain/reschedule.ts), refused back to the old slot.
 *
 * RxDB's protocol: the push answers a document only where the device's view is wrong, i.e. where its
 * assumed state was not the server's, or the server did not end where the device did (a refusal, or
 * a status the server chose, such as CONFIRMED for an auto-confirming provider). An accepted write
 * ends exactly where the device already is, so it is not answered; the device gets the server's own
 * fields (rev, timestamps, the customer's name) with the next pull, which the write itself triggers.
 * A replayed creation is the exception: the device never had the server's document, so it is answered.
 * So is a copy that differs from the server's in a field the server never takes from a push (the slot,
 * time, parties and notes a booking is made with, sameMadeWith): nothing else would ever correct it.
 * Each row is read once (locked), and the answer is decided from that read and the command's outcome.
 */
import { ErrorCode, type Refusal, RejectionReason, refused } from '../../shared/errors.js'
import { bookingScope, mayBook } from '../../shared/policy.js'
import {
  type BookingAnswer,
  type BookingPushDoc,
  BookingPushRow,
  type BookingWireDoc,
} from '../../shared/replication.js'
import { type Booking, isSettableStatus } from '../../shared/schemas.js'
import { changeRefusal } from '../../shared/slotChangeRules.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { recordAudit } from '../domain/audit.js'
import { bookSeats } from '../domain/bookSeats.js'
import { BOOKING_COLUMNS, type BookingRow, bookingFromRow, withoutTombstone } from '../domain/bookingRows.js'
import {
  changeBookingStatus,
  changeLockedBookingStatus,
  createBooking,
  deleteLockedBooking,
  type LockedBooking,
  recordRejectedBooking,
  storedAsRejection,
} from '../domain/bookings.js'
import { writeNotification } from '../domain/notifications.js'
import { rescheduleLockedBooking } from '../domain/reschedule.js'
import { bookableTogether } from './bookingBatchPlan.js'
import type { ChangeSource } from './pullChanges.js'
import { currentRevision, type LockedDocuments, type ReplicatedCollection } from './replicatedCollection.js'

type BookingDocRow = BookingRow & { rev: string }

const bookingSource: ChangeSource<BookingDocRow> = {
  alias: 'b',
  select: `${BOOKING_COLUMNS}, b.change_xid::text AS rev`,
  from: 'bookings b',
  scope: { customer: bookingScope('customer', 'b'), provider: bookingScope('provider', 'b') },
  toDocument: bookingDocument,
}

function bookingDocument(row: BookingDocRow): BookingWireDoc {
  const { deleted, ...booking } = bookingFromRow(row)
  return { ...booking, rev: row.rev, _deleted: deleted }
}

/** The one read of a pushed row: the caller's view of it, locked for the rest of the transaction. */
async function lockBookingDocument(tx: Queryable, actor: Actor, id: string): Promise<BookingWireDoc | null> {
  const { rows } = await tx.query<BookingDocRow>(
    `SELECT ${bookingSource.select} FROM bookings b WHERE b.id = $2 AND (${bookingSource.scope[actor.role]})
     FOR UPDATE OF b`,
    [actor.userId, id],
  )
  return rows[0] ? bookingDocument(rows[0]) : null
}

/** The one read of a whole push batch: the caller's view of each row, locked, in id order (no deadlock between batches). */
async function lockBookingDocuments(
  tx: Queryable,
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, BookingWireDoc>> {
  const { rows } = await tx.query<BookingDocRow>(
    `SELECT ${bookingSource.select} FROM bookings b WHERE b.id = ANY($2::uuid[]) AND (${bookingSource.scope[actor.role]})
     ORDER BY b.id FOR UPDATE OF b`,
    [actor.userId, ids],
  )
  return new Map(rows.map((row) => [row.id, bookingDocument(row)]))
}

/**
 * Returns the server's state of the document where the device's differs from it, else null. A refused
 * status change or deletion answers the server's state with the refusal on it (what the device's
 * conflict handler shows); a stale base is judged by the lifecycle (shared/slotChangeRules.ts).
 */
async function applyBookingPush(
  tx: Queryable,
  actor: Actor,
  row: BookingPushRow,
  batch?: LockedDocuments,
): Promise<BookingAnswer | null> {
  const next = row.newDocumentState
  const current = batch
    ? ((batch.get(next.id) as BookingWireDoc | undefined) ?? null)
    : await lockBookingDocument(tx, actor, next.id)
  if (!current) return createFromPush(tx, actor, next)
  const moves = next.slotId !== current.slotId
  const assumed = row.assumedMasterState
  // No assumed state on a booking the server has: a replayed creation (its answer was lost, or the
  // booking reached the server first another way). The device has never had the server's document,
  // and the pull or stream that brought it may have come while this push was pending, when RxDB
  // drops it: answered, so the device lands on it (rev, reference, name) instead of staying pending.
  if (sameLifecycle(next, current) && !moves) {
    if (!assumed) return current
    // Nothing to write: answered only when the device's copy shows something else than the server's.
    if (sameLifecycle(assumed, current) && sameReason(next, current))
      return sameMadeWith(next, current) ? null : current
    return sameEndAnswer(next, current)
  }
  // A replayed creation (no assumed state, still the PENDING the device creates with) of a booking the
  // server has moved on since: confirmed at once by an auto-confirming provider (the request sent ahead
  // booked it), confirmed or declined meanwhile. The device only made it: it lands on the server's
  // state, and nothing was refused (the audit trail recorded a refused "set to pending" before).
  if (!assumed && !moves && !next._deleted && next.status === 'PENDING') return current
  // The row is locked by the read above: the command works on it without reading it again.
  const locked = lockedBooking(current)
  // Its intent (a status changed on the device before the replay) is applied once.
  if (assumed && (!sameLifecycle(assumed, current) || assumed.slotId !== current.slotId)) {
    // Only the slot changed on the device, whose copy's status is out of date (cancelled on another
    // device, confirmed by the provider): the move is judged on the server's state, so a move that
    // cannot be made is told (BOOKING_NOT_MOVED) instead of silently dropped.
    const onlyMoved =
      moves && !next._deleted && sameLifecycle(next, assumed) && assumed.slotId === current.slotId
    if (onlyMoved) return moveFromPush(tx, actor, locked, current, next)
    // A status change (a cancel, say) made on the time the booking had, which another device or the
    // other party moved meanwhile: it was of that session, so it is not made, and the device does not
    // carry it over to the new time (client/data/conflictHandler.ts). The user is told where it stands.
    const changedOnOldTime =
      assumed.slotId !== current.slotId && next.slotId === assumed.slotId && !sameLifecycle(next, assumed)
    if (changedOnOldTime)
      await writeNotification(
        tx,
        { userId: actor.userId, kind: 'BOOKING_NOT_CHANGED', reason: null },
        { slotId: current.slotId, bookingId: current.id, otherPartyId: null },
      )
    // A move from the time the device knew, which another device or the provider moved elsewhere
    // meanwhile: not made (the later move stands), and told as a refused move is, or it vanished with
    // no word (a multi-device walk).
    const movedElsewhere =
      moves && !next._deleted && assumed.slotId !== current.slotId && next.slotId !== assumed.slotId
    if (movedElsewhere)
      await writeNotification(
        tx,
        { userId: actor.userId, kind: 'BOOKING_NOT_MOVED', reason: ErrorCode.BOOKING_MOVED_ELSEWHERE },
        { slotId: current.slotId, bookingId: current.id, otherPartyId: null },
      )
    return withRefusal(current, refused(ErrorCode.STALE_BASE).refusal)
  }
  // A tombstone takes no further change.
  if (current._deleted) return withRefusal(current, refused(ErrorCode.BOOKING_NOT_FOUND).refusal)
  if (moves && !next._deleted) return moveFromPush(tx, actor, locked, current, next)
  const outcome = next._deleted
    ? await deleteLockedBooking(tx, actor, locked)
    : isSettableStatus(next.status)
      ? await changeLockedBookingStatus(tx, actor, locked, next.status, next.statusReason ?? null)
      : refused(ErrorCode.INVALID_TRANSITION)
  // Not an intent the server carries out (e.g. back to PENDING): the server's state stands.
  if (!outcome.ok) return withRefusal(current, outcome.refusal)
  return answerAfterWrite(tx, outcome.value, next._deleted, next)
}

/**
 * The device changed the booking from a state the server no longer has, to the state the server is
 * in now: someone made the same change first (the customer cancelled while the provider's cancel
 * waited offline, another device confirmed), or this is a replay of the device's own write. Nothing
 * is written; the device lands on the server's document (answered as null, it kept its own copy as
 * "waiting" for good). A reason the device gave that the server does not hold was not saved, and is
 * said so (a refused change in the provider's list) instead of vanishing.
 */
function sameEndAnswer(next: BookingPushDoc, current: BookingWireDoc): BookingAnswer {
  const reason = next.statusReason ?? null
  if (reason === null || reason === (current.statusReason ?? null)) return current
  const status = current.status.toLowerCase()
  return withRefusal(
    current,
    refused(
      ErrorCode.STALE_BASE,
      undefined,
      `The booking was already ${status} before this change arrived (by the customer or another of your devices): the reason was not saved.`,
    ).refusal,
  )
}

function withRefusal(doc: BookingWireDoc, refusal: Refusal): BookingAnswer {
  const field = 'status'
  return { ...doc, refusal: changeRefusal(refusal.code, field, refusal.message) }
}

/** Records a refused status change or deletion in the audit trail, in its own transaction. */
async function recordRefusedBookingPush(
  tx: Queryable,
  actor: Actor,
  row: BookingPushRow,
  answer: BookingAnswer,
): Promise<void> {
  if (!answer.refusal) return
  const tried = row.newDocumentState
  await recordAudit(tx, actor, {
    action: 'booking.change_refused',
    entityType: 'booking',
    entityId: tried.id,
    providerId: answer.providerId,
    before: { status: answer.status, _deleted: answer._deleted },
    after: { tried: { status: tried.status, _deleted: tried._deleted }, refusal: answer.refusal },
  })
}

/**
 * A booking whose slot changed on the device is a reschedule (made offline, or online through the
 * same local write). Accepted: the device already shows the outcome. Refused (the new slot filled
 * meanwhile, another provider's, the booking cancelled on another device, ...): the booking stays
 * as the server has it, the conflict lands the device back on it, and a BOOKING_NOT_MOVED
 * notification tells the user why (My bookings shows it on the booking until read).
 */
async function moveFromPush(
  tx: Queryable,
  actor: Actor,
  locked: LockedBooking,
  current: BookingWireDoc,
  next: BookingPushDoc,
): Promise<BookingWireDoc | null> {
  const moved = await rescheduleLockedBooking(tx, actor, locked, next.slotId)
  if (moved.ok) {
    const server = { ...moved.value, _deleted: false }
    const same = sameLifecycle(server, next) && server.startTime === next.startTime
    return same ? null : { ...server, rev: await currentRevision(tx) }
  }
  await writeNotification(
    tx,
    { userId: actor.userId, kind: 'BOOKING_NOT_MOVED', reason: moved.refusal.code },
    { slotId: current.slotId, bookingId: current.id, otherPartyId: null },
  )
  return current
}

async function createFromPush(
  tx: Queryable,
  actor: Actor,
  next: BookingPushDoc,
): Promise<BookingWireDoc | null> {
  // Nothing to create: a deletion or a refusal the device already holds.
  if (next._deleted || next.status === 'REJECTED') return null
  const input = { id: next.id, slotId: next.slotId, notes: next.notes }
  const outcome = await createBooking(tx, actor, input)
  if (!outcome.ok) {
    const { code } = outcome.refusal
    const stored = storedAsRejection(code) ? await recordRejectedBooking(tx, actor, input, code) : outcome
    return stored.ok
      ? answerAfterWrite(tx, stored.value, false, next, 'as stored')
      : unstorableRefusal(next, stored.refusal.code)
  }
  // Not in the push's locked read, the booking may still have been made meanwhile by another request
  // (the one the device sent ahead): createBooking then answers that replay, which this transaction
  // did not write.
  return settleCreated(tx, actor, outcome.value, next, 'as stored')
}

/** A pushed booking the server has just created (or found replayed): the device's answer. */
async function settleCreated(
  tx: Queryable,
  actor: Actor,
  created: Booking,
  next: BookingPushDoc,
  revision: RevisionSource,
): Promise<BookingWireDoc | null> {
  let booking = created
  let written = revision
  // Created, then cancelled (or otherwise changed) on the device before it reconnected. This locks
  // the row again: createBooking may have answered a concurrent replay's row, which is not ours yet.
  if (booking.status !== next.status && isSettableStatus(next.status)) {
    const changed = await changeBookingStatus(tx, actor, next.id, next.status, next.statusReason ?? null)
    if (changed.ok) {
      booking = changed.value
      written = 'written here'
    }
  }
  return answerAfterWrite(tx, booking, false, next, written)
}

/**
 * A whole push batch (distinct ids, locked by lockBookingDocuments): the plain new bookings are booked
 * together in one statement (bookableTogether says which may be, bookSeats books what it can), then
 * every row is answered in batch order: a row booked together is settled like one createBooking booked;
 * any other row, including one the statement did not book, goes through applyBookingPush as before.
 */
async function applyBookingBatch(
  tx: Queryable,
  actor: Actor,
  rows: readonly BookingPushRow[],
  locked: LockedDocuments,
): Promise<(BookingAnswer | null)[]> {
  const together = mayBook(actor) ? bookableTogether(rows, locked) : []
  const booked = await bookSeats(
    tx,
    actor,
    together.map((next) => ({ id: next.id, slotId: next.slotId, notes: next.notes })),
  )
  const answers: (BookingAnswer | null)[] = []
  for (const row of rows) {
    const created = booked.get(row.newDocumentState.id)
    answers.push(
      created
        ? await settleCreated(
            tx,
            actor,
            withoutTombstone(bookingFromRow(created)),
            row.newDocumentState,
            'written here',
          )
        : await applyBookingPush(tx, actor, row, locked),
    )
  }
  return answers
}

function lockedBooking(doc: BookingWireDoc): LockedBooking {
  const { rev: _rev, localPending: _localPending, _deleted, ...booking } = doc
  return { ...booking, deleted: _deleted }
}

/** Status and tombstone: the part of a booking its lifecycle changes (everything else is fixed at creation). */
function sameLifecycle(
  a: Pick<BookingWireDoc, 'status' | '_deleted' | 'rejectionReason'>,
  b: Pick<BookingWireDoc, 'status' | '_deleted' | 'rejectionReason'>,
): boolean {
  return a.status === b.status && a._deleted === b._deleted && a.rejectionReason === b.rejectionReason
}

/** The provider's reason for a cancellation: absent and null are the same (no reason). */
function sameReason(
  a: Pick<BookingPushDoc, 'statusReason'>,
  b: Pick<BookingWireDoc, 'statusReason'>,
): boolean {
  return (a.statusReason ?? null) === (b.statusReason ?? null)
}

/**
 * Whether the device's copy holds what the server holds in the fields a booking is made with (its
 * slot, time, provider, service, customer and notes). The server never takes them from a pushed
 * document: it fills them from the slot and the session when it creates the booking, and a later
 * change to them on the device is no intent it carries out (a move changes the slot, and is judged as
 * one). A copy that differs (notes edited after booking, a forged customer or provider) is answered
 * with the server's document, or the device would keep showing its own for good. The server's own
 * fields (revision, timestamps, reference, the customer's name) come with the next pull, as after any
 * accepted write.
 */
function sameMadeWith(next: BookingPushDoc, server: Booking | BookingWireDoc): boolean {
  return (
    next.slotId === server.slotId &&
    next.providerId === server.providerId &&
    next.serviceId === server.serviceId &&
    next.customerId === server.customerId &&
    next.notes === server.notes &&
    // One instant may be written with another offset (or without milliseconds) on the device.
    Date.parse(next.startTime) === Date.parse(server.startTime)
  )
}

/**
 * Where an answer's revision comes from: 'written here' when this transaction wrote the row (its id is
 * the row's change_xid: asked once per transaction), 'as stored' when it may not have (a replay
 * another request created: the row's own change_xid, else the device would hold a revision the row
 * never had, ahead of the server's, and stay stale until the booking changes again).
 */
type RevisionSource = 'written here' | 'as stored'

/**
 * After an accepted write: null when the server ended where the device is (its status, reason and the
 * fields the booking was made with), else the server's document.
 */
async function answerAfterWrite(
  tx: Queryable,
  booking: Booking,
  deleted: boolean,
  next: BookingPushDoc,
  revision: RevisionSource = 'written here',
): Promise<BookingWireDoc | null> {
  const stored = { ...booking, _deleted: deleted }
  if (sameLifecycle(stored, next) && sameReason(next, stored) && sameMadeWith(next, stored)) return null
  const rev = revision === 'written here' ? await currentRevision(tx) : await storedRevision(tx, booking.id)
  return { ...stored, rev }
}

/** The revision the booking's row carries now (its change_xid). */
async function storedRevision(tx: Queryable, bookingId: string): Promise<string> {
  const { rows } = await tx.query<{ rev: string }>(
    'SELECT change_xid::text AS rev FROM bookings WHERE id = $1',
    [bookingId],
  )
  const rev = rows[0]?.rev
  if (rev === undefined) throw new Error(`booking ${bookingId} has no row to answer with`)
  return rev
}

/**
 * A booking that cannot even be stored as REJECTED (its slot does not exist, the caller may not book,
 * the id belongs to someone else): the device still lands on REJECTED with the reason.
 */
function unstorableRefusal(next: BookingPushDoc, code: ErrorCode): BookingWireDoc {
  const reason =
    code === ErrorCode.SLOT_NOT_FOUND ? RejectionReason.SLOT_NOT_FOUND : RejectionReason.FORBIDDEN
  const { localPending: _localPending, ...booking } = next
  // No row, so no name to read.
  return {
    ...booking,
    customerName: '',
    reference: '',
    status: 'REJECTED',
    rejectionReason: reason,
    declined: false,
    rev: null,
  }
}

export const bookingsCollection: ReplicatedCollection<BookingDocRow, BookingPushRow, BookingAnswer> = {
  name: 'bookings',
  source: bookingSource,
  pushRow: BookingPushRow,
  freeText: ['notes', 'statusReason'],
  applyPush: applyBookingPush,
  lockBatch: lockBookingDocuments,
  applyBatch: applyBookingBatch,
  recordRefusal: recordRefusedBookingPush,
}
