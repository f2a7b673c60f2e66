/**
 * Figures 1a/1b: booking throughput and latency through the server beside the same transaction
 * straight at the database, for every (pattern, concurrency), repeated `repeats` times. Raw and
 * server runs alternate within each repetition so background noise hits both sides alike.
 * Every hot-slot run books a fresh slot and its counter is checked against the successes.
 *
 * The server side is driven by wrk when it is installed (a C client, as pgbench is on the raw side:
 * Node's http client costs about as much CPU per booking as the server itself, on the same cores),
 * by Node's http client otherwise or with BENCH_HTTP_DRIVER=node; the rows say which.
 */
import { benchId } from './benchIds.js'
import type { BenchEngine, EngineName } from './benchEngines.js'
import type { BookingWorkload, LoadResult, SlotPattern } from './bookingWorkload.js'
import { type HttpClient, httpClient } from '../helpers/httpRequest.js'
import { runHttpBookingLoad, signInAll } from './httpBookingLoad.js'
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
    const tokens = await signInAll(
      client,
      engine.data.customers.map((c) => c.email),
    )
    const hotSlots = [...engine.data.hotSlots]
    const runs = new Map<string, { server: LoadResult[]; raw: LoadResult[] }>()
    for (let rep = 0; rep < size.repeats; rep++) {
      for (const concurrency of size.concurrencies) {
        for (const pattern of ['spread', 'hot'] as const) {
          const key = `${pattern}/${concurrency}`
          const cell = runs.get(key) ?? { server: [], raw: [] }
          runs.set(key, cell)
          const workload = (): BookingWorkload => ({
            pattern,
            concurrency,
            maxOperations: size.maxOperations,
            maxMs: size.maxMs,
            slotRange: pattern === 'spread' ? [1, engine.data.spreadSlots] : sameSlot(hotSlots.shift()),
            customers: engine.data.customers.length,
          })
          const rawWorkload = workload()
          cell.raw.push(await engine.raw(rawWorkload))
          const serverWorkload = workload()
          const served = await driver.run(tokens, serverWorkload)
          if (pattern === 'hot') await expectHotCounter(client, tokens[0] as string, serverWorkload, served)
          cell.server.push(served)
        }
      }
    }
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

function sameSlot(n: number | undefined): [number, number] {
  if (n === undefined) throw new Error('ran out of hot slots: seed more (hotSlotsNeeded)')
  return [n, n]
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
    if (!settling || Date.now() > deadline) {
      throw new Error(
        `hot slot counter ${current} != ${result.succeeded} acknowledged + ${result.unanswered} unanswered bookings`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
