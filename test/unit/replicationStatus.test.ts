/**
 * What replication tells the app, against a stubbed server over fake-indexeddb: the sync indicator's
 * "last sync" survives a reload while offline (kept in the device's database), and a session the
 * server refuses (401) is reported so the app can send the user back to sign-in.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { BehaviorSubject, filter, firstValueFrom, timeout } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../client/data/api.js'
import type { EventSourceConstructor, EventSourceLike } from '../../client/data/changeStream.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { type ClientReplication, startReplication } from '../../client/data/replication.js'
import { syncWords } from '../../client/features/sync/syncWords.js'

/** An EventSource that never connects (the stream is not what this test is about). */
class SilentEventSource implements EventSourceLike {
  readonly readyState = 0
  onopen = null
  onerror = null
  addEventListener() {}
  close() {}
}

/** An EventSource that connects at once and then stays quiet: the device counts as connected. */
class OpenEventSource implements EventSourceLike {
  readonly readyState = 1
  onopen: ((event: Event) => void) | null = null
  onerror = null
  constructor() {
    setTimeout(() => this.onopen?.(new Event('open')), 0)
  }
  addEventListener() {}
  close() {}
}

/** An EventSource whose first try fails at once (the server cannot be reached). */
class FailingEventSource implements EventSourceLike {
  readonly readyState = 0
  onopen = null
  onerror: ((event: Event) => void) | null = null
  constructor() {
    setTimeout(() => this.onerror?.(new Event('error')), 0)
  }
  addEventListener() {}
  close() {}
}

const emptyPull = () =>
  new Response(JSON.stringify({ documents: [], checkpoint: { since: null, until: null, after: null } }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })

const offline: typeof fetch = async () => {
  throw new TypeError('fetch failed: offline')
}

const open: { db: ClientDatabase; replication: ClientReplication }[] = []
afterEach(async () => {
  for (const { db, replication } of open.splice(0)) {
    await replication.cancel()
    await db.close()
  }
})

async function device(
  indexedDB: IDBFactory,
  serverFetch: typeof fetch,
  online: boolean,
  onUnauthorized?: () => void,
  EventSource: EventSourceConstructor = SilentEventSource,
) {
  const db = await openClientDatabase({ name: 'lastsync', indexedDB, IDBKeyRange })
  const replication = startReplication(db, {
    baseUrl: 'http://127.0.0.1:9',
    token: 't',
    fetch: serverFetch,
    EventSource,
    online$: new BehaviorSubject(online),
    onUnauthorized,
  })
  open.push({ db, replication })
  return { db, replication }
}

const statusWhere = (replication: ClientReplication, check: (s: SyncStatus) => boolean) =>
  firstValueFrom(replication.status$.pipe(filter(check), timeout(10_000)))

