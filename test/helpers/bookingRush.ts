/**
 * Many simultaneous REST bookings of one slot: `customers` new customers sign in, and `requests`
 * bookings (each a new id) go to `POST /api/bookings` at once, round-robin over them.
 */
import { randomUUID } from 'node:crypto'
import type { ApiResponse, TestServer } from './testServer.js'

export interface BookingRush {
  results: ApiResponse[]
  /** The customers' session tokens. */
  tokens: string[]
}

export async function rushSlot(
  server: TestServer,
  slotId: string,
  { customers, requests, tag }: { customers: number; requests: number; tag: string },
): Promise<BookingRush> {
  const people = await Promise.all(
    Array.from({ length: customers }, (_, i) => server.seed.createCustomer(`${tag}-${i}`)),
  )
  const tokens = await Promise.all(people.map((c) => server.signIn(c.email)))
  const results = await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      server.api(tokens[i % tokens.length]).post('/api/bookings', { id: randomUUID(), slotId }),
    ),
  )
  return { results, tokens }
}
