/**
 * Replication of the device's collections with the server, RxDB's protocol over HTTP: pull with a
 * checkpoint, push returning conflicts, and the live stream telling each collection when to pull
 * (or carrying its changed documents, changeStream.ts).
 * Failed requests are retried with a growing pause while offline, cut short the moment the network
 * is back (the browser's `online` event, the stream reconnecting, the server answering its health
 * check again); with several tabs only the elected leader replicates (RxDB's waitForLeadership on a
 * multiInstance database).
 */
import { ORGANISATION_HEADER } from '../../shared/organisations.js'
import { EventSource } from 'eventsource'
import {
  BehaviorSubject,
  Observable,
  combineLatest,
  concat,
  delay,
  distinctUntilChanged,
  filter,
  map,
  of,
  shareReplay,
  skip,
  switchMap,
  take,
  tap,
  throttleTime,
} from 'rxjs'
import type { RxCollection } from 'rxdb'
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication'
import {
  type Checkpoint,
  type CollectionName,
  MAX_REQUEST_BODY_BYTES,
  PULL_BATCH_MAX,
  PUSH_BATCH_MAX,
  type PullResponse,
  REPLICATED_COLLECTIONS,
  readAsOf,
} from '../../shared/replication.js'
import { DomainError, ErrorCode } from '../../shared/errors.js'
import type { BookingSeries } from '../../shared/bookingOperations.js'
import type { SyncStatus } from './api.js'
import {
  type ChangeStream,
  type EventSourceConstructor,
  type PullPosition,
  openChangeStream,
} from './changeStream.js'
import { type PushRow, answeredBases } from './answeredBases.js'
import { type ArrivedSlots, arrivedSlots } from './arrivedSlots.js'
import { inFlightArrivals } from './inFlightArrivals.js'
import { sendInParts } from './pushParts.js'
import { shownServerCopies } from './shownServerCopies.js'
import { pendingDocumentIds$ } from './pendingDocuments.js'
import type { ClientDatabase } from './database.js'
import { type PushedState, documentKey, providerChangeLog } from './providerChanges.js'
import { isWaiting, seriesOutbox } from './seriesOutbox.js'
import { type SeriesSender, startSeriesSender } from './seriesSender.js'
import { type FetchFunction, serverApi } from './serverApi.js'

export interface ReplicationOptions {
  /** '' in the browser (same origin). */
  baseUrl: string
  token: string
  fetch?: FetchFunction
  /** The `eventsource` package's EventSource (over fetch, so the token goes in a header) by default. */
  EventSource?: EventSourceConstructor
  /** First pause after a failed request, in ms; it doubles up to maxRetryTime. */
  retryTime?: number
  /**
   * The platform's view of the network (the browser's online/offline events by default). Going
   * online retries at once; offline shows as offline without waiting for a request to fail.
   */
  online$?: Observable<boolean>
  maxRetryTime?: number
  pullBatchSize?: number
  pushBatchSize?: number
  /** The server refused the session (401): the user must sign in again. */
  onUnauthorized?: () => void
  /** The server says the user is no member of the organisation replicated (removed meanwhile). */
  onNotAMember?: () => void
  /** The organisation replicated (X-Organisation-Id); the server's default for the user when absent. */
  organisationId?: string
}

export interface ClientReplication {
  states: Record<CollectionName, RxReplicationState<unknown, Checkpoint>>
  /**
   * The end of the slots' horizon the device holds (server/replication/slotHorizon.ts): slots starting
   * later are not stored, except those of its own bookings. null: the device holds the whole future;
   * undefined: not known before the first pull.
   */
  slotHorizon$: BehaviorSubject<string | null | undefined>
  /** Slot documents the stream carried, shown until RxDB has stored them (arrivedSlots.ts). */
  arrivedSlots: ArrivedSlots
  stream: ChangeStream
  status$: Observable<SyncStatus>
  /** Resolves when every local write is pushed and every announced change pulled. */
  awaitInSync(): Promise<void>
  /** Pull now (e.g. when the app comes back to the foreground). */
  reSync(): void
  cancel(): Promise<void>
}

