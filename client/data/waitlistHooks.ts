/**
 * Hooks for the waitlist and the notification feed (the same pattern as hooks.ts: RxDB queries as
 * observables, so replicated changes re-render without a reload).
 */
import { useEffect, useMemo, useState } from 'react'
import { combineLatest, map } from 'rxjs'
import { isActive } from '../../shared/availability.js'
import type { NotificationDoc } from '../../shared/notifications.js'
import type { BookingDoc } from '../../shared/replication.js'
import type { WaitlistDoc } from '../../shared/waitlist.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'
import { type NotificationActions, notificationActions } from './notificationActions.js'
import { type WaitlistActions, waitlistActions } from './waitlistActions.js'

export type WaitlistEntryView = Omit<WaitlistDoc, 'rev' | 'localPending'> & { pending: boolean }
export type NotificationView = Omit<NotificationDoc, 'rev' | 'localPending'>

function useQuery<T>(
  make: () => import('rxjs').Observable<T> | null,
  deps: unknown[],
  initial: T,
): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ data: initial, loading: true, error: null })
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `make` depends on
  const source = useMemo(make, deps)
  useEffect(() => {
    if (!source) return
    const subscription = source.subscribe({
      next: (data) => setState({ data, loading: false, error: null }),
      error: (e: unknown) => setState((s) => ({ ...s, loading: false, error: String(e) })),
    })
    return () => subscription.unsubscribe()
  }, [source])
  return state
}

/** A stored waitlist entry as the views show it (`pending`: not yet answered by the server). */
export function entryView(doc: WaitlistDoc): WaitlistEntryView {
  const { rev: _rev, localPending, ...entry } = doc
  return { ...entry, pending: localPending === true }
}

/**
 * The entries as the device knows them: an entry still WAITING whose customer holds an active booking
 * on its slot is over (the server never keeps someone waiting for a slot they hold a seat in: a
 * promotion books the seat and ends the entry in one transaction). It shows as BOOKED with that
 * booking. The booking and the entry reach the device separately (the booking carried by the live
 * stream, the entry by a pull of its own collection), so the booking may arrive first; without this,
 * My bookings went on offering "Leave waitlist" for a seat already booked until the entry came.
 */
export function settledEntries(
  entries: readonly WaitlistEntryView[],
  bookings: readonly Pick<BookingDoc, 'id' | 'slotId' | 'customerId' | 'status'>[],
): WaitlistEntryView[] {
  const seats = new Map<string, string>()
  for (const booking of bookings) {
    if (isActive(booking.status)) seats.set(`${booking.customerId}|${booking.slotId}`, booking.id)
  }
  return entries.map((entry) => {
    const seat = entry.status === 'WAITING' && seats.get(`${entry.customerId}|${entry.slotId}`)
    return seat ? { ...entry, status: 'BOOKED', position: null, bookingId: seat } : entry
  })
}

/**
 * The waitlist entries this device holds: a customer's own, or (provider) the queues of their
 * slots, in queue order (settledEntries: an entry whose seat is booked no longer waits).
 */
export function useWaitlist(): Loadable<WaitlistEntryView[]> {
  const { db } = useDataContext()
  return useQuery(
    () =>
      db
        ? combineLatest([
            db.waitlist.find({ sort: [{ slotId: 'asc' }, { joinedAt: 'asc' }] }).$,
            db.bookings.find().$,
          ]).pipe(
            map(([entries, bookings]) =>
              settledEntries(
                entries.map((doc) => entryView(doc.toJSON() as WaitlistDoc)),
                bookings,
              ),
            ),
          )
        : null,
    [db],
    [],
  )
}

export interface NotificationFeed {
  notifications: NotificationView[]
  unread: number
}

/** The user's notifications, newest first, with the unread count for the header. */
export function useNotifications(): Loadable<NotificationFeed> {
  const { db } = useDataContext()
  return useQuery(
    () =>
      db
        ? db.notifications.find({ sort: [{ createdAt: 'desc' }] }).$.pipe(
            map((list) => {
              const notifications = list.map((doc) => {
                const { rev: _rev, localPending: _pending, ...n } = doc.toJSON() as NotificationDoc
                return n
              })
              return { notifications, unread: notifications.filter((n) => n.readAt === null).length }
            }),
          )
        : null,
    [db],
    { notifications: [], unread: 0 },
  )
}

function notReady(): Promise<never> {
  return Promise.reject(new Error('The local database is still opening.'))
}

export function useWaitlistActions(): WaitlistActions {
  const { db, session } = useDataContext()
  return useMemo(
    () => (db ? waitlistActions(db, session) : { join: notReady, leave: notReady }),
    [db, session],
  )
}

export function useNotificationActions(): NotificationActions {
  const { db } = useDataContext()
  return useMemo(() => (db ? notificationActions(db) : { markRead: notReady, markAllRead: notReady }), [db])
}
