/**
 * Figures 1a/1b: booking throughput and latency through the server beside the same transaction
 * straight at the database, for every (pattern, concurrency), repeated `repeats` times. Raw and
 * server runs alternate within each repetition so background noise hits both sides alike.
 * Both sides book the same (customer, slot) pairs (bookingPairs.ts): spread runs as the 32 regular
 * customers, each run on booking numbers no earlier run used, since the spread slots keep their
 * bookings; hot runs one customer per booking, their sessions cached by the server beforehand as the
 * regular customers' are (httpBookingLoad.ts warmSessionCache). Every hot-slot run books a fresh slot
 * and its counter is checked against the successes; at the end, the bookings stored against every
 * side's successes.
 *
 * The server side is driven by wrk when it is installed (a C client, as pgbench is on the raw side:
 * Node's http client costs about as much CPU per booking as the server itself, on the same cores),
 * by Node's http client otherwise or with BENCH_HTTP_DRIVER=node; the rows say which.
 */
import { benchId } from './benchIds.js'
import type { BenchEngine, EngineName } from './benchEngines.js'
import type { BookingWorkload, LoadResult, SlotPattern } from './bookingWorkload.js'
import { type HttpClient, httpClient } from '../helpers/httpRequest.js'
import { SpreadRuns, hotRun } from './bookingPairs.js'
import { customerTokens, runHttpBookingLoad, warmSessionCache } from './httpBookingLoad.js'
import { expectBookingsStored } from './storedBookings.js'
import { findWrk, runWrkBookingLoad } from './wrkBookingLoad.js'
import { type Spread, ratio, spread } from './stats.js'

export interface ThroughputSize {
  repeats: number
  concurrencies: number[]
  /** Bookings per run at most (hot runs: also at most the slot's capacity). */
  maxOperations: number
  maxMs: number
}

export interface SideFigures {
  throughput: Spread
  p50Ms: Spread
  p99Ms: Spread
  failed: number
}

export interface ThroughputRow {
  engine: EngineName
  pattern: SlotPattern
  concurrency: number
  server: SideFigures
  raw: SideFigures
  /** server throughput / raw throughput (medians). */
  ratio: number
  /** What sent the server its requests. */
  serverDriver: string
}

interface ServerDriver {
  name: string
  /** One run; `unanswered`: requests sent but not answered when the driver stopped (booked all the same). */
  run(tokens: readonly string[], workload: BookingWorkload): Promise<LoadResult & { unanswered: number }>
}

/** wrk when installed (and not BENCH_HTTP_DRIVER=node), else Node's http client. */
export function serverDriver(client: HttpClient, url: string): ServerDriver {
  const wrk = findWrk()
  if (wrk)
    return { name: 'wrk (C, test/bench/wrkBooking.lua)', run: (t, w) => runWrkBookingLoad(wrk, url, t, w) }
  return {
    name: "Node's http client (keep-alive)",
    run: async (t, w) => ({ ...(await runHttpBookingLoad(client, t, w)), unanswered: 0 }),
  }
}

/** Hot slots one engine needs: one per run, both sides. */
export function hotSlotsNeeded(size: ThroughputSize): number {
  return size.repeats * size.concurrencies.length * 2
}

