/**
 * Waitlist entries as replicated documents: a customer's own entries, or the queues of a provider's
 * slots. A pushed new entry is a join made on the device (possibly offline), carried out by the
 * same domain command as the REST API, except that a seat found free is booked directly (the entry
 * comes back BOOKED with its booking) and a refusal is stored as a REJECTED entry with its reason.
 * A pushed LEFT status (or a deletion) withdraws the entry. The id is the idempotency key.
 */
import { ErrorCode } from '../../shared/errors.js'
import {
  type WaitlistPushDoc,
  WaitlistPushRow,
  WaitlistRefusalCode,
  type WaitlistWireDoc,
} from '../../shared/waitlist.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from '../domain/actor.js'
import { joinWaitlist, leaveWaitlist } from '../domain/waitlist.js'
import { WAITLIST_COLUMNS, type WaitlistRow, waitlistEntryFromRow } from '../domain/waitlistRows.js'
import type { ChangeSource } from './pullChanges.js'
import type { ReplicatedCollection } from './replicatedCollection.js'

type WaitlistDocRow = WaitlistRow & { rev: string }

const waitlistSource: ChangeSource<WaitlistDocRow> = {
  alias: 'w',
  select: `${WAITLIST_COLUMNS}, w.change_xid::text AS rev`,
  from: 'waitlist w',
  scope: { customer: 'w.customer_id = $1', provider: 'w.provider_id = $1' },
  toDocument: waitlistDocument,
}

function waitlistDocument(row: WaitlistDocRow): WaitlistWireDoc {
  const { deleted, ...entry } = waitlistEntryFromRow(row)
  return { ...entry, rev: row.rev, _deleted: deleted }
}

async function readWaitlistDocument(
  tx: Queryable,
  actor: Actor,
  id: string,
): Promise<WaitlistWireDoc | null> {
  const { rows } = await tx.query<WaitlistDocRow>(
    `SELECT ${waitlistSource.select} FROM waitlist w WHERE w.id = $2 AND (${waitlistSource.scope[actor.role]})`,
    [actor.userId, id],
  )
  return rows[0] ? waitlistDocument(rows[0]) : null
}

async function applyWaitlistPush(
  tx: Queryable,
  actor: Actor,
  row: WaitlistPushRow,
): Promise<WaitlistWireDoc> {
  const next = row.newDocumentState
  const current = await readWaitlistDocument(tx, actor, next.id)
  if (!current) return joinFromPush(tx, actor, next)
  const withdraws = next._deleted || next.status === 'LEFT'
  // Leaving is allowed whatever the device last saw: it only ever ends a wait.
  if (withdraws && current.status === 'WAITING' && actor.role === 'customer') {
    await leaveWaitlist(tx, actor, next.id)
    return (await readWaitlistDocument(tx, actor, next.id)) ?? current
  }
  return current
}

async function joinFromPush(tx: Queryable, actor: Actor, next: WaitlistPushDoc): Promise<WaitlistWireDoc> {
  // Nothing to create: a withdrawal or a refusal the server already answered.
  if (next._deleted || next.status !== 'WAITING') return unstoredRefusal(next, ErrorCode.FORBIDDEN)
  const outcome = await joinWaitlist(
    tx,
    actor,
    { id: next.id, slotId: next.slotId, customerId: next.customerId },
    { bookIfFree: true, recordRefusal: true },
  )
  if (!outcome.ok) {
    const reason = WaitlistRefusalCode.safeParse(outcome.refusal.code)
    return unstoredRefusal(next, reason.success ? reason.data : ErrorCode.FORBIDDEN)
  }
  return (await readWaitlistDocument(tx, actor, next.id)) ?? unstoredRefusal(next, ErrorCode.FORBIDDEN)
}

/**
 * A join that cannot even be stored as REJECTED (no such slot, someone else's id, not a customer):
 * the device still lands on REJECTED with the reason.
 */
function unstoredRefusal(next: WaitlistPushDoc, reason: WaitlistRefusalCode): WaitlistWireDoc {
  const { localPending: _localPending, ...entry } = next
  return {
    ...entry,
    customerName: '',
    joinedAt: next.updatedAt,
    position: null,
    status: 'REJECTED',
    rejectionReason: reason,
    bookingId: null,
    rev: null,
  }
}

export const waitlistCollection: ReplicatedCollection<WaitlistDocRow, WaitlistPushRow> = {
  name: 'waitlist',
  source: waitlistSource,
  pushRow: WaitlistPushRow,
  applyPush: applyWaitlistPush,
}
