/**
 * The week a device shows first, before its first pull has stored the whole copy (issue 13, goal 2):
 * the slots of the view's window are fetched at once (`GET /api/replication/slots/window`, the same
 * documents the pull delivers) and held in memory, merged under the stored ones, until the slots'
 * first replication has finished; from then on the stored copy alone is shown. Nothing here is
 * written to RxDB: the pull stays the one way documents enter it.
 */
import {
  type Observable,
  catchError,
  defer,
  distinctUntilChanged,
  from,
  map,
  of,
  shareReplay,
  startWith,
  switchMap,
  combineLatest,
} from 'rxjs'
import type { SlotDoc } from '../../shared/replication.js'
import type { SlotFilter } from './api.js'
import type { ClientReplication } from './replication.js'
import type { ServerApi } from './serverApi.js'
import { sameItems } from './sameItems.js'

/**
 * A window fetched once per API client (one per session and organisation: DataProvider.tsx) and
 * filter, shared by every view of it. Keyed by the client, not the token: one session switches
 * between organisations, and a week fetched in one must never show in another.
 */
const fetchedBy = new WeakMap<ServerApi, Map<string, Observable<SlotDoc[] | null>>>()
const FETCHED_MAX = 20

function fetchWindow(api: ServerApi, filter: SlotFilter): Observable<SlotDoc[] | null> {
  // An empty range (a customer with no bookings asks for the slots of none) holds no slot: nothing to
  // ask the server, which refuses `to` <= `from`.
  if (!(Date.parse(filter.to) > Date.parse(filter.from))) return of([])
  // The provider and service go to the server: the window holds at most SLOT_WINDOW_MAX slots, and a
  // year of one provider's sessions must not be cut short by everyone else's.
  const query = new URLSearchParams({ from: filter.from, to: filter.to })
  if (filter.providerId) query.set('providerId', filter.providerId)
  if (filter.serviceId) query.set('serviceId', filter.serviceId)
  const key = query.toString()
  const cache = fetchedBy.get(api) ?? new Map<string, Observable<SlotDoc[] | null>>()
  fetchedBy.set(api, cache)
  let window$ = cache.get(key)
  if (!window$) {
    const asked: Observable<SlotDoc[] | null> = defer(() =>
      api.get<SlotDoc[]>(`/api/replication/slots/window?${query}`),
    ).pipe(
      catchError(() => {
        // Offline or refused: the stored copy is all there is, this time; the next view asks again.
        if (cache.get(key) === asked) cache.delete(key)
        return of(null)
      }),
      shareReplay(1),
    )
    window$ = asked
    if (cache.size >= FETCHED_MAX) cache.delete(cache.keys().next().value as string)
    cache.set(key, window$)
  }
  return window$
}

/**
 * The window's slots from the server while the slots' first replication runs, and for a window
 * reaching past the device's horizon (the stored copy holds only the bookable horizon and the slots
 * of its own bookings, server/replication/slotHorizon.ts). Null until they arrive, when the stored
 * copy covers the window, or when the fetch failed (offline: such a week is not available).
 */
export function firstWindowSlots(
  api: ServerApi,
  replication$: Observable<ClientReplication | null>,
  filter: SlotFilter,
): Observable<SlotDoc[] | null> {
  return replication$.pipe(
    switchMap((replication) => windowWhile(api, replication, filter)),
    // Replication starting changes nothing shown: the same documents are not a new list.
    distinctUntilChanged(sameItems),
  )
}

function windowWhile(
  api: ServerApi,
  replication: ClientReplication | null,
  filter: SlotFilter,
): Observable<SlotDoc[] | null> {
  const done$: Observable<boolean> = replication
    ? from(replication.states.slots.awaitInitialReplication()).pipe(
        map(() => true),
        startWith(false),
      )
    : of(false)
  const horizon$: Observable<string | null | undefined> = replication ? replication.slotHorizon$ : of(null)
  // Offline, a week past the horizon shows only what is stored (the slots of the device's bookings),
  // not what was fetched earlier: the page says that week is not available offline.
  const online$: Observable<boolean> = replication
    ? replication.status$.pipe(
        map((status) => status.online),
        startWith(true),
        distinctUntilChanged(),
      )
    : of(true)
  return combineLatest([fetchWindow(api, filter).pipe(startWith(null)), done$, horizon$, online$]).pipe(
    map(([docs, done, horizon, online]) => {
      const beyond = beyondHorizon(filter, horizon)
      if (!docs || (done && !beyond) || (beyond && !online)) return null
      return docs.filter((doc) => matches(doc, filter))
    }),
  )
}

/** Whether the window reaches past the stored copy's horizon (null: the device holds the whole future). */
export function beyondHorizon(filter: Pick<SlotFilter, 'to'>, horizon: string | null | undefined): boolean {
  return typeof horizon === 'string' && Date.parse(filter.to) > Date.parse(horizon)
}

/** Whether the slot is one of the filter's provider and service (the window's range aside). */
export function matches(doc: SlotDoc, filter: SlotFilter): boolean {
  return (
    (!filter.providerId || doc.providerId === filter.providerId) &&
    (!filter.serviceId || doc.serviceId === filter.serviceId)
  )
}

/** The stored slots, plus the window's where none is stored yet, in start order. */
export function withWindow(stored: readonly SlotDoc[], window: readonly SlotDoc[] | null): SlotDoc[] {
  if (!window || window.length === 0) return [...stored]
  const ids = new Set(stored.map((doc) => doc.id))
  const missing = window.filter((doc) => !ids.has(doc.id))
  if (missing.length === 0) return [...stored]
  return [...stored, ...missing].sort(byStart)
}

/** Slots in start order (the order the views' queries sort by). */
export function byStart(a: SlotDoc, b: SlotDoc): number {
  return a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : 0
}