interface RequestHealth {
  lastSyncedAt: string | null
  error: string | null
  reachable: boolean
}

export function startReplication(db: ClientDatabase, options: ReplicationOptions): ClientReplication {
  const api = serverApi({
    baseUrl: options.baseUrl,
    token: options.token,
    organisationId: options.organisationId,
    fetch: gatewayFailuresAsUnreachable(options.fetch ?? globalThis.fetch.bind(globalThis)),
    onUnauthorized: options.onUnauthorized,
    onNotAMember: options.onNotAMember,
  })
  const EventSourceImpl = options.EventSource ?? (EventSource as EventSourceConstructor)
  const stream = openChangeStream(`${options.baseUrl}/api/replication/stream`, EventSourceImpl, {
    fetch: withSessionHeader(
      options.fetch ?? globalThis.fetch.bind(globalThis),
      options.token,
      options.organisationId,
    ),
    onUnauthorized: options.onUnauthorized,
    onForbidden: options.onNotAMember,
  })
  const health$ = new BehaviorSubject<RequestHealth>({ lastSyncedAt: null, error: null, reachable: true })
  const backoff = growingPause(options.retryTime ?? 2000, options.maxRetryTime ?? 60_000)
  const online$ = options.online$ ?? browserOnline$()
  // The replication's pause grows to a minute; a server back after an outage is found sooner by
  // asking its health check, which then retries everything at once (a walk waited 33 s).
  const probe = reachabilityProbe(() => api.get('/api/health'), resyncNow)

  /** Records the outcome of every request for the sync status, and pauses longer after each failure. */
  async function tracked<T>(request: () => Promise<T>): Promise<T> {
    try {
      const result = await request()
      backoff.reset()
      probe.reached()
      health$.next({ lastSyncedAt: new Date().toISOString(), error: null, reachable: true })
      return result
    } catch (error) {
      // A server's answer (a refusal, 429, a 500) says it is reachable: the device shows a sync problem
      // with the reason, not "Offline" (a walk saw "Offline · 1 change waiting" online, over a 400).
      const reachable = error instanceof DomainError
      if (!reachable) probe.start()
      health$.next({ ...health$.value, error: String((error as Error).message ?? error), reachable })
      // Thrown, a failure makes RxDB retry the request; it never becomes a rejected document. A 429
      // says how long to wait: retrying sooner would only be refused again.
      await backoff.wait(retryAfterMs(error))
      throw error
    }
  }

  // A stream message is the server heard from, like a request answered: "last sync" moves with the live
  // changes it brings (a walk's pill kept the time of the last pull while changes arrived). The error
  // and reachability stay the requests' to say: a stream message does not clear a failing push's problem.
  const heard = stream.heard$.subscribe(() =>
    health$.next({ ...health$.value, lastSyncedAt: new Date().toISOString() }),
  )

  // Until the stream's first attempt opens or fails, the device has not tried the server yet: it is
  // connecting, not offline (a walk saw "Offline" for up to 3.5 s after every sign-in, network fine).
  const streamTried$ = new BehaviorSubject(false)
  const firstAttempt = stream.connected$.pipe(skip(1), take(1)).subscribe(() => streamTried$.next(true))
  // The server is reachable again: retry at once instead of finishing a long pause.
  const reconnected = stream.connected$.subscribe((connected) => connected && backoff.reset())
  const networkBack = online$
    .pipe(distinctUntilChanged(), skip(1), filter(Boolean))
    .subscribe(() => resyncNow())

  const slotHorizon$ = new BehaviorSubject<string | null | undefined>(undefined)
  const noteHorizon = (name: CollectionName, checkpoint: Checkpoint | undefined) => {
    if (name !== 'slots' || !checkpoint) return
    const horizon = checkpoint.horizon ?? null
    if (horizon !== slotHorizon$.value) slotHorizon$.next(horizon)
  }

  const slotArrivals = arrivedSlots()
  const copies = shownServerCopies(db)
  const states = Object.fromEntries(
    REPLICATED_COLLECTIONS.map((name) => {
      const collection = db[name] as unknown as RxCollection<unknown>
      // A conflict answer RxDB could not store as the base (answeredBases.ts).
      const bases = answeredBases()
      // What the stream or a pull brought while the device's own change was being pushed (inFlightArrivals.ts).
      const arrivals = inFlightArrivals()
      const state = replicateRxCollection<unknown, Checkpoint>({
        replicationIdentifier: `uniservice-${name}-v1`,
        collection,
        live: true,
        // The waiting happens in `tracked` (growing, and woken when the network is back); RxDB's own
        // fixed pause after a failure would only add to it.
        retryTime: 1,
        waitForLeadership: true,
        pull: {
          // Pages of 2,000: RxDB stores a page (its documents, then its replication metadata) before it
          // starts on the next one, so a second page waits for the first one's metadata write; a new
          // customer's whole horizon (1,341 slots in the bench) is one page and one write (issue 13).
          batchSize: options.pullBatchSize ?? PULL_BATCH_MAX,
          stream$: stream.resync[name].pipe(
            tap((item) => {
              if (item === 'RESYNC') return
              arrivals.arrived(item.documents, readAsOf(item.checkpoint))
              if (name === 'slots') slotArrivals.arrived(item.documents)
            }),
          ),
          handler: async (checkpoint, batchSize) => {
            noteHorizon(name, checkpoint)
            const page = await positioned(stream.pulls[name], checkpoint, () =>
              tracked(async () => {
                const query = new URLSearchParams({ batchSize: String(batchSize) })
                if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
                const pulled = await api.get<PullResponse<never>>(`/api/replication/${name}/pull?${query}`)
                arrivals.arrived(pulled.documents, readAsOf(pulled.checkpoint))
                return pulled
              }),
            )
            noteHorizon(name, page.checkpoint)
            return page
          },
        },
        push: {
          // One server transaction per request, its new bookings booked in one statement
          // (server/replication/pushDocuments.ts): 1,000 offline bookings are two requests (issue 13).
          batchSize: options.pushBatchSize ?? PUSH_BATCH_MAX,
          handler: async (rows) => {
            // A slot stored from the server's copy on screen is pushed on that copy (shownServerCopies.ts).
            const pushed = rows as unknown as PushRow[]
            const shown = name === 'slots' ? await copies.based(pushed) : pushed
            const based = shown.map((row) => bases.rebase(row))
            arrivals.pushing(based)
            const answer = arrivals.answered(
              based,
              await sendInParts(based, MAX_REQUEST_BODY_BYTES, (part) =>
                tracked(() => api.post<never[]>(`/api/replication/${name}/push`, part)),
              ),
            )
            bases.remember(based, answer)
            if (name === 'slots') await copies.answered(based, answer as { id: string }[])
            return answer
          },
        },
      })
      return [name, state]
    }),
  ) as ClientReplication['states']

  // The horizon moves as days pass, with nothing changed to wake the device: pull now and then, so
  // that the slots entering it arrive (the pull that moves the horizon sends them).
  const horizonTimer = setInterval(() => states.slots.reSync(), HORIZON_RESYNC_MS)

  // A row RxDB pushed without conflict was accepted as sent: it settles the provider's changes it
  // carries, and those it replaced (providerChanges.ts).
  const changeLog = providerChangeLog(db)
  const settled = (['slots', 'bookings'] as const).map((name) =>
    (states[name].sent$ as Observable<PushedState>).subscribe((doc) => {
      // The database may be closing (sign-out); the record stays for the next session.
      changeLog.resolved(name, { pushed: doc, server: doc, refusals: [] }).catch(() => {})
    }),
  )

  // Series booked on the device (offline too) go to the server as one request each, from the tab
  // that replicates (seriesSender.ts); their booked weeks then arrive with the next pull.
  let seriesSender: SeriesSender | null = null
  let cancelled = false
  db.waitForLeadership()
    .then(() => {
      if (cancelled) return
      seriesSender = startSeriesSender(db, {
        send: (request) => tracked(() => api.post<BookingSeries>('/api/bookings/series', request)),
        onAnswered: () => {
          states.bookings.reSync()
          states.slots.reSync()
        },
      })
    })
    .catch(() => {})

  const active$ = combineLatest(Object.values(states).map((s) => s.active$)).pipe(
    map((actives) => actives.some(Boolean)),
  )
  const storedSync = persistLastSync(db, health$)
  // The device's next try after a failure: a request's retry or the next health check, whichever is first.
  const nextTry$ = combineLatest([backoff.nextWake$, probe.nextCheck$]).pipe(
    map((times) => earliest(times)),
    distinctUntilChanged(),
  )
  const status$ = combineLatest([
    health$,
    active$,
    stream.connected$,
    streamTried$,
    networkState$(online$),
    pendingChanges$(db),
    storedSync.lastSyncedAt$,
    nextTry$,
  ]).pipe(
    map(([health, active, connected, tried, network, pendingChanges, stored, nextTry]): SyncStatus => {
      const lastSyncedAt = latest(health.lastSyncedAt, stored)
      const reached = connected && health.reachable
      return {
        online: network.up && reached,
        offline: !network.up,
        // Just back online, the stream reopening and the requests retried: what failed while the
        // device was offline, or at the moment the network came back, is no outage yet (a walk saw
        // "Can't reach the server" for a moment at every reconnect, the server fine).
        connecting: network.up && !reached && (network.returning || (health.reachable && !tried)),
        // A device that has never reached the server is syncing, not "all changes saved": before its
        // first pull (replication starting, or the week on screen coming from the window fetch
        // alone), what it shows may not be stored yet and cannot be changed offline.
        syncing: active || lastSyncedAt === null,
        pendingChanges,
        lastSyncedAt,
        error: health.error,
        retryAt: health.error === null ? null : nextTry,
      }
    }),
    // Every view showing the status (the sync indicator, each slot list's online check) shares one
    // set of pending-document reads.
    shareReplay({ bufferSize: 1, refCount: true }),
  )

  function resyncNow(): void {
    backoff.reset()
    stream.reconnect()
    for (const state of Object.values(states)) state.reSync()
  }

  return {
    states,
    slotHorizon$,
    arrivedSlots: slotArrivals,
    stream,
    status$,
    async awaitInSync() {
      await Promise.all(Object.values(states).map((s) => s.awaitInSync()))
    },
    reSync: resyncNow,
    async cancel() {
      cancelled = true
      clearInterval(horizonTimer)
      seriesSender?.stop()
      networkBack.unsubscribe()
      reconnected.unsubscribe()
      heard.unsubscribe()
      firstAttempt.unsubscribe()
      for (const subscription of settled) subscription.unsubscribe()
      storedSync.stop()
      stream.close()
      slotArrivals.close()
      // A request failing from now on must not hold cancel() up in a pause.
      backoff.stop()
      probe.stop()
      await Promise.all(Object.values(states).map((s) => s.cancel()))
    },
  }
}

