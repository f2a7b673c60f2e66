/**
 * The React hooks the UI reads data through. Each subscribes to RxDB queries (so local writes,
 * replicated changes and other tabs' writes all re-render) and maps documents to the view types
 * of api.ts. They need <DataProvider> above them.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  EMPTY,
  Observable,
  combineLatest,
  filter as keep,
  interval,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs'
import type { MangoQuerySelector } from 'rxdb'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'
import type {
  BookingActions,
  BookingView,
  Loadable,
  ProviderActions,
  ProviderChange,
  RejectionNotice,
  SlotFilter,
  SlotView,
  SyncStatus,
  SeriesActions,
} from './api.js'
import { bookingActions, sendAheadWith } from './bookingActions.js'
import { useDataContext } from './dataContext.js'
import { optimisticBookings } from './optimisticBookings.js'
import { providerActions } from './providerActions.js'
import { providerChangeLog } from './providerChanges.js'
import type { SettledBooking } from './rejections.js'
import { seriesActions } from './seriesActions.js'
import { type QueuedSeries, seriesOutbox } from './seriesOutbox.js'
import { beyondHorizon, firstWindowSlots, matches, withWindow } from './slotWindow.js'
import { bookingView, slotViews } from './slotViews.js'

/** How often time-dependent states (a slot becoming past) are re-evaluated. */
const CLOCK_TICK_MS = 30_000

/**
 * The latest value of `source`. `view` names what the source shows (e.g. a week's range): when only
 * the source changes for the same view (the database opened, replication started), the rows shown
 * stay until the new source answers instead of going back to "loading", which unmounted and
 * re-laid out the whole week at every start.
 */
function useObservable<T>(source: Observable<T> | null, initial: T, view?: string): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ data: initial, loading: true, error: null })
  const shownView = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (!source) return
    if (view === undefined || view !== shownView.current) setState((s) => ({ ...s, loading: true }))
    const subscription = source.subscribe({
      next: (data) => {
        shownView.current = view
        setState({ data, loading: false, error: null })
      },
      error: (e: unknown) =>
        setState((s) => ({ ...s, loading: false, error: String((e as Error).message ?? e) })),
    })
    return () => subscription.unsubscribe()
  }, [source, view])
  return state
}

/**
 * RxDB hands out one immutable RxDocument per document revision, so its plain copy can be kept:
 * a change to one booking then copies one document, not every slot and booking of the query again.
 */
const plainCopies = new WeakMap<object, unknown>()
function docs<T>(list: readonly { toJSON(): unknown }[]): T[] {
  return list.map((doc) => {
    let plain = plainCopies.get(doc)
    if (plain === undefined) {
      plain = doc.toJSON()
      plainCopies.set(doc, plain)
    }
    return plain as T
  })
}

/**
 * Slots in [from, to) (optionally one provider's or one service's), with their optimistic counters.
 * Until the device's first pull has stored its copy, the window's slots fetched at once fill in what
 * is not stored yet (slotWindow.ts); the device's own bookings show from memory before IndexedDB has
 * stored them (optimisticBookings.ts), and so do the slots the live stream carried (arrivedSlots.ts).
 */
export function useSlots(filter: SlotFilter): Loadable<SlotView[]> {
  const { db, api, replication$, error } = useDataContext()
  const { from, to, providerId, serviceId } = filter
  const source = useMemo(() => {
    const window$ = firstWindowSlots(api, replication$, { from, to, providerId, serviceId })
    const clock$ = interval(CLOCK_TICK_MS).pipe(startWith(0))
    if (!db) {
      // The database is still opening: the fetched window is all there is to show.
      return combineLatest([window$, clock$]).pipe(
        keep(([window]) => window !== null),
        map(([window]) => slotViews(window ?? [], [], new Date())),
      )
    }
    const memory = optimisticBookings(db)
    const selector: MangoQuerySelector<SlotDoc> = { startTime: { $gte: from, $lt: to } }
    if (providerId) selector.providerId = providerId
    if (serviceId) selector.serviceId = serviceId
    const slots$ = db.slots.find({ selector, sort: [{ startTime: 'asc' }] }).$
    const bookings$ = db.bookings.find().$
    const arrived$ = replication$.pipe(
      switchMap((replication) =>
        replication ? replication.arrivedSlots.changed$.pipe(map(() => replication.arrivedSlots)) : of(null),
      ),
    )
    const inView = (doc: SlotDoc) =>
      doc.startTime >= from && doc.startTime < to && matches(doc, { from, to, providerId, serviceId })
    return new Observable<SlotView[]>((subscriber) => {
      memory.viewers++
      const subscription = combineLatest([slots$, bookings$, window$, arrived$, memory.changed$, clock$])
        .pipe(
          map(([slots, bookings, window, arrived]) => {
            const stored = docs<SlotDoc>(slots)
            const shownSlots = withWindow(arrived ? arrived.overlay(stored, inView) : stored, window)
            const shownBookings = memory.merge(docs<BookingDoc>(bookings))
            for (const slot of shownSlots) memory.shownSlots.set(slot.id, slot)
            memory.showBookings(shownBookings)
            return slotViews(shownSlots, shownBookings, new Date())
          }),
        )
        .subscribe(subscriber)
      return () => {
        memory.viewers--
        subscription.unsubscribe()
      }
    })
  }, [db, api, replication$, from, to, providerId, serviceId])
  const result = useObservable(source, [], `${from}|${to}|${providerId ?? ''}|${serviceId ?? ''}`)
  return error ? { ...result, loading: false, error } : result
}

