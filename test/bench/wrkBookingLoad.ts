/**
 * The server side of the throughput comparison driven by wrk (a C load generator, as pgbench is on
 * the raw side) when it is installed: Node's http client costs about as much CPU per booking as the
 * server's own work, on the same two cores (test/bench/bookingPathProfile.ts measures it). The
 * requests are the Node driver's (httpBookingLoad.ts): a fresh client-generated id each, the
 * customer and slot of each booking number (bookingPairs.ts; the script replays their list, thread
 * t of T taking the numbers t, t + T, t + 2T, ...); the script is test/bench/wrkBooking.lua.
 *
 * Every answer but 201 counts as failed. wrk stops its threads when its -d runs out or a thread has
 * its share of answers, whichever is first, so up to one request per connection may be sent and
 * never answered: `unanswered` says how many, for the hot slot's counter check (the server books
 * them all the same).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { bookingPairs, expectCustomers } from './bookingPairs.js'
import type { BookingWorkload, LoadResult } from './bookingWorkload.js'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('./wrkBooking.lua', import.meta.url))
const WRK_CANDIDATES = [process.env.WRK, '/usr/bin/wrk', '/usr/local/bin/wrk']
/** wrk's threads: one per core of the machine the bench was sized for (pgbench's -j is the same). */
const MAX_THREADS = 2

export interface WrkLoadResult extends LoadResult {
  /** Requests sent but not answered when wrk stopped (each was booked by the server all the same). */
  unanswered: number
}

/** Path of wrk, or null when it is not installed (or BENCH_HTTP_DRIVER=node asks for the Node driver). */
export function findWrk(): string | null {
  if (process.env.BENCH_HTTP_DRIVER === 'node') return null
  return WRK_CANDIDATES.find((p): p is string => Boolean(p && existsSync(p))) ?? null
}

interface WrkSummary {
  sent: number
  ok: number
  other: number
  answered: number
  elapsedUs: number
  p50Us: number
  p99Us: number
  firstError: string
}

/**
 * POST /api/bookings (or, with `health`, GET /api/health) closed-loop at the workload's concurrency;
 * `tokens[n - 1]` is customer n's session token (BenchLayout.customers).
 */
export async function runWrkBookingLoad(
  wrk: string,
  baseUrl: string,
  tokens: readonly string[],
  workload: BookingWorkload,
  options: { health?: boolean } = {},
): Promise<WrkLoadResult> {
  const threads = Math.min(workload.concurrency, MAX_THREADS)
  const quota = Math.max(1, Math.floor(workload.maxOperations / threads))
  const seconds = Math.max(1, Math.ceil(workload.maxMs / 1000))
  if (!options.health) expectCustomers(workload, tokens.length)
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-wrk-'))
  const pairsFile = path.join(dir, 'pairs.txt')
  // One booking number a line: "<slot number> <token>".
  const pairs = options.health ? [] : bookingPairs(workload)
  await writeFile(pairsFile, pairs.map((p) => `${p.slot} ${tokens[p.customer - 1]}\n`).join(''))
  const args = [
    `-t${threads}`,
    `-c${workload.concurrency}`,
    `-d${seconds}s`,
    '--timeout=30s',
    `-s${SCRIPT}`,
    baseUrl,
    '--',
    pairsFile,
    String(quota),
    String(threads),
  ]
  const { stdout } = await run(wrk, args, {
    timeout: seconds * 1000 * 3 + 5000,
    killSignal: 'SIGKILL',
    env: { ...process.env, WRK_MODE: options.health ? 'health' : 'booking' },
  }).finally(() => rm(dir, { recursive: true, force: true }))
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '))
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`)
  const summary = JSON.parse(line.slice('WRK_RESULT '.length)) as WrkSummary
  if (summary.ok + summary.other !== summary.answered)
    throw new Error(`wrk: ${summary.ok} + ${summary.other} answers counted, ${summary.answered} received`)
  if (summary.other > 0)
    console.error(`wrk: ${summary.other} answers were not 201, first: ${summary.firstError}`)
  const elapsedMs = summary.elapsedUs / 1000
  return {
    throughput: elapsedMs > 0 ? (summary.ok / elapsedMs) * 1000 : 0,
    // wrk's latency statistics (corrected for coordinated omission by wrk itself).
    p50Ms: summary.p50Us / 1000,
    p99Ms: summary.p99Us / 1000,
    succeeded: summary.ok,
    failed: summary.other,
    unanswered: summary.sent - summary.answered,
  }
}
