/**
 * Issue 13, goal 1: a REST booking is ONE statement to PostgreSQL (server/domain/bookSeat.ts), and
 * its route takes the actor from the process's session cache (server/auth/sessionCache.ts) instead
 * of looking the session up per request. A sign-out made through ANOTHER server process must still
 * stop the next booking at once: the booking statement itself checks that the session is live.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CountingDatabase, countingDatabase } from '../helpers/countingDatabase.js'
import { secondProcess } from '../helpers/secondProcess.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
/** A second server process on the same database, whose statements are counted. */
let other: FastifyInstance
let counting: CountingDatabase

beforeAll(async () => {
  server = await startTestServer()
  counting = countingDatabase(server.db)
  other = await secondProcess(counting.db)
})
afterAll(async () => {
  await other?.close()
  await server?.close()
})

function book(token: string, slotId: string) {
  return other.inject({
    method: 'POST',
    url: '/api/bookings',
    headers: { authorization: `Bearer ${token}` },
    payload: { id: crypto.randomUUID(), slotId, notes: '' },
  })
}

async function bookingsOf(customerId: string): Promise<number> {
  const { rows } = await server.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM bookings WHERE customer_id = $1',
    [customerId],
  )
  return Number(rows[0]?.n)
}

describe('a REST booking with a cached session', () => {
  it('costs one statement once the session is cached (no session lookup), in the organisation its connection names', async () => {
    const { seed } = server
    const token = await server.signIn(seed.customerA.email)
    const [slot, another] = [
      await seed.createSlot({ maxBookings: 5 }),
      await seed.createSlot({ maxBookings: 5 }),
    ]
    expect((await book(token, slot.id)).statusCode).toBe(201)
    counting.reset()
    // Another slot: one customer holds one seat of a slot (invariant 12).
    const second = await book(token, another.id)
    expect(second.statusCode).toBe(201)
    // The process's change-feed poll runs on its own timer; it is not the booking's.
    const booking = counting.statements.filter((sql) => !sql.startsWith('WITH horizon'))
    // The organisation is a setting of the pooled connection, set only when the connection changes
    // organisation (Database.scoped, server/db/tenantScope.ts): no BEGIN/COMMIT around the booking.
    expect(booking).toEqual([expect.stringMatching(/^WITH session AS/)])
  })

  it('is refused with 401 and writes nothing once another process signed the session out', async () => {
    const { seed } = server
    const token = await server.signIn(seed.customerB.email)
    const slot = await seed.createSlot({ maxBookings: 5 })
    // Cached in `other` by a first booking.
    expect((await book(token, slot.id)).statusCode).toBe(201)
    const before = await bookingsOf(seed.customerB.id)

    // Signed out through the other process (the test server), not through `other`.
    expect((await server.api(token).delete('/api/session')).status).toBe(204)

    const after = await book(token, slot.id)
    expect(after.statusCode).toBe(401)
    expect(after.json().code).toBe('UNAUTHENTICATED')
    expect(await bookingsOf(seed.customerB.id)).toBe(before)
    const { rows } = await server.db.query<{ current_bookings: number }>(
      'SELECT current_bookings FROM slots WHERE id = $1',
      [slot.id],
    )
    expect(rows[0]?.current_bookings).toBe(1)
    // And stays refused (the cache entry was dropped; the lookup finds no session).
    expect((await book(token, slot.id)).statusCode).toBe(401)
  })

  it('still refuses what the session may not do: a provider cannot book', async () => {
    const { seed } = server
    const token = await server.signIn(seed.providerA.email)
    const slot = await seed.createSlot({ maxBookings: 5 })
    const res = await book(token, slot.id)
    expect(res.statusCode).toBe(403)
  })
})
