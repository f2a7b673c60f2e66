/**
 * Torture 2c: fast-check fires malformed and hostile requests at every REST and replication
 * endpoint. Required: no 5xx, no state change at all (every table's fingerprint equal before and
 * after), and the server still serves a normal booking afterwards.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpClient, httpClient } from '../helpers/httpRequest.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'
import { snapshotDatabase } from './databaseSnapshot.js'
import { type FuzzRequest, type FuzzWorld, replicationRequests, restRequests } from './fuzzedRequests.js'
import { tortureScale } from './tortureScale.js'

const { requests } = tortureScale.fuzz

describe('torture: fuzzing every endpoint with hostile input', () => {
  let server: TestServer
  let client: HttpClient
  let world: FuzzWorld
  beforeAll(async () => {
    server = await startTestServer()
    client = httpClient(server.url, 4, false)
    world = await buildWorld(server)
  }, 120_000)
  afterAll(async () => {
    client?.close()
    await server?.close()
  })

  it(
    `${requests} hostile requests: zero 5xx, zero state change, still serving`,
    async () => {
      const before = await snapshotDatabase(server.db)
      /** endpoint -> "status" -> count */
      const outcomes = new Map<string, Record<string, number>>()
      const arbitraries = [...restRequests(world), ...replicationRequests(world)]
      await fc.assert(
        fc.asyncProperty(fc.oneof(...arbitraries), async (req: FuzzRequest) => {
          const res = await client.request({ ...req, timeoutMs: 20_000 })
          const seen = outcomes.get(req.endpoint) ?? {}
          seen[res.status] = (seen[res.status] ?? 0) + 1
          outcomes.set(req.endpoint, seen)
          if (res.status >= 500)
            throw new Error(`${req.endpoint} answered ${res.status}: ${JSON.stringify(res.body)}`)
        }),
        { numRuns: requests, seed: 20_261_125, endOnFailure: false },
      )
      const counts = [...outcomes.values()].flatMap((seen) => Object.values(seen))
      const sent = counts.reduce((a, b) => a + b, 0)
      expect(sent).toBeGreaterThanOrEqual(requests)
      // Every endpoint was actually exercised.
      const endpoints = new Set(arbitraries.flatMap((a) => fc.sample(a, 1).map((r) => r.endpoint)))
      for (const endpoint of endpoints) expect(outcomes.has(endpoint), endpoint).toBe(true)

      expect(await snapshotDatabase(server.db)).toEqual(before)

      const health = await client.request({ method: 'GET', path: '/api/health' })
      expect(health.status).toBe(200)
      const booked = await client.request({
        method: 'POST',
        path: '/api/bookings',
        token: world.tokens.customerA,
        body: { slotId: world.slots.open, notes: 'after the storm' },
      })
      expect(booked.status).toBe(201)
      console.log(`fuzz: ${sent} requests; statuses by endpoint:`)
      console.table(Object.fromEntries(outcomes))
    },
    tortureScale.timeoutMs,
  )
})

async function buildWorld(server: TestServer): Promise<FuzzWorld> {
  const { seed } = server
  const tokens = {
    customerA: await server.signIn(seed.customerA.email),
    customerB: await server.signIn(seed.customerB.email),
    customerC: await server.signIn(seed.customerC.email),
    providerA: await server.signIn(seed.providerA.email),
    providerB: await server.signIn(seed.providerB.email),
  }
  const ok = (res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status)
      throw new Error(`fixture request answered ${res.status}: ${JSON.stringify(res.body)}`)
    return res.body as { id: string }
  }
  const asB = server.api(tokens.customerB)
  const asA = server.api(tokens.providerA)
  const blocked = await seed.createSlot({ maxBookings: 4 })
  const deleted = await seed.createSlot({ maxBookings: 4 })
  ok(await asA.patch(`/api/slots/${blocked.id}`, { blocked: true }), 200)
  ok(await asA.delete(`/api/slots/${deleted.id}`), 200)
  ok(await asB.post('/api/bookings', { slotId: seed.slots.single.id }), 201)
  const bookingOfB = ok(await asB.post('/api/bookings', { slotId: seed.slots.pair.id }), 201).id
  const past = await seed.createSlot({
    startTime: new Date(Date.now() - 86_400_000).toISOString(),
    maxBookings: 3,
  })
  const documents = {
    booking: await pulledDocument(server, tokens.customerB, 'bookings', bookingOfB),
    slot: await pulledDocument(server, tokens.providerA, 'slots', seed.slots.five.id),
  }
  const users = [seed.providerA, seed.providerB, seed.customerA, seed.customerB, seed.customerC]
  return {
    tokens,
    emails: users.map((u) => u.email),
    users: users.map((u) => u.id),
    services: { ofA: seed.serviceA.id, ofB: seed.serviceB.id },
    slots: {
      open: seed.slots.five.id,
      full: seed.slots.single.id,
      held: seed.slots.pair.id,
      past: past.id,
      blocked: blocked.id,
      deleted: deleted.id,
      providerBSlot: seed.slots.providerB.id,
    },
    bookingOfB,
    documents,
  }
}

async function pulledDocument(server: TestServer, token: string, collection: string, id: string) {
  const res = await server.api(token).get(`/api/replication/${collection}/pull?batchSize=1000`)
  const found = (res.body as { documents: Record<string, unknown>[] }).documents.find((d) => d.id === id)
  if (!found) throw new Error(`pull of ${collection} did not return ${id}`)
  return found
}
