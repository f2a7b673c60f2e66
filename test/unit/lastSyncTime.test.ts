/**
 * The sync indicator's "last sync" survives a reload while offline: replication keeps the time it
 * last reached the server in the device's database (fake-indexeddb here, a stubbed server).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { BehaviorSubject, filter, firstValueFrom, timeout } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../client/data/api.js'
import type { EventSourceLike } from '../../client/data/changeStream.js'
import { type ClientDatabase, openClientDatabase } from '../../client/data/database.js'
import { type ClientReplication, startReplication } from '../../client/data/replication.js'

/** An EventSource that never connects (the stream is not what this test is about). */
class SilentEventSource implements EventSourceLike {
  readonly readyState = 0
  onopen = null
  onerror = null
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

async function device(indexedDB: IDBFactory, serverFetch: typeof fetch, online: boolean) {
  const db = await openClientDatabase({ name: 'lastsync', indexedDB, IDBKeyRange })
  const replication = startReplication(db, {
    baseUrl: 'http://127.0.0.1:9',
    token: 't',
    fetch: serverFetch,
    EventSource: SilentEventSource,
    online$: new BehaviorSubject(online),
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
    const synced = await statusWhere(first.replication, (s) => s.lastSyncedAt !== null)
    const at = synced.lastSyncedAt
    // Written to the device's database (not just kept in memory).
    for (let i = 0; i < 100 && !(await first.db.getLocal('lastSync')); i++) {
      await new Promise((r) => setTimeout(r, 20))
    }
    const [opened] = open.splice(0)
    await opened?.replication.cancel()
    await opened?.db.close()

    const reloaded = await device(indexedDB, offline, false)
    const status = await statusWhere(reloaded.replication, (s) => s.lastSyncedAt !== null)
    expect(status.lastSyncedAt).toBe(at)
    expect(status.online).toBe(false)
  })
})