export async function compareThroughput(engine: BenchEngine, size: ThroughputSize): Promise<ThroughputRow[]> {
  const client = httpClient(engine.server.url, Math.max(...size.concurrencies))
  const driver = serverDriver(client, engine.server.url)
  try {
    const tokens = engine.data.customers.map((c) => c.token)
    const hotSlots = [...engine.data.hotSlots]
    const spreadRuns = new SpreadRuns([1, engine.data.spreadSlots])
    const runs = new Map<string, { server: LoadResult[]; raw: LoadResult[] }>()
    /** Bookings made in the database the raw side writes to. */
    const made = { acknowledged: 0, unanswered: 0 }
    for (let rep = 0; rep < size.repeats; rep++) {
      for (const concurrency of size.concurrencies) {
        for (const pattern of ['spread', 'hot'] as const) {
          const key = `${pattern}/${concurrency}`
          const cell = runs.get(key) ?? { server: [], raw: [] }
          runs.set(key, cell)
          const workload = (): BookingWorkload => {
            const run = { pattern, concurrency, maxOperations: size.maxOperations, maxMs: size.maxMs }
            return {
              ...run,
              ...(pattern === 'spread'
                ? spreadRuns.nextRun(run)
                : hotRun(nextHotSlot(hotSlots), tokens.length)),
            }
          }
          const raw = await engine.raw(workload())
          cell.raw.push(raw)
          const serverWorkload = workload()
          if (pattern === 'hot') await warmSessionCache(client, customerTokens(serverWorkload, tokens))
          const served = await driver.run(tokens, serverWorkload)
          if (pattern === 'hot') await expectHotCounter(client, tokens[0] as string, serverWorkload, served)
          cell.server.push(served)
          made.acknowledged += raw.succeeded
          // PGlite's server writes to a database of its own (benchEngines.ts).
          if (engine.name === 'postgres') {
            made.acknowledged += served.succeeded
            made.unanswered += served.unanswered
          }
        }
      }
    }
    await expectBookingsStored(engine.rawDb, made, `${engine.name} throughput runs`)
    return [...runs.entries()].map(([key, cell]) => {
      const [pattern, concurrency] = key.split('/') as [SlotPattern, string]
      const server = summarise(cell.server)
      const raw = summarise(cell.raw)
      return {
        engine: engine.name,
        pattern,
        concurrency: Number(concurrency),
        server,
        raw,
        ratio: ratio(server.throughput, raw.throughput),
        serverDriver: driver.name,
      }
    })
  } finally {
    client.close()
  }
}

function nextHotSlot(hotSlots: number[]): number {
  const n = hotSlots.shift()
  if (n === undefined) throw new Error('ran out of hot slots: seed more (hotSlotsNeeded)')
  return n
}

function summarise(results: LoadResult[]): SideFigures {
  return {
    throughput: spread(results.map((r) => r.throughput)),
    p50Ms: spread(results.map((r) => r.p50Ms)),
    p99Ms: spread(results.map((r) => r.p99Ms)),
    failed: results.reduce((sum, r) => sum + r.failed, 0),
  }
}

/** How long unanswered bookings may take to land once the driver stopped (they may queue on the slot's lock). */
const SETTLE_MS = 5000

/**
 * The hot slot's counter, as the server reports it, must equal the bookings it acknowledged, plus
 * those sent but left unanswered when the driver stopped (wrk: at most one per connection). Those
 * may still be waiting for the slot's lock in the server when the driver exits, so the counter is
 * read again (every 50 ms, for at most SETTLE_MS) until it reaches that figure; it must never pass it.
 * An unanswered one may also never be booked: the server drops a request whose client closed the
 * connection before its body was read (seen when its session was not cached: the lookup comes first),
 * so after SETTLE_MS a counter between the acknowledged and that figure passes.
 */
async function expectHotCounter(
  client: HttpClient,
  token: string,
  workload: BookingWorkload,
  result: LoadResult & { unanswered: number },
): Promise<void> {
  const expected = result.succeeded + result.unanswered
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    const res = await client.request({
      method: 'GET',
      path: `/api/slots/${benchId('slot', workload.slotRange[0])}`,
      token,
    })
    const current = (res.body as { currentBookings?: number }).currentBookings
    if (current === expected) return
    const settling = typeof current === 'number' && current < expected && result.unanswered > 0
    if (settling && Date.now() > deadline && current >= result.succeeded) return
    if (!settling || Date.now() > deadline) {
      throw new Error(
        `hot slot counter ${current} != ${result.succeeded} acknowledged + ${result.unanswered} unanswered bookings`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
