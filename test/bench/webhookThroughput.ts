/**
 * Issue 17 (webhooks): booking throughput through the server at 8 clients, without and with an
 * enabled endpoint subscribed to the booking events (a receiver on 127.0.0.1 answering 200, in a
 * process of its own at nice 19: it stands for someone else's machine), on real PostgreSQL, in the
 * same run: the two sides alternate within each repetition so background load hits both alike.
 * Delivery runs as README "Webhooks" recommends: the web process with WEBHOOK_DELIVERY=false, a
 * worker process (server/webhookWorker.ts) at nice 10.
 * CPU per booking of the web process, the worker, the database's backends, the receiver and the
 * whole machine says where the cost is. Each run with webhooks is followed by a wait until every
 * event of it is delivered, so no run pays for the one before; how far delivery lagged at each such
 * run's end is reported. Target: with webhooks >= 0.9 x without. Standalone:
 * `npx tsx test/bench/webhookThroughput.ts` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
 * WEBHOOK_WORKER_CPU_PROF=dir runs the worker with --cpu-prof into dir and prints its top functions.
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { httpClient } from '../helpers/httpRequest.js'
import { startServerProcess } from '../helpers/serverProcess.js'
import { WEBHOOK_WORKER_READY } from '../../server/webhooks/webhookQueue.js'
import { openPostgresEngine } from './benchEngines.js'
import { BENCH_CUSTOMERS } from './benchFixtures.js'
import { SpreadRuns } from './bookingPairs.js'
import type { LoadResult } from './bookingWorkload.js'
import { runHttpBookingLoad } from './httpBookingLoad.js'
import { machineCpuMs, processCpuMs, trackDatabaseCpu } from './processCpu.js'
import path from 'node:path'
import { printProfile } from './cpuProfileSummary.js'
import { type Spread, median, ratio, spread } from './stats.js'
import type { TargetVerdict } from './throughputReport.js'
import { RECEIVER_READY } from './webhookReceiverProcess.js'
import { expectBookingsStored } from './storedBookings.js'

export const WEBHOOK_THROUGHPUT_TARGET = 0.9
const CONCURRENCY = 8
/** `nice -n 10`, as README "Webhooks" recommends for a worker beside web processes. */
const WORKER_NICENESS = 10
/** The bench's receiver stands for a machine elsewhere: `nice -n 19`. */
const RECEIVER_NICENESS = 19
/** The worker's connections say so (PGAPPNAME), so the database's CPU for it is told apart. */
const WORKER_APPLICATION = 'webhook-bench-worker'
const WORKER_CPU_PROF = process.env.WEBHOOK_WORKER_CPU_PROF

export interface WebhookCostSize {
  repeats: number
  maxOperations: number
  maxMs: number
}

export interface WebhookCostFigures {
  concurrency: number
  /** How delivery ran: the README's recommended layout (a worker process beside the web process). */
  layout: string
  without: Spread
  with: Spread
  /** with / without (medians). */
  ratio: number
  /** CPU ms per successful booking (medians over the runs): where the cost goes. */
  cpuPerBooking: Record<'without' | 'with', CpuSample>
  events: number
  deliveredWithinRuns: number
  /** Events of a run with webhooks not yet delivered when its last booking was answered (per run). */
  backlogAtRunEnd: number[]
  loadAverage: number[]
}

type Side = 'without' | 'with'
interface CpuSample {
  server: number
  worker: number
  database: number
  /** The part of `database` spent on the worker's statements (the rest: the web process's). */
  workerDatabase: number
  /** The bench's receiver (someone else's server in production; it shares these cores here). */
  receiver: number
  /** Every process and the kernel, the bench's clients included. */
  machine: number
}
const CPU_PARTS = ['server', 'worker', 'database', 'workerDatabase', 'receiver', 'machine'] as const
/** How long a run's deliveries may take to drain before the next run starts. */
const DRAIN_LIMIT_MS = 120_000

