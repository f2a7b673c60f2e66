/**
 * The live stream: server-sent events woken by each process's change feed (it polls the snapshot
 * horizon; changeFeed.ts). On one process: a change event per collection after a commit, heartbeat
 * comments, 401 without a session. On real PostgreSQL: two server processes on one database, a
 * booking through process 1 reaches a device (the web client's replication) connected to process 2.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { defaultConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { openDatabase } from '../../server/db/openDatabase.js'
import { type Device, openDevice } from '../helpers/deviceClient.js'
import { announces, newBookingDoc, readEventStream } from '../helpers/replicationDocs.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { startTestServer, type TestServer } from '../helpers/testServer.js'

const HEARTBEAT_MS = 200

describe('replication stream on one process', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ STREAM_HEARTBEAT_MS: HEARTBEAT_MS })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('announces each changed collection after a commit and sends heartbeats', async () => {
    const token = await server.signIn(server.seed.customerA.email)
    const stream = await readEventStream(`${server.url}/api/replication/stream`, token)
    try {
      expect(stream.response.status).toBe(200)
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
      await stream.waitFor(/^retry: \d+\n: connected\n\n/)
      const push = await server
        .api(token)
        .post('/api/replication/bookings/push', [
          { newDocumentState: newBookingDoc(server.seed.slots.five, server.seed.customerA.id) },
        ])
      expect(push.status).toBe(200)
      await stream.waitFor(announces('bookings'))
      await stream.waitFor(announces('slots'))
      await stream.waitFor(/: heartbeat\n\n/, HEARTBEAT_MS * 5)
    } finally {
      await stream.close()
    }
  })

  it('refuses a stream without a valid session', async () => {
    const response = await fetch(`${server.url}/api/replication/stream`, {
      headers: { authorization: 'Bearer not-a-token' },
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
  })
})

describe.runIf(onRealPostgres)('two server processes on one database (real PostgreSQL)', () => {
  let process1: TestServer
  let db2: Database
  let app2: FastifyInstance
  let url2: string

  beforeAll(async () => {
    process1 = await startTestServer()
    if (!process1.databaseUrl) throw new Error('needs a real database')
    db2 = await openDatabase({ databaseUrl: process1.databaseUrl })
    app2 = await buildApp({ db: db2, config: defaultConfig({ SEED_DEMO: false }), clientDir: '/nonexistent' })
    await app2.listen({ port: 0, host: '127.0.0.1' })
    const address = app2.server.address()
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
    url2 = `http://127.0.0.1:${address.port}`
  })
  afterAll(async () => {
    await app2?.close()
    await db2?.close()
    await process1?.close()
  })

  it("a booking made through process 1 reaches a device connected to process 2, and 2's stream", async () => {
    const customer = process1.seed.customerB
    const token = await process1.signIn(customer.email)
    const providerDevice: Device = await openDevice({
      baseUrl: url2,
      email: process1.seed.providerA.email,
      password: process1.seed.password,
    })
    const onTwo = await readEventStream(`${url2}/api/replication/stream`, token)
    try {
      await providerDevice.awaitInSync()
      await onTwo.waitFor(/: connected\n\n/)
      const booking = newBookingDoc(process1.seed.slots.pair, customer.id)
      const push = await process1
        .api(token)
        .post('/api/replication/bookings/push', [{ newDocumentState: booking }])
      // Accepted as sent: no conflict to answer.
      expect(push.status).toBe(200)
      expect(push.body).toEqual([])
      const bookingId = booking.id
      await onTwo.waitFor(announces('bookings'))
      // The provider's device on process 2 pulls the booking and the slot's new counter.
      await expect.poll(() => providerDevice.booking(bookingId), { timeout: 10_000 }).not.toBeNull()
      await expect
        .poll(async () => (await providerDevice.slot(process1.seed.slots.pair.id))?.currentBookings, {
          timeout: 10_000,
        })
        .toBe(1)
    } finally {
      await onTwo.close()
      await providerDevice.close()
    }
  })
})
