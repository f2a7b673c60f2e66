/**
 * Replication of the device's collections with the server, RxDB's protocol over HTTP: pull with a
 * checkpoint, push returning conflicts, and the live stream telling each collection when to pull.
 * Failed requests are retried with a growing pause while offline; with several tabs only the
 * elected leader replicates (RxDB's waitForLeadership on a multiInstance database).
 */
import { BehaviorSubject, type Observable, combineLatest, map } from 'rxjs'
import type { RxCollection } from 'rxdb'
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication'
import {
  type Checkpoint,
  type CollectionName,
  type PullResponse,
  REPLICATED_COLLECTIONS,
} from '../../shared/replication.js'
import type { SyncStatus } from './api.js'
import { type ChangeStream, type EventSourceConstructor, openChangeStream } from './changeStream.js'
import type { ClientDatabase } from './database.js'
import { type FetchFunction, serverApi } from './serverApi.js'

export interface ReplicationOptions {
  /** '' in the browser (same origin). */
  baseUrl: string
  token: string
  fetch?: FetchFunction
  /** The browser's EventSource by default; the `eventsource` package in Node. */
  EventSource?: EventSourceConstructor
  /** First pause after a failed request, in ms; it doubles up to maxRetryTime. */
  retryTime?: number
  maxRetryTime?: number
  pullBatchSize?: number
  pushBatchSize?: number
}

export interface ClientReplication {
  states: Record<CollectionName, RxReplicationState<unknown, Checkpoint>>
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
  const api = serverApi({ baseUrl: options.baseUrl, token: options.token, fetch: options.fetch })
  const EventSourceImpl = options.EventSource ?? (globalThis.EventSource as unknown as EventSourceConstructor)
  const streamUrl = `${options.baseUrl}/api/replication/stream?access_token=${encodeURIComponent(options.token)}`
  const stream = openChangeStream(streamUrl, EventSourceImpl)
  const health$ = new BehaviorSubject<RequestHealth>({ lastSyncedAt: null, error: null, reachable: true })
  const retryTime = options.retryTime ?? 2000
  const backoff = growingPause(retryTime, options.maxRetryTime ?? 60_000)

  /** Records the outcome of every request for the sync status, and pauses longer after each failure. */
  async function tracked<T>(request: () => Promise<T>): Promise<T> {
    try {
      const result = await request()
      backoff.reset()
      health$.next({ lastSyncedAt: new Date().toISOString(), error: null, reachable: true })
      return result
    } catch (error) {
      health$.next({ ...health$.value, error: String((error as Error).message ?? error), reachable: false })
      await backoff.wait()
      throw error
    }
  }

  // The server is reachable again: retry at once instead of finishing a long pause.
  const reconnected = stream.connected$.subscribe((connected) => connected && backoff.reset())

  const states = Object.fromEntries(
    REPLICATED_COLLECTIONS.map((name) => {
      const collection = db[name] as unknown as RxCollection<unknown>
      const state = replicateRxCollection<unknown, Checkpoint>({
        replicationIdentifier: `uniservice-${name}-v1`,
        collection,
        live: true,
        retryTime,
        waitForLeadership: true,
        pull: {
          batchSize: options.pullBatchSize ?? 200,
          stream$: stream.resync[name].asObservable(),
          handler: (checkpoint, batchSize) =>
            tracked(() => {
              const query = new URLSearchParams({ batchSize: String(batchSize) })
              if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
              return api.get<PullResponse<never>>(`/api/replication/${name}/pull?${query}`)
            }),
        },
        push: {
          batchSize: options.pushBatchSize ?? 50,
          handler: (rows) => tracked(() => api.post<never[]>(`/api/replication/${name}/push`, rows)),
        },
      })
      return [name, state]
    }),
  ) as ClientReplication['states']

  const active$ = combineLatest(Object.values(states).map((s) => s.active$)).pipe(
    map((actives) => actives.some(Boolean)),
  )
  const status$ = combineLatest([health$, active$, stream.connected$, pendingChanges$(db)]).pipe(
    map(
      ([health, syncing, connected, pendingChanges]): SyncStatus => ({
        online: connected && health.reachable,
        syncing,
        pendingChanges,
        lastSyncedAt: health.lastSyncedAt,
        error: health.error,
      }),
    ),
  )

  return {
    states,
    stream,
    status$,
    async awaitInSync() {
      await Promise.all(Object.values(states).map((s) => s.awaitInSync()))
    },
    reSync() {
      backoff.reset()
      for (const state of Object.values(states)) state.reSync()
    },
    async cancel() {
      reconnected.unsubscribe()
      stream.close()
      backoff.reset()
      await Promise.all(Object.values(states).map((s) => s.cancel()))
    },
  }
}

/** Local writes the server has not acknowledged yet (marked localPending by the device's actions). */
function pendingChanges$(db: ClientDatabase): Observable<number> {
  const counts = REPLICATED_COLLECTIONS.map((name) =>
    (db[name] as unknown as RxCollection<{ localPending?: boolean }>)
      .find({ selector: { localPending: true } })
      .$.pipe(map((docs) => docs.length)),
  )
  return combineLatest(counts).pipe(map((n) => n.reduce((a, b) => a + b, 0)))
}

/** A pause that doubles after each failure (with jitter) and is cut short by reset(). */
function growingPause(base: number, max: number) {
  let failures = 0
  let wake: (() => void) | null = null
  return {
    async wait() {
      // RxDB itself waits `base` before retrying; this adds the growth beyond it.
      const extra = Math.min(max, base * 2 ** failures) - base
      failures++
      if (extra <= 0) return
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, extra * (0.75 + Math.random() / 2))
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = null
    },
    reset() {
      failures = 0
      wake?.()
    },
  }
}