export async function measureWebhookCost(size: WebhookCostSize): Promise<WebhookCostFigures> {
  // README "Webhooks": web processes with WEBHOOK_DELIVERY=false, delivery in its own process.
  const engine = await openPostgresEngine(
    { customers: BENCH_CUSTOMERS, spreadSlots: 1000, hotSlots: 0 },
    { WEBHOOK_DELIVERY: 'false' },
  )
  const worker = await startServerProcess({
    entry: 'server/webhookWorker.ts',
    readyLine: WEBHOOK_WORKER_READY,
    env: { DATABASE_URL: engine.databaseUrl as string, PGAPPNAME: WORKER_APPLICATION },
    nodeArgs: WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(WORKER_CPU_PROF)}`] : [],
  })
  // The README's advice where web and worker processes share a machine: the worker at a lower priority.
  os.setPriority(worker.pid(), WORKER_NICENESS)
  const receiver = await startServerProcess({
    entry: 'test/bench/webhookReceiverProcess.ts',
    readyLine: RECEIVER_READY,
    env: {},
  })
  // The receiver is someone else's server: on its own machine in production, here at the lowest
  // priority so that its work is not charged to the bookings (its CPU is still reported).
  os.setPriority(receiver.pid(), RECEIVER_NICENESS)
  const client = httpClient(engine.server.url, CONCURRENCY)
  try {
    const { rows } = await engine.rawDb.query<{ id: string }>("SELECT id FROM users WHERE role = 'provider'")
    const endpointId = randomUUID()
    await engine.rawDb.query(
      `INSERT INTO webhook_endpoints (id, provider_id, url, events, secret, enabled)
       VALUES ($1, $2, $3, $4, $5, false)`,
      [
        endpointId,
        rows[0]?.id,
        `${receiver.url}/hook`,
        ['booking.created', 'booking.confirmed', 'booking.cancelled'],
        `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
      ],
    )
    const tokens = engine.data.customers.map((c) => c.token)
    const spreadRuns = new SpreadRuns([1, engine.data.spreadSlots])
    const cpuNow = async (): Promise<CpuSample> => ({
      server: await processCpuMs(engine.server.pid()),
      worker: await processCpuMs(worker.pid()),
      database: 0,
      workerDatabase: 0,
      receiver: await processCpuMs(receiver.pid()),
      machine: await machineCpuMs(),
    })
    const undelivered = async () => {
      const { rows } = await engine.rawDb.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM webhook_events)
              - (SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered') AS n`,
      )
      return Number(rows[0]?.n)
    }
    const backlogAtRunEnd: number[] = []
    const runs: Record<Side, LoadResult[]> = { without: [], with: [] }
    const cpu: Record<Side, CpuSample[]> = { without: [], with: [] }
    for (let rep = 0; rep < size.repeats; rep++) {
      for (const side of rep % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
        await engine.rawDb.query('UPDATE webhook_endpoints SET enabled = $2 WHERE id = $1', [
          endpointId,
          side === 'with',
        ])
        const before = await cpuNow()
        const databaseCpu = await trackDatabaseCpu(engine.rawDb)
        const workerDatabaseCpu = await trackDatabaseCpu(engine.rawDb, undefined, WORKER_APPLICATION)
        const shape = { concurrency: CONCURRENCY, maxOperations: size.maxOperations }
        const run = await runHttpBookingLoad(client, tokens, {
          ...shape,
          pattern: 'spread',
          maxMs: size.maxMs,
          ...spreadRuns.nextRun(shape),
        })
        const after = {
          ...(await cpuNow()),
          database: await databaseCpu.stop(),
          workerDatabase: await workerDatabaseCpu.stop(),
        }
        runs[side].push(run)
        const per = (k: keyof CpuSample) => (after[k] - before[k]) / Math.max(1, run.succeeded)
        cpu[side].push(Object.fromEntries(CPU_PARTS.map((k) => [k, per(k)])) as unknown as CpuSample)
        if (side === 'with') {
          backlogAtRunEnd.push(await undelivered())
          const drainStarted = performance.now()
          while ((await undelivered()) > 0 && performance.now() - drainStarted < DRAIN_LIMIT_MS) {
            await new Promise((resolve) => setTimeout(resolve, 100))
          }
        }
      }
    }
    const all = [...runs.without, ...runs.with]
    const failed = all.reduce((sum, r) => sum + r.failed, 0)
    if (failed > 0) console.error(`webhook bench: ${failed} bookings were not answered 201`)
    const acknowledged = all.reduce((sum, r) => sum + r.succeeded, 0)
    await expectBookingsStored(engine.rawDb, { acknowledged, unanswered: 0 }, 'webhook bench')
    const counts = await engine.rawDb.query<{ events: string; delivered: string }>(
      `SELECT (SELECT count(*) FROM webhook_events) AS events,
              (SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered') AS delivered`,
    )
    const without = spread(runs.without.map((r) => r.throughput))
    const withHooks = spread(runs.with.map((r) => r.throughput))
    const medianCpu = (side: Side) =>
      Object.fromEntries(
        CPU_PARTS.map((k) => [k, median(cpu[side].map((c) => c[k]))]),
      ) as unknown as CpuSample
    return {
      concurrency: CONCURRENCY,
      layout: `web process with WEBHOOK_DELIVERY=false + one server/webhookWorker.ts process at nice ${WORKER_NICENESS}; the receiver at nice ${RECEIVER_NICENESS}`,
      without,
      with: withHooks,
      ratio: ratio(withHooks, without),
      cpuPerBooking: { without: medianCpu('without'), with: medianCpu('with') },
      events: Number(counts.rows[0]?.events),
      deliveredWithinRuns: Number(counts.rows[0]?.delivered),
      backlogAtRunEnd,
      loadAverage: os.loadavg(),
    }
  } finally {
    client.close()
    await receiver.stop()
    await worker.stop()
    await engine.close()
  }
}

