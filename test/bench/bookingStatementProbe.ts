/**
 * What booking several seats in one statement saves in the database alone (server/domain/seatBatcher.ts
 * decides when the server does it): pgbench drives, on a fresh bench database, the single booking
 * statement (bookSeat.ts, the bench's raw side) and the batch statement (bookSeats.ts) with K random
 * slots a statement at a few client counts, and reports bookings/s and the machine's CPU per booking.
 * `npx tsx test/bench/bookingStatementProbe.ts` (DATABASE_URL as the bench; PROBE_ROUNDS=2, runs of 3 s).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { openTestDatabase } from '../helpers/testDatabase.js'
import { seedBenchData } from './benchFixtures.js'
import { PGBENCH_BOOKING_SCRIPT, findPgbench, pgbenchBookingDraw } from './pgbench.js'
import { machineCpuMs } from './processCpu.js'
import { batchBookingForPgbench } from './rawBookingSql.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const run = promisify(execFile)
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 2)
const SLOTS = 1000
const CUSTOMERS = 32

/** K bookings on K random slots in one statement, of one customer (:cust0) or of K. */
function batchScript(k: number, customers: 'one' | 'each' = 'one'): string {
  const draws = Array.from({ length: k }, (_, i) => pgbenchBookingDraw(i))
  const rows = draws.map(({ fill }) =>
    customers === 'one' ? { ...fill, customer: draws[0]?.fill.customer ?? '' } : fill,
  )
  return [...draws.flatMap((d) => d.lines), batchBookingForPgbench(rows)].join('\n')
}

const pgbench = findPgbench()
if (!pgbench) throw new Error('the probe needs pgbench')
const fresh = await openTestDatabase()
const dir = await mkdtemp(path.join(tmpdir(), 'statement-probe-'))
try {
  await seedBenchData(fresh.db, { customers: CUSTOMERS, spreadSlots: SLOTS, hotSlots: 0 })
  const variants: { name: string; rows: number; clients: number; script: string }[] = [
    { name: 'single statement', rows: 1, clients: 8, script: PGBENCH_BOOKING_SCRIPT },
    { name: 'batch of 2', rows: 2, clients: 4, script: batchScript(2) },
    { name: 'batch of 4', rows: 4, clients: 2, script: batchScript(4) },
    { name: 'batch of 4', rows: 4, clients: 4, script: batchScript(4) },
    { name: '4, 4 customers', rows: 4, clients: 2, script: batchScript(4, 'each') },
    { name: 'batch of 8', rows: 8, clients: 1, script: batchScript(8) },
  ]
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of variants) {
      const file = path.join(dir, 'probe.sql')
      await writeFile(file, v.script)
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
          `-Dslotlo=1`,
          `-Dslothi=${SLOTS}`,
          `-Dcustomers=${CUSTOMERS}`,
          fresh.url as string,
        ],
        { timeout: 30_000, killSignal: 'SIGKILL' },
      )
      const cpu = (await machineCpuMs()) - before
      const statements = Number(/processed: (\d+)/.exec(stdout)?.[1] ?? 0)
      const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0)
      const latency = /latency average = ([\d.]+)/.exec(stdout)?.[1]
      console.log(
        `round ${round}  ${v.name.padEnd(16)} ${String(v.clients).padStart(2)} clients  ${(tps * v.rows).toFixed(0).padStart(5)} bookings/s  statement ${latency} ms  machine CPU ${(cpu / (statements * v.rows)).toFixed(2)} ms/booking`,
      )
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
  await fresh.dispose()
}