/** How often the slots pull runs with nothing announced, so that the horizon moves as days pass. */
const HORIZON_RESYNC_MS = 30 * 60_000

/**
 * Runs one pull and keeps `position` where RxDB's checkpoint is (the stream checks a carried message
 * against it, changeStream.ts): the checkpoint RxDB passes in, then the page's, except after an empty
 * page, whose checkpoint RxDB does not store.
 */
async function positioned(
  position: PullPosition,
  checkpoint: Checkpoint | undefined,
  pull: () => Promise<PullResponse<never>>,
): Promise<PullResponse<never>> {
  position.running++
  position.checkpoint = checkpoint ?? null
  try {
    const page = await pull()
    if (page.documents.length > 0) position.checkpoint = page.checkpoint
    return page
  } finally {
    position.running--
  }
}

/** fetch that sends the session token as a bearer header (for the stream, which cannot use serverApi). */
function withSessionHeader(baseFetch: typeof fetch, token: string, organisationId?: string): typeof fetch {
  const organisation: Record<string, string> = organisationId ? { [ORGANISATION_HEADER]: organisationId } : {}
  return (input, init) =>
    baseFetch(input, {
      ...init,
      headers: {
        ...(init?.headers as Record<string, string> | undefined),
        authorization: `Bearer ${token}`,
        ...organisation,
      },
    })
}

