/**
 * The server's answer to a change this device made to one of its documents: the document once it is
 * no longer waiting to be sent (`localPending` cleared by the push's answer or the pull it triggers),
 * as the server has it. A toast that must not claim a result before the server gave it (a released
 * seat, a moved booking, a waitlist place) waits on these.
 */
import { useMemo } from 'react'
import { type Observable, filter, firstValueFrom, map } from 'rxjs'
import type { BookingDoc } from '../../shared/replication.js'
import { type WaitlistDoc, gotSeat } from '../../shared/waitlist.js'
import type { BookingView } from './api.js'
import { useDataContext } from './dataContext.js'
import type { ClientDatabase } from './database.js'
import { bookingView } from './slotViews.js'
import { type WaitlistEntryView, entryView } from './waitlistHooks.js'

export interface ServerAnswers {
  /**
   * Resolves once the server has answered the device's change to the booking, with the booking as it
   * answered; undefined if the booking left the device first (signed out, the database closed).
   */
  booking(bookingId: string): Promise<BookingView | undefined>
  /**
   * The server's answer to the device's move of the booking to `slotId`: the booking as answered and,
   * when it was not moved there, the reason of the BOOKING_NOT_MOVED notification the server wrote for
   * it (the first one this device did not have when asked). Ask at once after the move: what came
   * before is not taken for its answer.
   */
  move(bookingId: string, slotId: string): Promise<MoveAnswer | undefined>
  /** The same for a waitlist entry (a join or a leave). */
  waitlistEntry(entryId: string): Promise<WaitlistEntryView | undefined>
  /**
   * Resolves once the server has taken the entry off the queue (promoted to a seat, left, expired):
   * true when it gave the customer a seat (promoted, or booked on arrival); false if it left the
   * device first.
   */
  waitlistPromoted(entryId: string): Promise<boolean>
}

/** The first state of a document that no longer waits for the server, mapped to its view. */
function answered<D extends { localPending?: boolean | undefined }, V>(
  doc$: Observable<{ toJSON(): unknown } | null>,
  view: (doc: D) => V,
): Promise<V | undefined> {
  return firstValueFrom(
    doc$.pipe(
      map((doc) => (doc ? (doc.toJSON() as D) : null)),
      filter((doc): doc is D => doc !== null && !doc.localPending),
      map(view),
    ),
    { defaultValue: undefined },
  )
}

export type MoveAnswer =
  | { moved: true; booking: BookingView }
  | { moved: false; booking: BookingView; reason: string }

async function moveAnswer(
  db: ClientDatabase,
  bookingId: string,
  slotId: string,
): Promise<MoveAnswer | undefined> {
  const query = () => db.notifications.find({ selector: { kind: 'BOOKING_NOT_MOVED', bookingId } })
  const known = query()
    .exec()
    .then((docs) => new Set(docs.map((doc) => doc.primary)))
  const booking = await answered<BookingDoc, BookingView>(db.bookings.findOne(bookingId).$, bookingView)
  if (!booking) return undefined
  if (booking.slotId === slotId) return { moved: true, booking }
  const before = await known
  const reason = await firstValueFrom(
    query().$.pipe(
      map((docs) => docs.find((doc) => !before.has(doc.primary))),
      filter((doc) => doc !== undefined),
      map((doc) => doc.reason ?? ''),
    ),
    { defaultValue: undefined },
  )
  return reason === undefined ? undefined : { moved: false, booking, reason }
}

function promoted(db: ClientDatabase, entryId: string): Promise<boolean> {
  return firstValueFrom(
    db.waitlist.findOne(entryId).$.pipe(
      map((doc) => (doc ? (doc.toJSON() as WaitlistDoc) : null)),
      // Ends with the entry's place in the queue, so nothing waits on an entry that is done.
      filter((doc) => doc === null || (!doc.localPending && doc.status !== 'WAITING')),
      map((doc) => doc !== null && gotSeat(doc.status)),
    ),
    { defaultValue: false },
  )
}

export function useServerAnswers(): ServerAnswers {
  const { db } = useDataContext()
  return useMemo(
    () => ({
      booking: (bookingId) =>
        db ? answered<BookingDoc, BookingView>(db.bookings.findOne(bookingId).$, bookingView) : none(),
      move: (bookingId, slotId) => (db ? moveAnswer(db, bookingId, slotId) : none()),
      waitlistEntry: (entryId) =>
        db ? answered<WaitlistDoc, WaitlistEntryView>(db.waitlist.findOne(entryId).$, entryView) : none(),
      waitlistPromoted: (entryId) => (db ? promoted(db, entryId) : Promise.resolve(false)),
    }),
    [db],
  )
}

function none(): Promise<undefined> {
  return Promise.resolve(undefined)
}
