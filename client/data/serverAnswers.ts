/**
 * The server's answer to a change this device made to one of its documents: the document once it is
 * no longer waiting to be sent (`localPending` cleared by the push's answer or the pull it triggers),
 * as the server has it. A toast that must not claim a result before the server gave it (a released
 * seat, a moved booking, a waitlist place) waits on these.
 */
import { useMemo } from 'react'
import { type Observable, filter, firstValueFrom, map } from 'rxjs'
import type { BookingDoc } from '../../shared/replication.js'
import type { WaitlistDoc } from '../../shared/waitlist.js'
import type { BookingView } from './api.js'
import { useDataContext } from './dataContext.js'
import { bookingView } from './slotViews.js'
import { type WaitlistEntryView, entryView } from './waitlistHooks.js'

export interface ServerAnswers {
  /**
   * Resolves once the server has answered the device's change to the booking, with the booking as it
   * answered; undefined if the booking left the device first (signed out, the database closed).
   */
  booking(bookingId: string): Promise<BookingView | undefined>
  /** The same for a waitlist entry (a join or a leave). */
  waitlistEntry(entryId: string): Promise<WaitlistEntryView | undefined>
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

export function useServerAnswers(): ServerAnswers {
  const { db } = useDataContext()
  return useMemo(
    () => ({
      booking: (bookingId) =>
        db ? answered<BookingDoc, BookingView>(db.bookings.findOne(bookingId).$, bookingView) : none(),
      waitlistEntry: (entryId) =>
        db ? answered<WaitlistDoc, WaitlistEntryView>(db.waitlist.findOne(entryId).$, entryView) : none(),
    }),
    [db],
  )
}

function none(): Promise<undefined> {
  return Promise.resolve(undefined)
}
