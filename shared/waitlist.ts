/**
 * The waitlist of a full slot, shared by server and client: entry shapes, the replicated document,
 * and the pure rules of the queue (what a join resolves to, a waiter's position).
 */
import { z } from 'zod'
import { ErrorCode } from './errors.js'
import { Revision } from './replication.js'
import { Id, IsoInstant, NewId } from './schemas.js'

/**
 * WAITING: in the queue. PROMOTED: a freed seat was booked for the waiter. BOOKED: the join found a
 * free seat (offline join that synced late) or the waiter already held one. LEFT: withdrawn by the
 * customer. EXPIRED: the slot started while waiting. REJECTED: refused, with its reason.
 */
export const WaitlistStatus = z.enum(['WAITING', 'PROMOTED', 'BOOKED', 'LEFT', 'EXPIRED', 'REJECTED'])
export type WaitlistStatus = z.infer<typeof WaitlistStatus>

/** Why a join is refused; stored on a REJECTED entry. */
export const WaitlistRefusalCode = z.enum([
  ErrorCode.SLOT_NOT_FOUND,
  ErrorCode.SLOT_UNAVAILABLE,
  ErrorCode.SLOT_IN_PAST,
  ErrorCode.SLOT_NOT_FULL,
  ErrorCode.ALREADY_WAITING,
  ErrorCode.ALREADY_BOOKED,
  ErrorCode.FORBIDDEN,
])
export type WaitlistRefusalCode = z.infer<typeof WaitlistRefusalCode>

export const WaitlistEntry = z.object({
  id: Id,
  slotId: Id,
  providerId: Id,
  customerId: Id,
  customerName: z.string().meta({ readOnly: true }),
  startTime: IsoInstant,
  status: WaitlistStatus,
  rejectionReason: WaitlistRefusalCode.nullable(),
  bookingId: Id.nullable(),
  /** The server's join time: the queue order. A device's own value is ignored. */
  joinedAt: IsoInstant,
  /** 1-based place in the queue while WAITING; null otherwise. Computed by the server. */
  position: z.number().int().min(1).nullable(),
  updatedAt: IsoInstant,
})
export type WaitlistEntry = z.infer<typeof WaitlistEntry>

export const JoinWaitlistBody = z.object({
  /** Client-generated id: the idempotency key. */
  id: NewId.optional(),
  /** Optional; when given it must be the caller (joining for someone else is refused). */
  customerId: Id.optional(),
})
export type JoinWaitlistBody = z.infer<typeof JoinWaitlistBody>

export const JoinWaitlistResult = z.object({
  entry: WaitlistEntry,
})

export const ListWaitlistQuery = z.object({
  slotId: Id.optional(),
  status: WaitlistStatus.optional(),
})

export const WaitlistDoc = WaitlistEntry.extend({
  rev: Revision.nullable(),
  localPending: z.boolean().optional(),
})
export type WaitlistDoc = z.infer<typeof WaitlistDoc>
export const WaitlistWireDoc = WaitlistDoc.extend({ _deleted: z.boolean() })
export type WaitlistWireDoc = z.infer<typeof WaitlistWireDoc>

/** What a device pushes: the server fills the name, the join time and the position. */
export const WaitlistPushDoc = WaitlistWireDoc.omit({ customerName: true, joinedAt: true, position: true })
export type WaitlistPushDoc = z.infer<typeof WaitlistPushDoc>
export const WaitlistPushRow = z.object({
  assumedMasterState: WaitlistPushDoc.nullable().optional(),
  /** A device may create the document: its id is a NewId. */
  newDocumentState: WaitlistPushDoc.extend({ id: NewId }),
})
export type WaitlistPushRow = z.infer<typeof WaitlistPushRow>

/** Entries still in the queue; every other status is final. */
export function isWaiting(status: WaitlistStatus): boolean {
  return status === 'WAITING'
}

/** Entries that ended with the customer holding a seat. */
export function gotSeat(status: WaitlistStatus): boolean {
  return status === 'PROMOTED' || status === 'BOOKED'
}
