/**
 * Issue 13, goal 2: GET /api/replication/slots/window, the week a new device shows before its first
 * pull has stored everything. The documents are the pull's own (same shape, same scope), live only,
 * in start order; a malformed window is a 400, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  // The window is years ahead (a fixed date): the customer's pull compared with it must hold the whole
  // future, not the bookable horizon (test/integration/slotHorizon.test.ts).
  server = await startTestServer({ SLOT_HORIZON_DAYS: 0 })
})
afterAll(async () => {
  await server?.close()
})

const HOUR = 3_600_000
const base = Date.parse('2031-03-03T00:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

describe('the slot window', () => {
  it("returns the slots starting in [from, to) as the pull's documents, in start order, scoped", async () => {
    const { seed } = server
    const inside = [
      await seed.createSlot({ startTime: iso(base + 5 * HOUR) }),
      await seed.createSlot({ startTime: iso(base + 2 * HOUR), provider: seed.providerB }),
    ]
    await seed.createSlot({ startTime: iso(base + 7 * 24 * HOUR) }) // outside
    const window = `from=${iso(base)}&to=${iso(base + 24 * HOUR)}`

    const customer = server.api(await server.signIn(seed.customerA.email))
    const seen = await customer.get(`/api/replication/slots/window?${window}`)
    expect(seen.status).toBe(200)
    expect(seen.body.map((d: { id: string }) => d.id)).toEqual([inside[1]?.id, inside[0]?.id])
    const pulled = await customer.get('/api/replication/slots/pull?batchSize=1000')
    const fromPull = pulled.body.documents.find((d: { id: string }) => d.id === inside[0]?.id)
    expect(seen.body[1]).toEqual(fromPull)

    // A provider sees only their own slots, as in the pull.
    const provider = server.api(await server.signIn(seed.providerA.email))
    const own = await provider.get(`/api/replication/slots/window?${window}`)
    expect(own.body.map((d: { id: string }) => d.id)).toEqual([inside[0]?.id])
  })

  it("holds only the named provider's or service's slots when the view names them", async () => {
    const { seed } = server
    const from = base + 30 * 24 * HOUR
    const yoga = await seed.createService('Window yoga')
    const ofB = await seed.createSlot({ startTime: iso(from + HOUR), provider: seed.providerB })
    const ofYoga = await seed.createSlot({ startTime: iso(from + 2 * HOUR), service: yoga })
    const ofA = await seed.createSlot({ startTime: iso(from + 3 * HOUR) })
    const customer = server.api(await server.signIn(seed.customerA.email))
    const ids = async (extra: string) =>
      (
        await customer.get(
          `/api/replication/slots/window?from=${iso(from)}&to=${iso(from + 24 * HOUR)}${extra}`,
        )
      ).body.map((d: { id: string }) => d.id)
    expect(await ids('')).toEqual([ofB.id, ofYoga.id, ofA.id])
    expect(await ids(`&providerId=${seed.providerB.id}`)).toEqual([ofB.id])
    expect(await ids(`&serviceId=${yoga.id}`)).toEqual([ofYoga.id])
    expect(await ids(`&providerId=${seed.providerB.id}&serviceId=${yoga.id}`)).toEqual([])
  })

  it('answers a malformed window with 400 VALIDATION_FAILED', async () => {
    const customer = server.api(await server.signIn(server.seed.customerA.email))
    for (const query of [
      '',
      `from=${iso(base)}`,
      `from=${iso(base)}&to=${iso(base - HOUR)}`,
      'from=x&to=y',
      `from=${iso(base)}&to=${iso(base + HOUR)}&providerId=not-an-id`,
    ]) {
      const res = await customer.get(`/api/replication/slots/window?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.code).toBe('VALIDATION_FAILED')
    }
  })
})