const LAST_SYNC_RECORD = 'lastSync'
const LAST_SYNC_WRITE_MS = 5000

/**
 * When a request last reached the server, kept in a local document: an offline reload still says
 * when the data was last fresh, and tabs that do not replicate (not the leader) show the leader's time.
 * Written at most every few seconds so that syncing does not mean an IndexedDB write per request.
 */
function persistLastSync(db: ClientDatabase, health$: Observable<RequestHealth>) {
  const writes = health$
    .pipe(
      map((health) => health.lastSyncedAt),
      filter((at): at is string => at !== null),
      distinctUntilChanged(),
      throttleTime(LAST_SYNC_WRITE_MS, undefined, { leading: true, trailing: true }),
    )
    .subscribe((at) => {
      // The database may be closing (sign-out); the next session writes it again.
      db.upsertLocal(LAST_SYNC_RECORD, { at }).catch(() => {})
    })
  return {
    lastSyncedAt$: db
      .getLocal$<{ at: string }>(LAST_SYNC_RECORD)
      .pipe(map((doc) => (doc ? (doc.get('at') as string) : null))),
    stop: () => writes.unsubscribe(),
  }
}

/** The later of two ISO instants (either may be missing). */
function latest(a: string | null, b: string | null): string | null {
  if (!a || !b) return a ?? b
  return a > b ? a : b
}

