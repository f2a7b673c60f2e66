/**
 * Invariant 1 under real concurrency. Only meaningful on real PostgreSQL (PGlite runs one query at a
 * time); CI always sets DATABASE_URL, so these run there.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rushSlot } from '../helpers/bookingRush.js'
import { counterMismatches } from '../helpers/slotCounters.js'
import { onRealPostgres } from '../helpers/testDatabase.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

describe.runIf(onRealPostgres)('concurrency on real PostgreSQL', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  it('200 simultaneous bookings for one slot of capacity 5: exactly 5 succeed, by 5 customers; the rest refused', async () => {
    const slot = await server.seed.createSlot({ maxBookings: 5 })
    const { results, tokens } = await rushSlot(server, slot.id, { customers: 10, requests: 200, tag: 'rush' })
    const created = results.filter((r) => r.status === 201)
    expect(created.length).toBe(5)
    expect(new Set(created.map((r) => (r.body as { customerId: string }).customerId)).size).toBe(5)
    // Twenty requests per customer: the other 19 of each seat holder are already booked (invariant
    // 12), all 20 of each of the five others are refused as full.
    const refused = results.filter((r) => r.status === 409)
    expect(refused.filter((r) => r.body.code === 'ALREADY_BOOKED')).toHaveLength(95)
    expect(refused.filter((r) => r.body.code === 'SLOT_FULL')).toHaveLength(100)

    const after = await server.api(tokens[0]).get(`/api/slots/${slot.id}`)
    expect(after.body).toMatchObject({ currentBookings: 5, isBooked: true, isAvailable: false })
    const { rows } = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bookings WHERE slot_id = $1 AND status IN ('PENDING', 'CONFIRMED') AND NOT deleted",
      [slot.id],
    )
    expect(rows[0]?.n).toBe(5)
  }, 60_000)

  it('50 clients × 2,000 random operations over 20 slots keep counter == active bookings <= capacity', async () => {
    const { seed } = server
    const slots = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        seed.createSlot({ maxBookings: 1 + (i % 5), hoursFromNow: 500 + i }),
      ),
    )
    const customers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => seed.createCustomer(`load-${i}`)),
    )
    const customerTokens = await Promise.all(customers.map((c) => server.signIn(c.email)))
    const providerTokens = await Promise.all(
      Array.from({ length: 10 }, () => server.signIn(seed.providerA.email)),
    )

    // Seeded PRNG so a failure can be replayed.
    let state = 20_240_611
    const random = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
      return state % n
    }
    const bookingIds: string[] = []
    const ownBookings = new Map<string, string[]>()
    const statuses = new Map<number, number>()
    const OPS_TOTAL = 2000
    let issued = 0
    const deadline = Date.now() + 90_000

    const customerClient = async (token: string) => {
      const api = server.api(token)
      const mine: string[] = []
      ownBookings.set(token, mine)
      while (issued < OPS_TOTAL && Date.now() < deadline) {
        issued++
        const roll = random(10)
        let res: { status: number }
        if (roll < 5 || mine.length === 0) {
          const id = randomUUID()
          res = await api.post('/api/bookings', { id, slotId: slots[random(slots.length)]?.id })
          if (res.status === 201) {
            mine.push(id)
            bookingIds.push(id)
          }
        } else if (roll < 8) {
          res = await api.patch(`/api/bookings/${mine[random(mine.length)]}`, { status: 'CANCELLED' })
        } else {
          res = await api.delete(`/api/bookings/${mine[random(mine.length)]}`)
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      }
    }
    const providerClient = async (token: string) => {
      const api = server.api(token)
      while (issued < OPS_TOTAL && Date.now() < deadline) {
        issued++
        const roll = random(10)
        let res: { status: number }
        if (roll < 6 && bookingIds.length > 0) {
          const status = (['CONFIRMED', 'COMPLETED', 'CANCELLED'] as const)[random(3)]
          res = await api.patch(`/api/bookings/${bookingIds[random(bookingIds.length)]}`, { status })
        } else if (roll < 7 && bookingIds.length > 0) {
          res = await api.delete(`/api/bookings/${bookingIds[random(bookingIds.length)]}`)
        } else {
          res = await api.patch(`/api/slots/${slots[random(slots.length)]?.id}`, {
            maxBookings: 1 + random(6),
          })
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      }
    }

    await Promise.all([...customerTokens.map(customerClient), ...providerTokens.map(providerClient)])

    expect(issued).toBeGreaterThanOrEqual(OPS_TOTAL)
    // Every answer is a success or a stable refusal; never a server error.
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([])
    expect(statuses.get(201) ?? 0).toBeGreaterThan(50)
    expect(await counterMismatches(server.db)).toEqual([])
    const { rows } = await server.db.query<{ over: number }>(
      'SELECT count(*)::int AS over FROM slots WHERE current_bookings > max_bookings OR current_bookings < 0',
    )
    expect(rows[0]?.over).toBe(0)
  }, 120_000)
})
