/**
 * A headless device: the web app's own client/data code (RxDB on the Dexie storage, replication,
 * actions) running in Node over fake-indexeddb, with a network switch. Offline, every request and
 * the live stream fail the way a dropped connection does, so replication retries and resumes exactly
 * as in a browser. Replication tests and benchmarks drive devices through this.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { BehaviorSubject } from 'rxjs'
import type {
  BookingActions,
  ProviderActions,
  SeriesActions,
  Session,
  SlotView,
} from '../../client/data/api.js'
import { bookingActions, sendAheadWith } from '../../client/data/bookingActions.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { providerActions } from '../../client/data/providerActions.js'
import { type RejectionFeed, watchRejections } from '../../client/data/rejections.js'
import { seriesActions } from '../../client/data/seriesActions.js'
import { type ClientReplication, startReplication } from '../../client/data/replication.js'
import { serverApi } from '../../client/data/serverApi.js'
import { signIn } from '../../client/data/session.js'
import { slotView } from '../../client/data/slotViews.js'
import type { BookingDoc, SlotDoc } from '../../shared/replication.js'

export interface Device {
  readonly name: string
  readonly session: Session
  readonly db: ClientDatabase
  readonly bookings: BookingActions
  readonly provider: ProviderActions
  readonly series: SeriesActions
  readonly rejections: RejectionFeed
  /** Where its database lives: open a device on it again to play a restart of the app. */
  readonly storage: DeviceStorage
  replication(): ClientReplication
  /** Cuts the network: requests fail, the stream drops. Local writes keep working. */
  goOffline(): void
  goOnline(): void
  /** Resolves when everything local is pushed and everything announced is pulled (bounded by timeoutMs). */
  awaitInSync(timeoutMs?: number): Promise<void>
  slot(id: string): Promise<SlotView | null>
  booking(id: string): Promise<BookingDoc | null>
  close(): Promise<void>
}

export interface DeviceStorage {
  indexedDB: IDBFactory
  databaseName: string
}

export interface DeviceOptions {
  /** The server's origin, e.g. http://127.0.0.1:1234 */
  baseUrl: string
  email: string
  password: string
  name?: string
  /** Start without network (the device was offline when it opened). */
  offline?: boolean
  /**
   * RxDB's dev-mode checks and schema validation on every write (default true: tests want them). The
   * built web app runs without them (client/data/DataProvider.tsx), so benches turn them off.
   */
  devMode?: boolean
  /** Replication's first pause after a failure and its cap, in ms (150 and 1000 by default). */
  retryTime?: number
  maxRetryTime?: number
  /** Documents per pull request (the web client's 200 by default). */
  pullBatchSize?: number
  /** Open the database another device left (a restart); a new one by default. */
  storage?: DeviceStorage
  /** Stands between the device (replication and its API calls) and the network, e.g. to hold a push's answer back. */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch
  /** The device's clock for its booking actions' local checks (the real one by default), e.g. one running ahead. */
  clock?: () => Date
}

let opened = 0

export async function openDevice(options: DeviceOptions): Promise<Device> {
  const name = options.name ?? `device${++opened}`
  const network = deviceNetwork()
  const session = await signIn(options.email, options.password, { baseUrl: options.baseUrl, storage: null })
  if (options.offline) network.setOnline(false)
  const storage = options.storage ?? {
    indexedDB: new IDBFactory(),
    databaseName: `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}_${opened}_${Date.now()}`,
  }
  const db = await openClientDatabase({
    name: storage.databaseName,
    indexedDB: storage.indexedDB,
    IDBKeyRange,
    devMode: options.devMode ?? true,
  })
  const fetchOnNetwork = options.wrapFetch ? options.wrapFetch(network.fetch) : network.fetch
  const api = serverApi({ baseUrl: options.baseUrl, token: session.token, fetch: fetchOnNetwork })
  const replication = startReplication(db, {
    baseUrl: options.baseUrl,
    token: session.token,
    fetch: fetchOnNetwork,
    retryTime: options.retryTime ?? 150,
    maxRetryTime: options.maxRetryTime ?? 1000,
    pullBatchSize: options.pullBatchSize,
    online$: network.online$,
  })
  const rejections = watchRejections(db.bookings)
  let closed = false
  return {
    name,
    session,
    db,
    bookings: bookingActions(db, session, {
      sendAhead: sendAheadWith(api),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    provider: providerActions(db, api, () => replication.reSync(), session.user),
    series: seriesActions(db, api, () => replication.reSync()),
    rejections,
    storage,
    replication: () => replication,
    goOffline: () => network.setOnline(false),
    goOnline: () => network.setOnline(true),
    async awaitInSync(timeoutMs = 20_000) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name}: not in sync after ${timeoutMs} ms`)), timeoutMs)
      })
      try {
        await Promise.race([replication.awaitInSync(), timeout])
      } finally {
        clearTimeout(timer)
      }
    },
    async slot(id) {
      const doc = await db.slots.findOne(id).exec()
      if (!doc) return null
      const onSlot = await db.bookings.find({ selector: { slotId: id } }).exec()
      return slotView(
        doc.toJSON() as SlotDoc,
        onSlot.map((b) => b.toJSON() as BookingDoc),
        new Date(),
      )
    },
    async booking(id) {
      const doc = await db.bookings.findOne(id).exec()
      return doc ? (doc.toJSON() as BookingDoc) : null
    },
    async close() {
      if (closed) return
      closed = true
      rejections.close()
      await replication.cancel()
      network.setOnline(false)
      await db.close()
    },
  }
}

/**
 * fetch with an off switch: offline, new requests fail and open ones (the stream) are cut; online$
 * plays the browser's online/offline events.
 */
function deviceNetwork() {
  const online$ = new BehaviorSubject(true)
  const open = new Set<AbortController>()
  const networkFetch: typeof fetch = async (input, init) => {
    if (!online$.value) throw new TypeError('fetch failed: device offline')
    const controller = new AbortController()
    init?.signal?.addEventListener('abort', () => controller.abort(init.signal?.reason))
    open.add(controller)
    try {
      return await fetch(input, { ...init, signal: controller.signal })
    } catch (error) {
      open.delete(controller)
      throw error
    }
  }
  return {
    fetch: networkFetch,
    online$: online$.asObservable(),
    setOnline(value: boolean) {
      if (!value) {
        for (const controller of open) controller.abort(new TypeError('device offline'))
        open.clear()
      }
      online$.next(value)
    },
  }
}