describe('last sync time', () => {
  it('is shown again after reopening the database offline', async () => {
    const indexedDB = new IDBFactory()
    const first = await device(indexedDB, async () => emptyPull(), true)
    await statusWhere(first.replication, (s) => s.lastSyncedAt !== null)
    // Written to the device's database (not just kept in memory).
    for (let i = 0; i < 100 && !(await first.db.getLocal('lastSync')); i++) {
      await new Promise((r) => setTimeout(r, 20))
    }
    const [opened] = open.splice(0)
    await opened?.replication.cancel()
    // What the device kept (requests of several collections answer within a few ms of each other).
    const at = (await first.db.getLocal<{ at: string }>('lastSync'))?.get('at')
    expect(at).toBeTruthy()
    await opened?.db.close()

    const reloaded = await device(indexedDB, offline, false)
    const status = await statusWhere(reloaded.replication, (s) => s.lastSyncedAt !== null)
    expect(status.lastSyncedAt).toBe(at)
    expect(status.online).toBe(false)
  })

  it('reports a refused session (401)', async () => {
    const refused = async () =>
      new Response(JSON.stringify({ code: 'UNAUTHENTICATED', message: 'Please sign in.' }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      })
    let told = 0
    const { db } = await device(new IDBFactory(), refused, true, () => told++)
    for (let i = 0; i < 100 && told === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(told).toBeGreaterThan(0)
    // Replication only reports it; the database (and any unsynced change in it) stays.
    expect(db.closed).toBe(false)
  })

  it('is "syncing" until the device first reaches the server, never "all saved" before', async () => {
    // The server answers only when the test lets it: until then the device has never synced.
    let answer: () => void = () => {}
    const answered = new Promise<void>((resolve) => {
      answer = resolve
    })
    const slowServer: typeof fetch = async () => {
      await answered
      return emptyPull()
    }
    const { replication } = await device(new IDBFactory(), slowServer, true)
    const seen: SyncStatus[] = []
    const watching = replication.status$.subscribe((status) => seen.push(status))
    // Replication starting: leadership, the first pull requests sent and waiting.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(seen.length).toBeGreaterThan(0)
    for (const status of seen) expect(status).toMatchObject({ lastSyncedAt: null, syncing: true })
    watching.unsubscribe()
    answer()
    const after = await statusWhere(replication, (s) => s.lastSyncedAt !== null && !s.syncing)
    expect(after.pendingChanges).toBe(0)
  })

  it('is connecting, not offline, until the first try to reach the server answers', async () => {
    // The stream has not answered yet (SilentEventSource): the device has not found the server
    // unreachable, it is still trying (a walk saw "Offline" for seconds after every sign-in).
    const waiting = await device(new IDBFactory(), async () => emptyPull(), true)
    const starting = await statusWhere(waiting.replication, () => true)
    expect(starting).toMatchObject({ online: false, connecting: true })
    // Offline once the try failed, or at once when the network is down.
    const failed = await device(new IDBFactory(), offline, true, undefined, FailingEventSource)
    expect(await statusWhere(failed.replication, (s) => !s.connecting)).toMatchObject({ online: false })
    const down = await device(new IDBFactory(), offline, false)
    expect(await statusWhere(down.replication, () => true)).toMatchObject({
      online: false,
      connecting: false,
    })
    const opened = await device(new IDBFactory(), async () => emptyPull(), true, undefined, OpenEventSource)
    expect(await statusWhere(opened.replication, (s) => s.online)).toMatchObject({ connecting: false })
  })

  it('a server that answers with an error is a sync problem, not "offline"', async () => {
    // A walk saw "Offline · 1 change waiting" on a device online, over a push the server refused.
    const failing: typeof fetch = async () =>
      new Response(
        JSON.stringify({ code: 'INTERNAL', message: 'Something failed on the server.', details: {} }),
        {
          status: 500,
          headers: { 'content-type': 'application/json' },
        },
      )
    const { replication } = await device(new IDBFactory(), failing, true, undefined, OpenEventSource)
    const status = await statusWhere(replication, (s) => s.error !== null)
    expect(status.online).toBe(true)
    expect(status.error).toContain('Something failed on the server.')
  })

  it('no answer at all is offline', async () => {
    const { replication } = await device(new IDBFactory(), offline, true, undefined, OpenEventSource)
    const status = await statusWhere(replication, (s) => s.error !== null)
    expect(status.online).toBe(false)
  })
})

describe('coming back online', () => {
  /** A network the test turns on and off: the server's answers and the stream follow it. */
  function switchableNetwork() {
    const network = { up: false, online$: new BehaviorSubject(false) }
    const fetch: typeof globalThis.fetch = async () => {
      if (!network.up) throw new TypeError('fetch failed: offline')
      return emptyPull()
    }
    /** Opens a moment after it is made while the network is up; fails at once (and gives up) otherwise. */
    class NetworkEventSource implements EventSourceLike {
      readyState = 0
      onopen: ((event: Event) => void) | null = null
      onerror: ((event: Event) => void) | null = null
      constructor() {
        const up = network.up
        setTimeout(
          () => {
            this.readyState = up ? 1 : 2
            if (up) this.onopen?.(new Event('open'))
            else this.onerror?.(new Event('error'))
          },
          up ? 100 : 0,
        )
      }
      addEventListener() {}
      close() {}
    }
    const setUp = (up: boolean) => {
      network.up = up
      network.online$.next(up)
    }
    return { fetch, EventSource: NetworkEventSource, online$: network.online$, setUp }
  }

  async function offlineDevice(network: ReturnType<typeof switchableNetwork>) {
    const db = await openClientDatabase({ name: 'reconnect', indexedDB: new IDBFactory(), IDBKeyRange })
    const replication = startReplication(db, {
      baseUrl: 'http://127.0.0.1:9',
      token: 't',
      fetch: network.fetch,
      EventSource: network.EventSource,
      online$: network.online$,
    })
    open.push({ db, replication })
    // Requests failed while offline.
    await statusWhere(replication, (s) => s.error !== null)
    return replication
  }

  /** The sync pill's state at every status the device emits, from the first one on. */
  async function watchStates(
    replication: ReturnType<typeof startReplication>,
    network: ReturnType<typeof switchableNetwork>,
  ) {
    const states: string[] = []
    const watching = replication.status$.subscribe((status) =>
      states.push(syncWords(status, network.online$.value, 0).state),
    )
    await expect.poll(() => states.length).toBeGreaterThan(0)
    return { states, watching }
  }

  it('is never "Can\'t reach the server" while the device reconnects after being offline', async () => {
    // A walk saw "Can't reach the server" for a moment at every reconnect, the server fine.
    const network = switchableNetwork()
    const replication = await offlineDevice(network)
    const { states, watching } = await watchStates(replication, network)
    network.setUp(true)
    await statusWhere(replication, (s) => s.online && s.error === null)
    watching.unsubscribe()
    expect(states[0]).toBe('offline')
    expect(states).not.toContain('unreachable')
    expect(states).not.toContain('error')
  })

  it('is "Can\'t reach the server" once the server still does not answer a moment after the network is back', async () => {
    const network = switchableNetwork()
    const replication = await offlineDevice(network)
    const { states, watching } = await watchStates(replication, network)
    // The network is back, the server is not: reconnecting for a moment, then the outage is told.
    network.online$.next(true)
    await expect.poll(() => states.at(-1), { timeout: 8_000 }).toBe('unreachable')
    watching.unsubscribe()
    expect(states).toContain('connecting')
  })
})
