/**
 * The raw baseline with pgbench (C client, no Node in the loop): a custom script running the
 * booking statement of rawBookingSql.ts (prepared) at the workload's concurrency, with the same
 * (customer, slot) pairs as the server side (bookingPairs.ts). Count-bounded with -t,
 * time-bounded by killing pgbench when it overruns (the run then fails loudly rather than lies).
 * pgbench cannot see a booking the statement refused (it returns no row, no error): the callers
 * count what was stored (storedBookings.ts).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { benchIdSql } from './benchIds.js'
import { pgbenchPairLines, pgbenchPairVariables } from './bookingPairs.js'
import type { BookingWorkload, LoadResult } from './bookingWorkload.js'
import { percentile } from './stats.js'
import { type Hole, bookingTransactionForPgbench } from './rawBookingSql.js'

const run = promisify(execFile)
const PGBENCH_CANDIDATES = [process.env.PGBENCH, '/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench']

/** Path of pgbench, or null when it is not installed. */
export function findPgbench(): string | null {
  return PGBENCH_CANDIDATES.find((p): p is string => Boolean(p && existsSync(p))) ?? null
}

/**
 * pgbench lines setting booking `i`'s variables (of `perTransaction` in each transaction): its pair
 * :cust<i> and :slot<i> (bookingPairs.ts), the id's random halves :hi<i> and :lo<i>; and the SQL
 * expressions of its holes. Typed: prepared (-M prepared), a variable is a parameter of unknown type.
 */
export function pgbenchBookingDraw(
  i: number,
  perTransaction = 1,
): { lines: string[]; fill: Record<Hole, string> } {
  return {
    lines: [
      ...pgbenchPairLines(i, perTransaction),
      `\\set hi${i} random(0, 4294967295)`,
      `\\set lo${i} random(0, 281474976710655)`,
    ],
    fill: {
      booking: `(lpad(to_hex(:hi${i}::bigint), 8, '0') || '-0000-4000-a000-' || lpad(to_hex(:lo${i}::bigint), 12, '0'))::uuid`,
      slot: benchIdSql('slot', `:slot${i}::bigint`),
      customer: benchIdSql('customer', `:cust${i}::bigint`),
    },
  }
}

const draw = pgbenchBookingDraw(0)
/** The raw side's script: one booking, one statement (needs the -D values of pgbenchPairVariables). */
export const PGBENCH_BOOKING_SCRIPT = [...draw.lines, bookingTransactionForPgbench(draw.fill)].join('\n')

export async function runPgbench(
  pgbench: string,
  databaseUrl: string,
  workload: BookingWorkload,
): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-pgbench-'))
  try {
    const script = path.join(dir, 'booking.sql')
    await writeFile(script, PGBENCH_BOOKING_SCRIPT)
    const perClient = Math.max(1, Math.floor(workload.maxOperations / workload.concurrency))
    const args = [
      '-n',
      // Parsed and planned once per connection, as the server's named statement is.
      '-Mprepared',
      `-f${script}`,
      `-c${workload.concurrency}`,
      `-j${Math.min(workload.concurrency, 2)}`,
      `-t${perClient}`,
      '-l',
      `--log-prefix=${path.join(dir, 'txlog')}`,
      ...pgbenchDefines(pgbenchPairVariables(workload, workload.concurrency)),
      databaseUrl,
    ]
    const { stdout } = await run(pgbench, args, {
      cwd: dir,
      timeout: workload.maxMs * 3,
      killSignal: 'SIGKILL',
    })
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)
    const failed = /number of failed transactions: (\d+)/.exec(stdout)
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`)
    const latenciesMs = await readLatencies(dir)
    return {
      throughput: Number(tps[1]),
      p50Ms: percentile(latenciesMs, 50),
      p99Ms: percentile(latenciesMs, 99),
      succeeded: latenciesMs.length,
      failed: failed ? Number(failed[1]) : 0,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** -D arguments: pgbench's variables' initial values, the same for every client. */
export function pgbenchDefines(variables: Record<string, number>): string[] {
  return Object.entries(variables).map(([name, value]) => `-D${name}=${value}`)
}

/** Per-transaction log lines: client_id tx_no latency_us script_no epoch_s epoch_us. */
async function readLatencies(dir: string): Promise<number[]> {
  const files = (await readdir(dir)).filter((f) => f.startsWith('txlog'))
  const latencies: number[] = []
  for (const file of files) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      const fields = line.split(' ')
      if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000)
    }
  }
  return latencies
}
