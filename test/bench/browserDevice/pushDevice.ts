/**
 * Runs inside Chromium (bundled by test/bench/browserOfflinePush.ts): the web app's own data layer as
 * the built app runs it (client/data/DataProvider.tsx: RxDB on Dexie over the browser's IndexedDB,
 * multi-instance, no dev-mode checks; the app's replication with its defaults and the browser's
 * online/offline events), without React. The bench page reaches it as `window.pushDevice`.
 */
import { bookingActions, sendAheadWith } from '../../../client/data/bookingActions.js'
import { openClientDatabase } from '../../../client/data/database.js'
import { startReplication } from '../../../client/data/replication.js'
import { serverApi } from '../../../client/data/serverApi.js'
import { signIn } from '../../../client/data/session.js'

export interface PushDevice {
  /** Signs in, opens the device's database and replicates until in sync. */
  open(email: string, password: string): Promise<void>
  /** Books each slot on the device (offline: only locally), one after another as taps would. */
  book(slotIds: string[]): Promise<void>
  /** Ms from the page's next 'online' event until every local write is pushed and answered. */
  timeNextReconnect(): Promise<number>
  close(): Promise<void>
  /**
   * Measurement aid (test/bench/browserDevice/pushTrace.ts), off unless called: from now on, records
   * the device's stored booking writes and its replication's pushes, pulls and activity, with times.
   */
  startTrace(): void
  /** What startTrace recorded (ms on the page's clock), and empties it. */
  takeTrace(): TraceEvent[]
}

export interface TraceEvent {
  at: number
  what: string
  id?: string
  count?: number
}

declare global {
  interface Window {
    pushDevice: PushDevice
  }
}

let opened: {
  trace(record: (event: TraceEvent) => void): () => void
  close(): Promise<void>
  book(slotId: string): Promise<unknown>
  awaitInSync(): Promise<void>
} | null = null

const traced: TraceEvent[] = []
let stopTrace = () => {}

window.pushDevice = {
  async open(email, password) {
    const session = await signIn(email, password, { baseUrl: '', storage: null })
    const db = await openClientDatabase({
      name: `pushbench_${session.user.id.replace(/[^a-z0-9]/g, '')}_${Date.now()}`,
      multiInstance: true,
      devMode: false,
    })
    const connection = { baseUrl: '', token: session.token, organisationId: session.organisationId }
    const replication = startReplication(db, connection)
    const actions = bookingActions(db, session, { sendAhead: sendAheadWith(serverApi(connection)) })
    opened = {
      book: (slotId) => actions.book(slotId, 'offline booking'),
      awaitInSync: () => replication.awaitInSync(),
      trace(record) {
        const at = () => performance.now()
        const subscriptions = [
          db.bookings.$.subscribe((change) =>
            record({ at: at(), what: `stored booking ${change.operation}`, id: change.documentId }),
          ),
          ...(['bookings', 'slots'] as const).flatMap((name) => {
            const state = replication.states[name]
            return [
              state.active$.subscribe((active) => record({ at: at(), what: `${name} active ${active}` })),
              state.received$.subscribe((doc) =>
                record({ at: at(), what: `${name} received`, id: (doc as unknown as { id: string }).id }),
              ),
              state.sent$.subscribe((doc) =>
                record({ at: at(), what: `${name} sent`, id: (doc as unknown as { id: string }).id }),
              ),
              state.error$.subscribe((error) => record({ at: at(), what: `${name} error ${String(error)}` })),
            ]
          }),
        ]
        return () => {
          for (const subscription of subscriptions) subscription.unsubscribe()
        }
      },
      async close() {
        await replication.cancel()
        await db.close()
      },
    }
    await replication.awaitInSync()
  },
  async book(slotIds) {
    if (!opened) throw new Error('pushDevice: open() first')
    for (const slotId of slotIds) await opened.book(slotId)
  },
  timeNextReconnect() {
    const device = opened
    if (!device) throw new Error('pushDevice: open() first')
    return new Promise((resolve, reject) => {
      window.addEventListener(
        'online',
        () => {
          const started = performance.now()
          device.awaitInSync().then(() => resolve(performance.now() - started), reject)
        },
        { once: true },
      )
    })
  },
  async close() {
    stopTrace()
    await opened?.close()
    opened = null
  },
  startTrace() {
    if (!opened) throw new Error('pushDevice: open() first')
    stopTrace = opened.trace((event) => traced.push(event))
  },
  takeTrace() {
    return traced.splice(0)
  },
}
