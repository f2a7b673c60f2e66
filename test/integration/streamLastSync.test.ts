/**
 * "last sync" moves with the live changes the stream carries (walk-offline Low 3): the pill kept the
 * time of the device's last pull while the stream brought other customers' bookings onto the screen.
 * A documents message is the server heard from, as a request answered is (client/data/replication.ts).
 * The real client (RxDB's own loop over fake-indexeddb) takes the change without pulling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstValueFrom } from 'rxjs'
import { openDevice } from '../helpers/deviceClient.js'
import { startTestServer, type TestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ FEED_POLL_MS: 20 })
})
afterAll(async () => {
  await server?.close()
})

describe('last sync', () => {
  it('moves when the stream brings documents, without a pull', async () => {
    const customer = await server.seed.createCustomer()
    const device = await openDevice({
      baseUrl: server.url,
      email: customer.email,
      password: customer.password,
    })
    try {
      await device.awaitInSync()
      await expect.poll(() => device.replication().stream.connected$.value, { timeout: 5000 }).toBe(true)
      await device.awaitInSync()
      const lastSync = async () => (await firstValueFrom(device.replication().status$)).lastSyncedAt
      const before = await lastSync()
      expect(before).not.toBeNull()
      await expect.poll(() => Date.now()).toBeGreaterThan(Date.parse(before as string))
      const items: string[] = []
      const watch = device
        .replication()
        .stream.resync.slots.subscribe((item) => items.push(item === 'RESYNC' ? item : 'documents'))

      const slot = await server.seed.createSlot({ provider: server.seed.providerB, maxBookings: 3 })
      await expect.poll(() => device.slot(slot.id), { timeout: 5000 }).not.toBeNull()
      watch.unsubscribe()
      // Carried by the stream, not pulled: only the stream can have moved "last sync".
      expect(items).toEqual(['documents'])
      expect(Date.parse((await lastSync()) as string)).toBeGreaterThan(Date.parse(before as string))
    } finally {
      await device.close()
    }
  })
})
