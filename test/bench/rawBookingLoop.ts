/**
 * The raw baseline without pgbench: the booking statement (rawBookingSql.ts) driven through the
 * project's Database interface straight at PostgreSQL or PGlite, at the workload's concurrency.
 * Used for PGlite (no pgbench there) and as the fallback when pgbench is not installed.
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../../server/db/database.js'
import { benchId } from './benchIds.js'
import { type BookingWorkload, type LoadResult, customerOf, loadResult, pickSlot } from './bookingWorkload.js'
import { runClosedLoop } from './closedLoop.js'
import { BOOKING_STATEMENT_PG } from './rawBookingSql.js'

export async function runRawBookingLoop(db: Database, workload: BookingWorkload): Promise<LoadResult> {
  const result = await runClosedLoop({
    concurrency: workload.concurrency,
    maxOperations: workload.maxOperations,
    maxMs: workload.maxMs,
    operation: (_index, worker) => {
      const params = [
        randomUUID(),
        benchId('customer', customerOf(workload, worker)),
        benchId('slot', pickSlot(workload)),
      ]
      return db
        .query<{ id: string | null }>(BOOKING_STATEMENT_PG, params, { prepareAs: 'raw_book_seat' })
        .then(({ rows }) => {
          if (!rows[0]?.id) throw new Error('raw booking refused: the bench slot is full or missing')
        })
    },
  })
  if (result.failed > 0)
    throw new Error(`raw booking loop: ${result.failed} failed: ${String(result.firstError)}`)
  return loadResult(result.latenciesMs, result.elapsedMs, result.failed)
}
