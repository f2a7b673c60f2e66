/**
 * Joining and leaving a waitlist as local writes (offline-capable), like bookings: the entry is
 * written to the device's RxDB and pushed by replication; the server's answer (WAITING with a
 * position, BOOKED when a seat was free by then, or REJECTED with its reason) replaces it.
 */
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { WaitlistDoc } from '../../shared/waitlist.js'
import type { Session } from './api.js'
import type { ClientDatabase } from './database.js'

export interface WaitlistActions {
  /** Joins the waitlist of a slot (the device believes it full); resolves with the entry id. */
  join(slotId: string): Promise<string>
  leave(entryId: string): Promise<void>
}

export function waitlistActions(
  db: ClientDatabase,
  session: Session,
  clock: () => Date = () => new Date(),
): WaitlistActions {
  return {
    async join(slotId) {
      const slot = await db.slots.findOne(slotId).exec()
      if (!slot) throw new DomainError(ErrorCode.SLOT_NOT_FOUND, errorMessages.SLOT_NOT_FOUND, { slotId })
      const waiting = await db.waitlist.findOne({ selector: { slotId, status: 'WAITING' } }).exec()
      if (waiting) throw new DomainError(ErrorCode.ALREADY_WAITING, errorMessages.ALREADY_WAITING)
      const stamp = clock().toISOString()
      const doc: WaitlistDoc = {
        id: crypto.randomUUID(),
        slotId,
        providerId: slot.providerId,
        customerId: session.user.id,
        customerName: session.user.name,
        startTime: slot.startTime,
        status: 'WAITING',
        rejectionReason: null,
        bookingId: null,
        // The server's join time decides the order; this copy only shows until the push is answered.
        joinedAt: stamp,
        position: null,
        updatedAt: stamp,
        rev: null,
        localPending: true,
      }
      await db.waitlist.insert(doc)
      return doc.id
    },

    async leave(entryId) {
      const doc = await db.waitlist.findOne(entryId).exec()
      if (doc?.status !== 'WAITING') return
      await doc.incrementalPatch({ status: 'LEFT', position: null, localPending: true })
    },
  }
}
