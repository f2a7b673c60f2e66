/**
 * What booking several seats in one statement saves in the database alone (server/domain/seatBatcher.ts
 * decides when the server does it): pgbench drives, on a fresh bench database, the single booking
 * statement (bookSeat.ts, the bench's raw side) and the batch statement (bookSeats.ts) with K slots
 * a statement at a few client counts, and reports bookings/s and the machine's CPU per booking.
 * Slots and customers pair as in the bench (bookingPairs.ts): the K bookings of one customer go to
 * slots of their own (a pool of one customer), the others to the regular customers' slots.
 * `npx tsx test/bench/bookingStatementProbe.ts` (DATABASE_URL as the bench; PROBE_ROUNDS=2, runs of 3 s).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { BENCH_CUSTOMERS, seedBenchData } from './benchFixtures.js'
import { SpreadRuns, pgbenchPairVariables } from './bookingPairs.js'
import { PGBENCH_BOOKING_SCRIPT, findPgbench, pgbenchBookingDraw, pgbenchDefines } from './pgbench.js'
import { machineCpuMs } from './processCpu.js'
import { batchBookingForPgbench } from './rawBookingSql.js'
import { expectBookingsStored } from './storedBookings.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const run = promisify(execFile)
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 2)
const SLOTS = 1000
/** Bookings a run of 3 s cannot reach on this kind of machine: each run's block of booking numbers. */
const RUN_BOOKINGS = 30_000

/**
 * K bookings in one statement, of K consecutive booking numbers: with a pool of one customer, K of
 * that customer's on K slots; with the regular pool, K customers'.
 */
function batchScript(k: number): string {
  const draws = Array.from({ length: k }, (_, i) => pgbenchBookingDraw(i, k))
  return [...draws.flatMap((d) => d.lines), batchBookingForPgbench(draws.map((d) => d.fill))].join('\n')
}

const pgbench = findPgbench()
if (!pgbench) throw new Error('the probe needs pgbench')
const fresh = await openTestDatabase()
const dir = await mkdtemp(path.join(tmpdir(), 'statement-probe-'))
try {
  // Slots 1..SLOTS for the regular customers, SLOTS+1..2*SLOTS for one customer's batches.
  await seedBenchData(fresh.db, { customers: BENCH_CUSTOMERS, spreadSlots: 2 * SLOTS, hotSlots: 0 })
  const regulars = new SpreadRuns([1, SLOTS])
  const oneCustomer = new SpreadRuns([SLOTS + 1, 2 * SLOTS], 1)
  const variants: { name: string; rows: number; clients: number; script: string; slots: SpreadRuns }[] = [
    { name: 'single statement', rows: 1, clients: 8, script: PGBENCH_BOOKING_SCRIPT, slots: regulars },
    { name: 'batch of 2', rows: 2, clients: 4, script: batchScript(2), slots: oneCustomer },
    { name: 'batch of 4', rows: 4, clients: 2, script: batchScript(4), slots: oneCustomer },
    { name: 'batch of 4', rows: 4, clients: 4, script: batchScript(4), slots: oneCustomer },
    { name: '4, 4 customers', rows: 4, clients: 2, script: batchScript(4), slots: regulars },
    { name: 'batch of 8', rows: 8, clients: 1, script: batchScript(8), slots: oneCustomer },
  ]
  let booked = 0
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of variants) {
      const file = path.join(dir, 'probe.sql')
      await writeFile(file, v.script)
      const shape = { concurrency: v.clients, maxOperations: RUN_BOOKINGS }
      const workload = { ...shape, pattern: 'spread', maxMs: 3000, ...v.slots.nextRun(shape) } as const
      const before = await machineCpuMs()
      const { stdout } = await run(
        pgbench,
        [
          '-n',
          '-Mprepared',
          `-f${file}`,
          `-c${v.clients}`,
          `-j${Math.min(v.clients, 2)}`,
          '-T3',
          ...pgbenchDefines(pgbenchPairVariables(workload, v.clients)),
          fresh.url as string,
        ],
        { timeout: 30_000, killSignal: 'SIGKILL' },
      )
      const cpu = (await machineCpuMs()) - before
      const statements = Number(/processed: (\d+)/.exec(stdout)?.[1] ?? 0)
      booked += statements * v.rows
      const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0)
      const latency = /latency average = ([\d.]+)/.exec(stdout)?.[1]
      console.log(
        `round ${round}  ${v.name.padEnd(16)} ${String(v.clients).padStart(2)} clients  ${(tps * v.rows).toFixed(0).padStart(5)} bookings/s  statement ${latency} ms  machine CPU ${(cpu / (statements * v.rows)).toFixed(2)} ms/booking`,
      )
    }
  }
  await expectBookingsStored(fresh.db, { acknowledged: booked, unanswered: 0 }, 'statement probe')
} finally {
  await rm(dir, { recursive: true, force: true })
  await fresh.dispose()
}
