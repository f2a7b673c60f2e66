/**
 * Bookings as replicated documents: a customer's own, or the bookings on a provider's slots.
 * A pushed booking is an intent carried out by the same domain transactions as the REST API:
 *  - new (unknown id): createBooking with recordRefusal, so a refused booking is stored REJECTED with
 *    its reason and comes back as the conflict; a booking created and cancelled offline then gets
 *    its status change in the same transaction;
 *  - a status change: the lifecycle transition; `_deleted`: the tombstone.
 * The client-generated id is the idempotency key: a replayed push finds the booking and changes
 * nothing. A push against a stale `rev` is a conflict answered with the server's state.
 */
import { DomainError, ErrorCode, RejectionReason } from '../../shared/errors.js'
import {
  type BookingDoc,
  type BookingPushDoc,
  BookingPushRow,
  type BookingWireDoc,
} from '../../shared/replication.js'
import type { BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { BOOKING_COLUMNS, type BookingRow, bookingFromRow } from '../domain/bookingRows.js'
import { type SettableStatus, changeBookingStatus, createBooking, deleteBooking } from '../domain/bookings.js'
import type { ChangeSource } from './pullChanges.js'
import type { ReplicatedCollection } from './replicatedCollection.js'

type BookingDocRow = BookingRow & { rev: string }

const bookingSource: ChangeSource<BookingDocRow> = {
  alias: 'b',
  select: `${BOOKING_COLUMNS}, b.change_xid::text AS rev`,
  from: 'bookings b',
  scope: { customer: 'b.customer_id = $1', provider: 'b.provider_id = $1' },
  toDocument: bookingDocument,
}

function bookingDocument(row: BookingDocRow): BookingWireDoc {
  const { deleted, ...booking } = bookingFromRow(row)
  return { ...booking, rev: row.rev, _deleted: deleted }
}

async function readBookingDocument(tx: Queryable, actor: Actor, id: string): Promise<BookingWireDoc | null> {
  const { rows } = await tx.query<BookingDocRow>(
    `SELECT ${bookingSource.select} FROM bookings b WHERE b.id = $2 AND (${bookingSource.scope[actor.role]})
     FOR UPDATE OF b`,
    [actor.userId, id],
  )
  return rows[0] ? bookingDocument(rows[0]) : null
}

const SETTABLE: readonly BookingStatus[] = ['CONFIRMED', 'CANCELLED', 'COMPLETED']
const isSettable = (status: BookingStatus): status is SettableStatus => SETTABLE.includes(status)

async function applyBookingPush(tx: Queryable, actor: Actor, row: BookingPushRow): Promise<BookingWireDoc> {
  const next = row.newDocumentState
  const current = await readBookingDocument(tx, actor, next.id)
  if (!current) return createFromPush(tx, actor, next)
  // No assumed state: a replayed creation (its response was lost); its intent is applied once.
  if (row.assumedMasterState && row.assumedMasterState.rev !== current.rev) return current
  await applyIntent(tx, actor, current, next)
  return (await readBookingDocument(tx, actor, next.id)) ?? current
}

async function createFromPush(tx: Queryable, actor: Actor, next: BookingPushDoc): Promise<BookingWireDoc> {
  // Nothing to create: a deletion or a refusal the server already answered.
  if (next._deleted || next.status === 'REJECTED') return unstoredDocument(next)
  let created: BookingDoc
  try {
    created = { ...(await createBooking(tx, actor, next, { recordRefusal: true })), rev: null }
  } catch (error) {
    if (error instanceof DomainError) return unstorableRefusal(next, error)
    throw error
  }
  await applyIntent(tx, actor, { ...created, _deleted: false }, next)
  return (await readBookingDocument(tx, actor, next.id)) ?? unstorableRefusal(next, null)
}

/**
 * A booking that cannot even be stored as REJECTED (its slot does not exist, the caller may not book,
 * the id belongs to someone else): the device still lands on REJECTED with the reason.
 */
function unstorableRefusal(next: BookingPushDoc, error: DomainError | null): BookingWireDoc {
  const reason =
    error?.code === ErrorCode.SLOT_NOT_FOUND ? RejectionReason.SLOT_NOT_FOUND : RejectionReason.FORBIDDEN
  const { localPending: _localPending, ...booking } = unstoredDocument(next)
  return { ...booking, status: 'REJECTED', rejectionReason: reason, rev: null }
}

/** The device's own document echoed back when the server stores nothing: no row, so no name to read. */
function unstoredDocument(next: BookingPushDoc): BookingWireDoc {
  return { ...next, customerName: '' }
}

/** Carries out the status change or deletion the device asked for; a refusal leaves the server's state. */
async function applyIntent(
  tx: Queryable,
  actor: Actor,
  current: BookingWireDoc,
  next: BookingPushDoc,
): Promise<void> {
  try {
    if (next._deleted && !current._deleted) await deleteBooking(tx, actor, next.id)
    else if (!current._deleted && next.status !== current.status && isSettable(next.status)) {
      await changeBookingStatus(tx, actor, next.id, next.status, next.statusReason ?? null)
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
  }
}

export const bookingsCollection: ReplicatedCollection<BookingDocRow, BookingPushRow> = {
  name: 'bookings',
  source: bookingSource,
  pushRow: BookingPushRow,
  applyPush: applyBookingPush,
  read: readBookingDocument,
}
