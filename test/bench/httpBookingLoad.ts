/**
 * The server side of the throughput comparison: customers sign in over HTTP, then `concurrency`
 * keep-alive clients POST /api/bookings (client-generated ids) back to back, bounded by the
 * workload's count and time. A response other than 201 counts as a failed booking.
 */
import { randomUUID } from 'node:crypto'
import type { HttpClient } from '../helpers/httpRequest.js'
import { BENCH_PASSWORD } from './benchFixtures.js'
import { benchId } from './benchIds.js'
import { type BookingWorkload, type LoadResult, customerOf, loadResult, pickSlot } from './bookingWorkload.js'
import { runClosedLoop } from './closedLoop.js'

/** Signs every email in and returns their bearer tokens, in order. */
export async function signInAll(client: HttpClient, emails: readonly string[]): Promise<string[]> {
  const tokens: string[] = []
  for (const email of emails) {
    const res = await client.request({
      method: 'POST',
      path: '/api/session',
      body: { email, password: BENCH_PASSWORD },
    })
    const token = (res.body as { token?: unknown } | undefined)?.token
    if (res.status !== 201 || typeof token !== 'string')
      throw new Error(`sign-in of ${email} failed: ${res.status}`)
    tokens.push(token)
  }
  return tokens
}

export async function runHttpBookingLoad(
  client: HttpClient,
  tokens: readonly string[],
  workload: BookingWorkload,
): Promise<LoadResult> {
  const result = await runClosedLoop({
    concurrency: workload.concurrency,
    maxOperations: workload.maxOperations,
    maxMs: workload.maxMs,
    operation: async (_index, worker) => {
      const res = await client.request({
        method: 'POST',
        path: '/api/bookings',
        token: tokens[customerOf(workload, worker) - 1],
        body: { id: randomUUID(), slotId: benchId('slot', pickSlot(workload)), notes: '' },
      })
      if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${JSON.stringify(res.body)}`)
    },
  })
  return loadResult(result.latenciesMs, result.elapsedMs, result.failed)
}
