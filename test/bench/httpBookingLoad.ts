/**
 * The server side of the throughput comparison with Node's http client: `concurrency` keep-alive
 * clients POST /api/bookings (client-generated ids) back to back, bounded by the workload's count
 * and time, each booking as the customer and on the slot bookingPairs.ts gives its number. A
 * response other than 201 counts as a failed booking.
 */
import { randomUUID } from 'node:crypto'
import type { HttpClient } from '../helpers/httpRequest.js'
import { benchId } from './benchIds.js'
import { bookingPair, bookingPairs, expectCustomers } from './bookingPairs.js'
import { type BookingWorkload, type LoadResult, loadResult } from './bookingWorkload.js'
import { runClosedLoop } from './closedLoop.js'

/** `tokens[n - 1]`: customer n's session token (BenchLayout.customers). */
export async function runHttpBookingLoad(
  client: HttpClient,
  tokens: readonly string[],
  workload: BookingWorkload,
): Promise<LoadResult> {
  expectCustomers(workload, tokens.length)
  const result = await runClosedLoop({
    concurrency: workload.concurrency,
    maxOperations: workload.maxOperations,
    maxMs: workload.maxMs,
    operation: async (index) => {
      const pair = bookingPair(workload, index)
      const res = await client.request({
        method: 'POST',
        path: '/api/bookings',
        token: tokens[pair.customer - 1],
        body: { id: randomUUID(), slotId: benchId('slot', pair.slot), notes: '' },
      })
      if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${JSON.stringify(res.body)}`)
    },
  })
  return loadResult(result.latenciesMs, result.elapsedMs, result.failed)
}

/** The tokens of the customers a run books as (`tokens[n - 1]`: customer n's). */
export function customerTokens(workload: BookingWorkload, tokens: readonly string[]): string[] {
  const customers = new Set(bookingPairs(workload).map((p) => p.customer))
  return [...customers].map((n) => tokens[n - 1] as string)
}

/**
 * Has the server hold the sessions of `tokens` in its session cache (server/auth/sessionCache.ts),
 * as a run of the same customers' bookings a moment before would: one request each to the booking
 * route with an empty body. The route's session check fills the cache before the body is validated,
 * which refuses it (400, nothing booked). Before a hot run: its one customer per booking would
 * otherwise each cost a session lookup, which no run paid before one seat per customer and slot
 * (32 customers re-booking the slot were always cached), and only as many as expired since.
 */
export async function warmSessionCache(client: HttpClient, tokens: readonly string[]): Promise<void> {
  const BATCH = 32
  for (let i = 0; i < tokens.length; i += BATCH) {
    await Promise.all(
      tokens.slice(i, i + BATCH).map(async (token) => {
        const res = await client.request({ method: 'POST', path: '/api/bookings', token, body: {} })
        if (res.status !== 400) throw new Error(`session warm-up answered ${res.status}, not 400`)
      }),
    )
  }
}