export function webhookTargets(figures: WebhookCostFigures): TargetVerdict[] {
  return [
    {
      figure: `booking throughput with / without a webhook endpoint, ${figures.concurrency} clients`,
      target: `>= ${WEBHOOK_THROUGHPUT_TARGET}`,
      value: figures.ratio,
      met: figures.ratio >= WEBHOOK_THROUGHPUT_TARGET,
    },
  ]
}

export function printWebhookCost(figures: WebhookCostFigures): void {
  const f = (s: Spread) => `${s.median.toFixed(0)}/s (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`
  const c = (side: 'without' | 'with') => {
    const cpu = figures.cpuPerBooking[side]
    return CPU_PARTS.map((k) => `${k} ${cpu[k].toFixed(2)}`).join(', ')
  }
  console.log(
    `\nWebhooks (${figures.layout}): ${figures.concurrency} clients, without ${f(figures.without)}, with ${f(figures.with)}, ` +
      `ratio ${figures.ratio.toFixed(2)}; ${figures.events} events, ${figures.deliveredWithinRuns} delivered ` +
      `by the end (backlog at each run's end: ${figures.backlogAtRunEnd.join(', ')}); load average ${figures.loadAverage.map((l) => l.toFixed(2)).join(' ')}\n` +
      `CPU ms per booking: without (${c('without')}); with (${c('with')})`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  // WEBHOOK_BENCH_REPEATS: more pairs of runs, for a loaded machine (3 by default).
  const repeats = Number(process.env.WEBHOOK_BENCH_REPEATS ?? 3)
  const figures = await measureWebhookCost({ repeats, maxOperations: 3000, maxMs: 8000 })
  printWebhookCost(figures)
  console.log(JSON.stringify(webhookTargets(figures)))
  if (WORKER_CPU_PROF) await printProfile(WORKER_CPU_PROF, 'attemptAll')
}