/**
 * Local writes the server has not acknowledged yet: the documents the device's actions marked
 * localPending, deletions included (pendingDocuments.ts), each counted once per provider change queued
 * on it (two changes to one slot are two changes waiting, though RxDB pushes the slot once;
 * providerChanges.ts), and the series waiting in the outbox.
 */
function pendingChanges$(db: ClientDatabase): Observable<number> {
  const pendingDocuments = REPLICATED_COLLECTIONS.map((name) =>
    pendingDocumentIds$(db[name] as unknown as RxCollection<{ localPending?: boolean }>).pipe(
      map((ids) => ids.map((id) => `${name}:${id}`)),
    ),
  )
  const queuedPerDocument$ = providerChangeLog(db).changes$.pipe(
    map((changes) => {
      const perDocument = new Map<string, number>()
      for (const change of changes) {
        if (change.state !== 'queued') continue
        const key = documentKey(change)
        perDocument.set(key, (perDocument.get(key) ?? 0) + 1)
      }
      return perDocument
    }),
  )
  // A series waiting in the outbox is one change waiting, whatever its number of weeks.
  const series$ = seriesOutbox(db).series$.pipe(
    map((list) => list.filter(isWaiting).length),
    distinctUntilChanged(),
  )
  return combineLatest([queuedPerDocument$, series$, ...pendingDocuments]).pipe(
    map(
      ([perDocument, series, ...lists]) =>
        series + lists.flat().reduce((sum, key) => sum + Math.max(1, perDocument.get(key) ?? 0), 0),
    ),
    distinctUntilChanged(),
  )
}

/** How long after the network comes back the device counts as reconnecting, not as unable to reach the server. */
const RECONNECT_GRACE_MS = 3000

/**
 * The network as the status needs it: up or not, and `returning` for RECONNECT_GRACE_MS after it came
 * back (not when the app starts online: then the first try decides, `streamTried$`).
 */
function networkState$(online$: Observable<boolean>): Observable<{ up: boolean; returning: boolean }> {
  return online$.pipe(
    distinctUntilChanged(),
    switchMap((up, index) =>
      up && index > 0
        ? concat(of({ up, returning: true }), of({ up, returning: false }).pipe(delay(RECONNECT_GRACE_MS)))
        : of({ up, returning: false }),
    ),
  )
}

/** The browser's online/offline events; always online where there is no window (Node). */
function browserOnline$(): Observable<boolean> {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return new BehaviorSubject(true)
  return new Observable<boolean>((subscriber) => {
    const update = () => subscriber.next(navigator.onLine)
    update()
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  })
}

/** The server's Retry-After of a rate-limited request (429, RATE_LIMITED), in ms; 0 for other failures. */
function retryAfterMs(error: unknown): number {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.RATE_LIMITED) return 0
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.min(seconds, 3600) * 1000 : 0
}

