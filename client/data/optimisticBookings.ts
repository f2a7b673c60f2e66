/**
 * The device's own booking writes as the UI sees them before IndexedDB has stored them (issue 13,
 * goal 5): a click renders its seat change from memory at once, and the stored document takes over
 * when RxDB's query delivers it. Views merge the two by booking id, the stored copy winning, so a
 * booking is never counted twice (once from memory, once stored) and a pending entry leaves memory
 * as soon as a view has seen it stored.
 *
 * It also keeps the slots and bookings the views last showed, so that booking a slot on screen
 * checks it against memory instead of reading IndexedDB first (the check only spares the user a
 * doomed request; the server decides).
 */
import { BehaviorSubject, type Observable } from 'rxjs'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import type { ClientDatabase } from './database.js'
import { onePerDatabase } from './onePerDatabase.js'

export interface OptimisticBookings {
  /** Emits whenever a booking is added to or dropped from memory (not when it is stored). */
  changed$: Observable<void>
  add(doc: BookingDoc): void
  /** The write failed: the booking never existed. */
  drop(id: string): void
  /** `stored` plus the bookings still only in memory; drops from memory what `stored` now holds. */
  merge(stored: readonly BookingDoc[]): BookingDoc[]
  /** What the views last showed (filled by them). */
  shownSlots: Map<string, SlotDoc>
  shownBookings: readonly BookingDoc[]
  showBookings(bookings: readonly BookingDoc[]): void
  /** Views currently merging (when none, a stored write leaves memory at once). */
  viewers: number
}

export const optimisticBookings: (db: ClientDatabase) => OptimisticBookings = onePerDatabase(() =>
  createOptimisticBookings(),
)

export function createOptimisticBookings(): OptimisticBookings {
  const pending = new Map<string, BookingDoc>()
  const changed$ = new BehaviorSubject<void>(undefined)
  return {
    changed$: changed$.asObservable(),
    add(doc) {
      pending.set(doc.id, doc)
      changed$.next()
    },
    drop(id) {
      if (pending.delete(id)) changed$.next()
    },
    merge(stored) {
      if (pending.size === 0) return [...stored]
      for (const doc of stored) pending.delete(doc.id)
      return [...stored, ...pending.values()]
    },
    shownSlots: new Map(),
    shownBookings: [],
    showBookings(bookings) {
      this.shownBookings = bookings
    },
    viewers: 0,
  }
}
