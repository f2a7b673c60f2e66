/**
 * The raw baseline without pgbench: the booking statement (rawBookingSql.ts) driven through the
 * project's Database interface straight at PostgreSQL or PGlite, at the workload's concurrency, with
 * the same (customer, slot) pairs as the server side (bookingPairs.ts).
 * Used for PGlite (no pgbench there) and as the fallback when pgbench is not installed.
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../../server/db/database.js'
import { benchId } from './benchIds.js'
import { bookingPair } from './bookingPairs.js'
import { type BookingWorkload, type LoadResult, loadResult } from './bookingWorkload.js'
import { runClosedLoop } from './closedLoop.js'
import { BOOKING_STATEMENT_PG } from './rawBookingSql.js'

export async function runRawBookingLoop(db: Database, workload: BookingWorkload): Promise<LoadResult> {
  const result = await runClosedLoop({
    concurrency: workload.concurrency,
    maxOperations: workload.maxOperations,
    maxMs: workload.maxMs,
    operation: (index) => {
      const pair = bookingPair(workload, index)
      const params = [randomUUID(), benchId('customer', pair.customer), benchId('slot', pair.slot)]
      return db
        .query<{ id: string | null }>(BOOKING_STATEMENT_PG, params, { prepareAs: 'raw_book_seat' })
        .then(({ rows }) => {
          if (!rows[0]?.id)
            throw new Error('raw booking refused: the bench slot is full or missing, or the pair repeats')
        })
    },
  })
  if (result.failed > 0)
    throw new Error(`raw booking loop: ${result.failed} failed: ${String(result.firstError)}`)
  return loadResult(result.latenciesMs, result.elapsedMs, result.failed)
}
