/**
 * The live stream: server-sent events fed by PostgreSQL LISTEN/NOTIFY. On one process: a change
 * event per collection after a commit, heartbeat comments, 401 without a session. On real
 * PostgreSQL: two server processes on one database, a booking through A reaches B's subscriber.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { defaultConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { openDatabase } from '../../server/db/openDatabase.js'
import { openChangeFeed } from '../../server/replication/changeFeed.js'
import { newBookingDoc, readEventStream } from '../helpers/replicationDocs.js'
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
      await stream.waitFor(/event: change\ndata: bookings\n\n/)
      await stream.waitFor(/event: change\ndata: slots\n\n/)
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
  let processA: TestServer
  let dbB: Database
  let appB: FastifyInstance
  let urlB: string

  beforeAll(async () => {
    processA = await startTestServer()
    if (!processA.databaseUrl) throw new Error('needs a real database')
    dbB = await openDatabase({ databaseUrl: processA.databaseUrl })
    appB = await buildApp({ db: dbB, config: defaultConfig({ SEED_DEMO: false }), clientDir: '/nonexistent' })
    await appB.listen({ port: 0, host: '127.0.0.1' })
    const address = appB.server.address()
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
    urlB = `http://127.0.0.1:${address.port}`
  })
  afterAll(async () => {
    await appB?.close()
    await dbB?.close()
    await processA?.close()
  })

  it('a booking made through process A reaches a stream subscriber on process B', async () => {
    const customer = processA.seed.customerB
    const token = await processA.signIn(customer.email)
    const onB = await readEventStream(`${urlB}/api/replication/stream`, token)
    try {
      await onB.waitFor(/: connected\n\n/)
      const booking = newBookingDoc(processA.seed.slots.pair, customer.id)
      const push = await processA
        .api(token)
        .post('/api/replication/bookings/push', [{ newDocumentState: booking }])
      // Accepted as sent: no conflict to answer.
      expect(push.status).toBe(200)
      expect(push.body).toEqual([])
      await onB.waitFor(/event: change\ndata: bookings\n\n/)
      // and B serves the booking to the pull that the event triggers
      const pulled = await fetch(`${urlB}/api/replication/bookings/pull`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const body = (await pulled.json()) as { documents: { id: string }[] }
      expect(body.documents.map((d) => d.id)).toContain(booking.id)
    } finally {
      await onB.close()
    }
  })
})

describe('the change feed keeps listening', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  async function feedLog(livenessMs: number) {
    const seen: string[] = []
    const feed = await openChangeFeed(server.db, { tables: ['slots', 'bookings'], livenessMs })
    feed.subscribe((table) => seen.push(table))
    return { seen, close: () => feed.close() }
  }

  it('hears its own pings while healthy (no spurious resync) and forwards table changes', async () => {
    // Five liveness periods: long enough for a spurious resync to show, on a loaded CI machine too.
    const feed = await feedLog(250)
    try {
      await new Promise((r) => setTimeout(r, 1250))
      expect(feed.seen).toEqual([])
      await server.seed.createSlot()
      await expect.poll(() => feed.seen, { timeout: 5000 }).toContain('slots')
    } finally {
      await feed.close()
    }
  })

  it.runIf(onRealPostgres)(
    'listens again after its connection is killed and announces every table',
    async () => {
      const feed = await feedLog(100)
      try {
        const killed = await server.db.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
        )
        expect(killed.rows[0]?.n).toBeGreaterThan(0)
        await expect
          .poll(() => feed.seen, { timeout: 5000 })
          .toEqual(expect.arrayContaining(['slots', 'bookings']))
        feed.seen.length = 0
        await server.seed.createSlot()
        await expect.poll(() => feed.seen, { timeout: 5000 }).toContain('slots')
      } finally {
        await feed.close()
      }
    },
  )
})