/** The earliest of some instants (epoch ms), null when there is none. */
function earliest(times: readonly (number | null)[]): number | null {
  const known = times.filter((t): t is number => t !== null)
  return known.length > 0 ? Math.min(...known) : null
}

/** A pause of `ms` give or take a quarter, so that devices cut off together do not all come back at once. */
const jittered = (ms: number) => ms * (0.75 + Math.random() / 2)

/**
 * A pause that doubles after each failure (with jitter) and is cut short by reset(). Every waiting
 * request (pulls and pushes of each collection fail together) is woken, not just the last one.
 */
function growingPause(base: number, max: number) {
  let failures = 0
  let stopped = false
  const sleepers = new Map<() => void, number>()
  /** When the first waiting request is retried (epoch ms), null when none waits. */
  const nextWake$ = new BehaviorSubject<number | null>(null)
  const noteWake = () => nextWake$.next(earliest([...sleepers.values()]))
  const wakeAll = () => {
    for (const wake of [...sleepers.keys()]) wake()
  }
  return {
    nextWake$,
    /** Waits the growing pause, or `atLeast` ms when that is longer (the server's Retry-After). */
    async wait(atLeast = 0) {
      if (stopped) return
      const pause = jittered(Math.max(atLeast, Math.min(max, base * 2 ** failures)))
      failures++
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          sleepers.delete(wake)
          noteWake()
          resolve()
        }
        const timer = setTimeout(wake, pause)
        sleepers.set(wake, Date.now() + pause)
        noteWake()
      })
    },
    reset() {
      failures = 0
      wakeAll()
    },
    stop() {
      stopped = true
      wakeAll()
    },
  }
}

/** First and longest pause between two health checks while the server cannot be reached. */
const PROBE_FIRST_MS = 1000
const PROBE_MAX_MS = 4000

/**
 * While the server cannot be reached, asks whether it answers again (`check`: GET /api/health, no
 * session, not rate limited, one query) after 1 s, then every 2 s and 4 s at most, and calls
 * `onAnswer` once it does. A request reaching the server stops it (reached()). The pause grows again
 * only after a request has reached the server, so a health check that answers while the requests
 * still fail (a proxy routing them apart) retries them once per longest pause, no more often.
 */
function reachabilityProbe(check: () => Promise<unknown>, onAnswer: () => void) {
  let checks = 0
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  /** When the next check runs (epoch ms), null when not checking. */
  const nextCheck$ = new BehaviorSubject<number | null>(null)
  const schedule = () => {
    const pause = jittered(Math.min(PROBE_MAX_MS, PROBE_FIRST_MS * 2 ** checks++))
    nextCheck$.next(Date.now() + pause)
    timer = setTimeout(async () => {
      const answered = await check().then(
        () => true,
        () => false,
      )
      if (stopped || nextCheck$.value === null) return // a request reached the server meanwhile
      if (!answered) return schedule()
      nextCheck$.next(null)
      onAnswer()
    }, pause)
  }
  const quiet = () => {
    clearTimeout(timer)
    nextCheck$.next(null)
  }
  return {
    nextCheck$,
    /** A request found the server unreachable: check until it answers (already checking: nothing). */
    start() {
      if (!stopped && nextCheck$.value === null) schedule()
    },
    /** A request reached the server. */
    reached() {
      checks = 0
      quiet()
    },
    stop() {
      stopped = true
      quiet()
    },
  }
}

/** A gateway's own error for a server behind it that is down (not the server's JSON error body). */
const GATEWAY_FAILURES = new Set([502, 503, 504])

/**
 * fetch for which a gateway's error page (a 502, 503 or 504 not in the server's JSON) is a failure to
 * reach the server, as no answer at all is: the device says it cannot reach the server and checks
 * for its return, instead of showing a sync problem with the server's reason.
 */
function gatewayFailuresAsUnreachable(baseFetch: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await baseFetch(input, init)
    const json = response.headers.get('content-type')?.includes('application/json') ?? false
    if (GATEWAY_FAILURES.has(response.status) && !json) {
      throw new TypeError(`The server could not be reached (the gateway answered ${response.status}).`)
    }
    return response
  }
}
