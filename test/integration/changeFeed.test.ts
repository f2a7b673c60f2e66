/**
 * The change feed (changeFeed.ts): polls the snapshot horizon, wakes only the streams that can see a
 * change, and a lost wake-up costs latency, never data (invariant 10):
 *  - scoped wake-ups over real HTTP streams: a change in provider P's slots wakes no stream of
 *    another provider; a booking by customer X wakes X's and P's streams, not Y's bookings;
 *  - with no stream open the feed polls at its idle pause, and the first stream opened starts a poll;
 *  - a write this process answers makes a quiet feed poll at once (nudge), a busy one keeps its cadence;
 *  - failed polls: the changes committed meanwhile are announced by the next successful poll;
 *  - on real PostgreSQL, the server's connections killed (pg_terminate_backend): devices converge;
 *  - a restarted server process: devices reconnect and converge.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { defaultConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { createBooking } from '../../server/domain/bookings.js'
import { updateSlot } from '../../server/domain/slots.js'
import { openChangeFeed } from '../../server/replication/changeFeed.js'
import type { CollectionName } from '../../shared/replication.js'
import { openDevice } from '../helpers/deviceClient.js'
import {
  announcedCollections,
  announces,
  type EventStreamReader,
  readEventStream,
} from '../helpers/replicationDocs.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { type TestServer, type TestUser, startTestServer } from '../helpers/testServer.js'

const POLL_MS = 20
/** Long enough for many polls to have run on a loaded machine: a wake-up that should not come would have. */
const QUIET_MS = 1000

let server: TestServer
beforeAll(async () => {
  // The default idle pause: a stream opened on an idle feed must not hear of the slots seeded before
  // it opened (the feed catches up before the stream says it is connected).
  server = await startTestServer({ FEED_POLL_MS: POLL_MS })
})
afterAll(async () => {
  await server?.close()
})

const changeEvents = (stream: EventStreamReader): string[] => announcedCollections(stream.text())

async function openStreams(users: TestUser[]): Promise<EventStreamReader[]> {
  return Promise.all(
    users.map(async (user) => {
      const stream = await readEventStream(
        `${server.url}/api/replication/stream`,
        await server.signIn(user.email),
      )
      await stream.waitFor(/: connected\n\n/)
      return stream
    }),
  )
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, QUIET_MS))
}

describe('wake-ups per scope', () => {
  it("a change in provider P's slots wakes P and the customers, and 0 streams of other providers", async () => {
    const { providerA, providerB, customerA } = server.seed
    const slot = await server.seed.createSlot({ provider: providerA })
    const streams = await openStreams([providerA, providerB, providerB, customerA])
    const [p, q1, q2, x] = streams as [
      EventStreamReader,
      EventStreamReader,
      EventStreamReader,
      EventStreamReader,
    ]
    try {
      await server.db.transaction((tx) => updateSlot(tx, providerA, slot.id, { maxBookings: 4 }))
      await p.waitFor(announces('slots'))
      await x.waitFor(announces('slots'))
      await settle()
      expect(changeEvents(p)).toEqual(['slots'])
      expect(changeEvents(x)).toEqual(['slots'])
      expect(changeEvents(q1)).toEqual([])
      expect(changeEvents(q2)).toEqual([])
    } finally {
      await Promise.all(streams.map((s) => s.close()))
    }
  })

  it("a booking by customer X wakes X's and P's streams, and Y only for the slot's counter", async () => {
    const { providerA, providerB, customerA: x, customerB: y } = server.seed
    const slot = await server.seed.createSlot({ provider: providerB })
    const streams = await openStreams([providerB, x, y, providerA])
    const [p, onX, onY, other] = streams as [
      EventStreamReader,
      EventStreamReader,
      EventStreamReader,
      EventStreamReader,
    ]
    try {
      await server.db.transaction((tx) =>
        createBooking(tx, x, { id: randomUUID(), slotId: slot.id, notes: '' }),
      )
      await p.waitFor(announces('bookings'))
      await onX.waitFor(announces('bookings'))
      await settle()
      // P is also told of the new booking (its notification, written in the booking's transaction).
      expect(changeEvents(p)).toEqual(['bookings', 'notifications', 'slots'])
      expect(changeEvents(onX)).toEqual(['bookings', 'slots'])
      // Y browses every slot (the counter changed) but does not see X's booking.
      expect(changeEvents(onY)).toEqual(['slots'])
      expect(changeEvents(other)).toEqual([])
    } finally {
      await Promise.all(streams.map((s) => s.close()))
    }
  })
})

describe('a process with no stream open polls at the idle pause', () => {
  it('polls rarely with nobody to wake, and the first stream that opens is woken at the fast pace', async () => {
    // An idle pause far longer than the test: only the kick on the first watch can wake the stream in time.
    const feed = openChangeFeed(server.db, { pollMs: POLL_MS, idlePollMs: 600_000 })
    try {
      await expect.poll(() => feed.stats().polls, { timeout: 5000 }).toBe(1)
      await settle()
      expect(feed.stats().polls).toBe(1)
      const woken: CollectionName[] = []
      feed.watch(server.seed.providerA, (collection) => woken.push(collection))
      await server.seed.createSlot({ provider: server.seed.providerA })
      await expect.poll(() => woken, { timeout: 5000 }).toEqual(['slots'])
      expect(feed.stats().polls).toBeGreaterThan(2)
    } finally {
      await feed.close()
    }
  })
})

