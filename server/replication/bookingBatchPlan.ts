/**
 * Which new bookings of a push batch may be booked together in one statement (server/domain/bookSeats.ts)
 * before the rest of the batch is applied row by row, without any row's outcome differing from a
 * row-by-row run in batch order.
 *
 * Rows only interact through their slots (its seats, its waitlist). So, per slot, the rows that touch
 * it are taken in batch order and the leading run of plain new bookings (an unknown id, an active
 * status, not deleted) is booked together; from the first other row on that slot on (a change to an
 * existing booking, whose old and new slots both count, a booking created then cancelled offline, a
 * refusal the device already holds), every row of the slot is left to the row-by-row pass. The
 * one-statement booking gives a slot's free seats to its rows in batch order and books nothing else,
 * so the rows left over meet the slot exactly as a row-by-row run would have left it.
 */
import { isActive } from '../../shared/availability.js'
import type { BookingPushRow } from '../../shared/replication.js'
import type { LockedDocuments } from './replicatedCollection.js'

/** The rows (their documents) to book in one statement, in batch order. */
export function bookableTogether(
  rows: readonly BookingPushRow[],
  locked: LockedDocuments,
): BookingPushRow['newDocumentState'][] {
  const closed = new Set<string>()
  const together: BookingPushRow['newDocumentState'][] = []
  for (const { newDocumentState: next } of rows) {
    const current = locked.get(next.id) as { slotId?: string } | undefined
    const plainNew = !current && !next._deleted && isActive(next.status)
    if (plainNew && !closed.has(next.slotId)) together.push(next)
    else {
      closed.add(next.slotId)
      if (current?.slotId) closed.add(current.slotId)
    }
  }
  return together
}