function useBookings(): Loadable<BookingView[]> {
  const { db, error } = useDataContext()
  const source = useMemo(
    () =>
      db
        ? db.bookings
            .find({ sort: [{ startTime: 'asc' }] })
            .$.pipe(map((list) => docs<BookingDoc>(list).map(bookingView)))
        : null,
    [db],
  )
  const result = useObservable(source, [])
  return error ? { ...result, loading: false, error } : result
}

/** The signed-in customer's bookings (the server replicates only their own). */
export const useMyBookings = useBookings
/** The bookings on the signed-in provider's slots (the server replicates only those). */
export const useProviderBookings = useBookings

const STARTING: SyncStatus = {
  online: false,
  offline: false,
  connecting: true,
  syncing: true,
  pendingChanges: 0,
  lastSyncedAt: null,
  error: null,
  retryAt: null,
}

export function useSyncStatus(): SyncStatus {
  const { replication$, error } = useDataContext()
  const source = useMemo(
    () => replication$.pipe(switchMap((replication) => replication?.status$ ?? EMPTY)),
    [replication$],
  )
  const { data } = useObservable(source, STARTING)
  return error ? { ...data, connecting: false, syncing: false, error } : data
}

/**
 * Whether the week [from, to) reaches past the slots this device stores (its horizon): such a week is
 * read from the server, so offline it is not available (the slots of the device's own bookings still
 * show).
 */
export function useBeyondStoredCopy(to: string): boolean {
  const { replication$ } = useDataContext()
  const source = useMemo(
    () => replication$.pipe(switchMap((replication) => replication?.slotHorizon$ ?? EMPTY)),
    [replication$],
  )
  const { data } = useObservable(source, undefined)
  return beyondHorizon({ to }, data)
}

function notReady(): Promise<never> {
  return Promise.reject(new Error('The local database is still opening.'))
}

export function useBookingActions(): BookingActions {
  const { db, session, api } = useDataContext()
  return useMemo(
    () =>
      db
        ? bookingActions(db, session, { sendAhead: sendAheadWith(api) })
        : { book: notReady, setStatus: notReady, reschedule: notReady },
    [db, session, api],
  )
}

export function useSeriesActions(): SeriesActions {
  const { db, api, replication$ } = useDataContext()
  return useMemo(() => seriesActions(db, api, () => replication$.value?.reSync()), [db, api, replication$])
}

/** The series booked on this device: waiting to be sent, or answered (until dismissed). */
export function useQueuedSeries(): QueuedSeries[] {
  const { db } = useDataContext()
  const source = useMemo(() => (db ? seriesOutbox(db).series$ : null), [db])
  return useObservable(source, [] as QueuedSeries[]).data
}

export function useProviderActions(): ProviderActions {
  const { db, api, replication$, session } = useDataContext()
  return useMemo(
    () =>
      db
        ? providerActions(db, api, () => replication$.value?.reSync(), session.user)
        : {
            createSlot: notReady,
            createRecurringSlots: notReady,
            setCapacity: notReady,
            bulkBookings: notReady,
            cancelDateRange: notReady,
            bulkSlots: notReady,
            setBlocked: notReady,
            deleteSlot: notReady,
            applyAgain: notReady,
            dismissChange: notReady,
          },
    [db, api, replication$, session],
  )
}

/** The provider's queued and refused changes on this device (refused ones until dismissed). */
export function useProviderChanges(): ProviderChange[] {
  const { db } = useDataContext()
  const source = useMemo(() => (db ? providerChangeLog(db).changes$ : null), [db])
  return useObservable(source, [] as ProviderChange[]).data
}

/** Calls `onSettled` whenever the server answers one of this device's booking changes (keep it stable). */
export function useBookingSettled(onSettled: (settled: SettledBooking) => void): void {
  const { rejections } = useDataContext()
  useEffect(() => {
    if (!rejections) return
    const subscription = rejections.settled$.subscribe(onSettled)
    return () => subscription.unsubscribe()
  }, [rejections, onSettled])
}

export interface Rejections {
  notices: RejectionNotice[]
  dismiss(bookingId: string): void
}

/** Bookings of this device the server refused, each until dismissed. */
export function useRejections(): Rejections {
  const { rejections } = useDataContext()
  const { data } = useObservable(rejections?.notices$ ?? null, [])
  return useMemo(
    () => ({ notices: data, dismiss: (id: string) => rejections?.dismiss(id) }),
    [data, rejections],
  )
}
