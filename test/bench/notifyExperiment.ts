/**
 * The NOTIFY experiment of issue 15: the booking transaction (rawBookingSql.ts) driven by pgbench
 * straight at PostgreSQL, with and without the notify_change triggers the change feed used before
 * migration 006. A transaction that has called NOTIFY takes the instance-wide notify lock at
 * commit, so with the triggers every booking commit of the instance is serialised; the feed now
 * polls instead and writes carry nothing for it. Runs alternate off/on to even out machine drift.
 */
import type { Queryable } from '../../server/db/database.js'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { BENCH_CUSTOMERS, seedBenchData } from './benchFixtures.js'
import { SpreadRuns } from './bookingPairs.js'
import { findPgbench, runPgbench } from './pgbench.js'
import { median } from './stats.js'
import { expectBookingsStored } from './storedBookings.js'

/** The triggers of migration 001 as they were, recreated only for the comparison. */
const OLD_NOTIFY_TRIGGERS = [
  `CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('uniservice_changes', TG_TABLE_NAME);
     RETURN NULL;
   END
   $$`,
  'CREATE TRIGGER slots_notify AFTER INSERT OR UPDATE ON slots FOR EACH STATEMENT EXECUTE FUNCTION notify_change()',
  'CREATE TRIGGER bookings_notify AFTER INSERT OR UPDATE ON bookings FOR EACH STATEMENT EXECUTE FUNCTION notify_change()',
]
const DROP_NOTIFY_TRIGGERS = [
  'DROP TRIGGER IF EXISTS slots_notify ON slots',
  'DROP TRIGGER IF EXISTS bookings_notify ON bookings',
  'DROP FUNCTION IF EXISTS notify_change()',
]

export interface NotifySize {
  concurrencies: number[]
  repeats: number
  maxOperations: number
  maxMs: number
}

export interface NotifyRow {
  concurrency: number
  /** Booking transactions per second, median of the repeats. */
  withoutNotify: number
  withNotify: number
  runs: { withoutNotify: number[]; withNotify: number[] }
}

async function setNotify(db: Queryable, on: boolean): Promise<void> {
  for (const sql of DROP_NOTIFY_TRIGGERS) await db.query(sql)
  if (on) for (const sql of OLD_NOTIFY_TRIGGERS) await db.query(sql)
}

export async function measureNotifyCost(size: NotifySize): Promise<NotifyRow[] | null> {
  const pgbench = findPgbench()
  if (!pgbench) {
    console.log('NOTIFY experiment skipped: pgbench is not installed')
    return null
  }
  const fresh = await openTestDatabase()
  try {
    const url = fresh.url
    if (!url) throw new Error('the NOTIFY experiment needs real PostgreSQL (DATABASE_URL)')
    const spreadSlots = 1000
    await seedBenchData(fresh.db, { customers: BENCH_CUSTOMERS, spreadSlots, hotSlots: 0 })
    const spreadRuns = new SpreadRuns([1, spreadSlots])
    const rows: NotifyRow[] = []
    let booked = 0
    for (const concurrency of size.concurrencies) {
      const shape = { concurrency, maxOperations: size.maxOperations }
      const runs = { withoutNotify: [] as number[], withNotify: [] as number[] }
      for (let repeat = 0; repeat < size.repeats; repeat++) {
        for (const on of [false, true]) {
          await setNotify(fresh.db, on)
          const workload = {
            ...shape,
            pattern: 'spread',
            maxMs: size.maxMs,
            ...spreadRuns.nextRun(shape),
          } as const
          const result = await runPgbench(pgbench, url, workload)
          booked += result.succeeded
          ;(on ? runs.withNotify : runs.withoutNotify).push(result.throughput)
        }
      }
      rows.push({
        concurrency,
        withoutNotify: median(runs.withoutNotify),
        withNotify: median(runs.withNotify),
        runs,
      })
    }
    await setNotify(fresh.db, false)
    await expectBookingsStored(fresh.db, { acknowledged: booked, unanswered: 0 }, 'NOTIFY experiment')
    return rows
  } finally {
    await fresh.dispose()
  }
}