describe('a write answered by this process is read at once when the feed is quiet', () => {
  it('a nudge polls a quiet feed now; after a poll that found changes it waits for the cadence', async () => {
    // A pause far longer than the test: every poll after the first is a nudge's.
    const feed = openChangeFeed(server.db, { pollMs: 600_000 })
    try {
      const woken: CollectionName[] = []
      feed.watch(server.seed.providerA, (collection) => woken.push(collection))
      await expect.poll(() => feed.stats().polls, { timeout: 5000 }).toBeGreaterThanOrEqual(1)
      await settle()
      const quietPolls = feed.stats().polls
      feed.nudge()
      await expect.poll(() => feed.stats().polls, { timeout: 5000 }).toBe(quietPolls + 1)
      await server.seed.createSlot({ provider: server.seed.providerA })
      feed.nudge()
      await expect.poll(() => woken, { timeout: 5000 }).toEqual(['slots'])
      // That poll found a change: the feed is busy, and a nudge now waits for the cadence.
      const busyPolls = feed.stats().polls
      feed.nudge()
      await settle()
      expect(feed.stats().polls).toBe(busyPolls)
    } finally {
      await feed.close()
    }
  })

  it("a booking over HTTP reaches another device's stream without waiting for the poll pause", async () => {
    // No regular poll during the test; idle polls read the seeded slot before the stream opens, so the
    // feed is quiet when the booking comes.
    const slow = await startTestServer({ FEED_POLL_MS: 600_000, FEED_IDLE_POLL_MS: 20 })
    try {
      const { providerA, customerA } = slow.seed
      const slot = await slow.seed.createSlot({ provider: providerA })
      await settle()
      const stream = await readEventStream(
        `${slow.url}/api/replication/stream`,
        await slow.signIn(providerA.email),
      )
      try {
        await stream.waitFor(/: connected\n\n/)
        const token = await slow.signIn(customerA.email)
        const response = await fetch(`${slow.url}/api/bookings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ slotId: slot.id }),
        })
        expect(response.status).toBe(201)
        await stream.waitFor(announces('bookings'), 5000)
      } finally {
        stream.close()
      }
    } finally {
      await slow.close()
    }
  })
})

describe('a lost wake-up costs latency, never data', () => {
  it('changes committed while polls fail are announced by the next poll that succeeds', async () => {
    let failing = false
    const flaky: Database = {
      ...server.db,
      query: (sql, params) =>
        failing ? Promise.reject(new Error('connection terminated')) : server.db.query(sql, params),
    }
    const feed = openChangeFeed(flaky, { pollMs: POLL_MS })
    const woken: CollectionName[] = []
    feed.watch(server.seed.providerA, (collection) => woken.push(collection))
    try {
      await expect.poll(() => feed.stats().polls, { timeout: 5000 }).toBeGreaterThan(0)
      failing = true
      const failedBefore = feed.stats().failedPolls
      await server.seed.createSlot({ provider: server.seed.providerA })
      await expect.poll(() => feed.stats().failedPolls, { timeout: 5000 }).toBeGreaterThan(failedBefore + 2)
      expect(woken).toEqual([])
      failing = false
      await expect.poll(() => woken, { timeout: 5000 }).toEqual(['slots'])
    } finally {
      await feed.close()
    }
  })

  it.runIf(onRealPostgres)(
    "the server's database connections killed: a device still receives what is booked afterwards",
    async () => {
      const customer = await server.seed.createCustomer()
      const device = await openDevice({
        baseUrl: server.url,
        email: customer.email,
        password: customer.password,
      })
      const admin = new pg.Client({ connectionString: server.databaseUrl })
      await admin.connect()
      try {
        await device.awaitInSync()
        const slot = await server.seed.createSlot({ maxBookings: 5 })
        const { rows } = await admin.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
        expect(rows[0]?.n).toBeGreaterThan(0)
        const id = randomUUID()
        // The pool replaces its dead connections; the first statements on them may fail, so retry.
        for (let attempt = 0; ; attempt++) {
          try {
            await server.db.transaction((tx) =>
              createBooking(tx, customer, { id, slotId: slot.id, notes: '' }),
            )
            break
          } catch (error) {
            if (attempt >= 5) throw error
          }
        }
        await expect.poll(() => device.booking(id), { timeout: 15_000 }).not.toBeNull()
      } finally {
        await admin.end()
        await device.close()
      }
    },
  )
})

describe('a restarted server process', () => {
  let app: FastifyInstance | undefined
  afterAll(async () => {
    await app?.close()
  })

  async function startOn(db: Database, port: number): Promise<FastifyInstance> {
    const started = await buildApp({
      db,
      config: defaultConfig({ SEED_DEMO: false, FEED_POLL_MS: POLL_MS }),
      clientDir: '/nonexistent',
    })
    await started.listen({ port, host: '127.0.0.1' })
    return started
  }

  it('devices reconnect to the new process and receive what was committed while it was down', async () => {
    app = await startOn(server.db, 0)
    const address = app.server.address()
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
    const port = address.port
    const customer = await server.seed.createCustomer()
    const device = await openDevice({
      baseUrl: `http://127.0.0.1:${port}`,
      email: customer.email,
      password: customer.password,
    })
    try {
      await device.awaitInSync()
      await expect.poll(() => device.replication().stream.connected$.value, { timeout: 5000 }).toBe(true)
      await app.close()
      const slot = await server.seed.createSlot({ maxBookings: 5 })
      const id = randomUUID()
      await server.db.transaction((tx) => createBooking(tx, customer, { id, slotId: slot.id, notes: '' }))
      app = await startOn(server.db, port)
      await expect.poll(() => device.booking(id), { timeout: 15_000 }).not.toBeNull()
      await expect
        .poll(() => device.slot(slot.id).then((s) => s?.currentBookings), { timeout: 15_000 })
        .toBe(1)
    } finally {
      await device.close()
    }
  })
})
