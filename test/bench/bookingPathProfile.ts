/**
 * Where a booking's time and CPU go (issue 13, goal 1): on a fresh bench database with the server
 * process in front of it, as `npm run bench` sets them up, runs interleaved at 1 and 8 clients
 *   - booking/node   POST /api/bookings, Node's http client (the bench's fallback driver)
 *   - booking/wrk    the same requests from wrk (C), when installed
 *   - health/node    GET /api/health through the same server: HTTP + one trivial query (the floor)
 *   - health/wrk     the same from wrk
 *   - raw/pgbench    the booking statement from pgbench (the bench's raw side)
 *   - raw/pg         the booking statement from node-postgres in this process (a pool, prepared)
 *   - raw/pg-app     the same as the server runs it: application role, row-level security on, the
 *                    organisation setting, the session check (all absent from the raw side)
 * and reports throughput, p50 and CPU ms per operation of the driver, the server, PostgreSQL's
 * backends of the bench database and the whole machine.
 *
 *   npx tsx test/bench/bookingPathProfile.ts [modes...]      (default: all; DATABASE_URL as the bench)
 *   PROFILE_REPEATS=3 PROFILE_CLIENTS=1,8 PROFILE_MS=3000 PROFILE_OPERATIONS=1500 (pgbench is count-bound: keep it within 3 x PROFILE_MS) PROFILE_PATTERN=spread|hot
 *   SERVER_CPU_PROF=dir   the server runs with --cpu-prof into dir; its top self-time functions are printed
 *   PROFILE_BASELINE=dir  A/B: a second server from dir/server/main.ts (e.g. `git archive <commit> server shared`
 *                         with node_modules linked) on the same database; modes base-booking/wrk, base-booking/node
 *   SERVER_NODE_ARGS="--perf-basic-prof"   further node options for the server (perf record -p <pid>)
 */
import os from 'node:os'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Database } from '../../server/db/database.js'
import { openPostgresDatabase } from '../../server/db/postgresDatabase.js'
import { organisationDatabase } from '../../server/db/tenantScope.js'
import { BOOK_SEAT_SQL, creationNotice } from '../../server/domain/bookSeat.js'
import { DEFAULT_ORGANISATION_ID } from '../../server/domain/organisations.js'
import { hashSessionToken } from '../../server/auth/sessionTokens.js'
import { randomUUID } from 'node:crypto'
import { type HttpClient, httpClient } from '../helpers/httpRequest.js'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.js'
import { openPostgresEngine } from './benchEngines.js'
import { BENCH_CUSTOMERS } from './benchFixtures.js'
import { benchId } from './benchIds.js'
import { SpreadRuns, bookingPair, hotRun } from './bookingPairs.js'
import { type BookingWorkload, type LoadResult, loadResult } from './bookingWorkload.js'
import { runClosedLoop } from './closedLoop.js'
import { customerTokens, runHttpBookingLoad, warmSessionCache } from './httpBookingLoad.js'
import { cpuTicks, stolenShare } from './machineInfo.js'
import { machineCpuMs, processCpuMs, trackDatabaseCpu } from './processCpu.js'
import { runRawBookingLoop } from './rawBookingLoop.js'
import { printProfile } from './cpuProfileSummary.js'
import { median } from './stats.js'
import { findWrk, runWrkBookingLoad } from './wrkBookingLoad.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const REPEATS = Number(process.env.PROFILE_REPEATS ?? 3)
const CLIENTS = (process.env.PROFILE_CLIENTS ?? '1,8').split(',').map(Number)
const MAX_MS = Number(process.env.PROFILE_MS ?? 3000)
const MAX_OPERATIONS = Number(process.env.PROFILE_OPERATIONS ?? 1500)
const PATTERN = process.env.PROFILE_PATTERN === 'hot' ? 'hot' : 'spread'
const CPU_PROF_DIR = process.env.SERVER_CPU_PROF
const ALL_MODES = [
  'base-booking/wrk',
  'base-booking/node',
  'booking/node',
  'booking/wrk',
  'health/node',
  'health/wrk',
  'raw/pgbench',
  'raw/pg',
  'raw/pg-app',
]
const wantedModes = process.argv.slice(2).length ? process.argv.slice(2) : ALL_MODES

const load = () => os.loadavg()[0]?.toFixed(1)
const loadAtStart = load()
const ticksAtStart = cpuTicks()
const plan = {
  customers: BENCH_CUSTOMERS,
  spreadSlots: 1000,
  hotSlots: REPEATS * CLIENTS.length * wantedModes.length,
}
const serverNodeArgs = [
  ...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : []),
  // e.g. --perf-basic-prof, for `perf record -p <server pid>` (the pid is printed below).
  ...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
]
const engine = await openPostgresEngine(plan, {}, serverNodeArgs)
const url = engine.databaseUrl as string
const BASELINE = process.env.PROFILE_BASELINE
const baseServer = BASELINE
  ? await startServerProcess({
      env: { DATABASE_URL: url },
      entry: path.join(path.resolve(BASELINE), 'server/main.ts'),
      nodeArgs: serverNodeArgs,
    })
  : undefined
const baseClient = baseServer ? httpClient(baseServer.url, Math.max(...CLIENTS)) : undefined
const client = httpClient(engine.server.url, Math.max(...CLIENTS))
const tokens = engine.data.customers.map((c) => c.token)
const wrk = findWrk()
const hotSlots = [...engine.data.hotSlots]
const spreadRuns = new SpreadRuns([1, engine.data.spreadSlots])

/** node-postgres pools kept open across runs (connecting is not what is measured). */
const pools = new Map<string, Database>()
function pool(key: string, open: () => Database): Database {
  const existing = pools.get(key)
  if (existing) return existing
  const made = open()
  pools.set(key, made)
  return made
}

const pending = creationNotice('customer', 'PENDING')
const confirmed = creationNotice('customer', 'CONFIRMED')

/** The server's statement with the server's parameters, as the application role in the organisation. */
async function runAppRoleLoop(db: Database, w: BookingWorkload): Promise<LoadResult> {
  const hashes = tokens.map(hashSessionToken)
  const result = await runClosedLoop({
    concurrency: w.concurrency,
    maxOperations: w.maxOperations,
    maxMs: w.maxMs,
    operation: async (index) => {
      const pair = bookingPair(w, index)
      const { rows } = await db.query<{ id: string | null }>(
        BOOK_SEAT_SQL,
        [
          randomUUID(),
          benchId('customer', pair.customer),
          benchId('slot', pair.slot),
          '',
          hashes[pair.customer - 1],
          randomUUID(),
          pending?.kind ?? null,
          confirmed?.kind ?? null,
          pending?.target ?? null,
          confirmed?.target ?? null,
        ],
        { prepareAs: 'book_seat' },
      )
      if (!rows[0]?.id) throw new Error('app-role booking refused')
    },
  })
  if (result.failed) throw new Error(`raw/pg-app: ${result.failed} failed: ${String(result.firstError)}`)
  return loadResult(result.latenciesMs, result.elapsedMs, result.failed)
}

async function runHealthLoop(w: BookingWorkload): Promise<LoadResult> {
  const result = await runClosedLoop({
    concurrency: w.concurrency,
    maxOperations: w.maxOperations,
    maxMs: w.maxMs,
    operation: async () => {
      const res = await client.request({ method: 'GET', path: '/api/health' })
      if (res.status !== 200) throw new Error(`health answered ${res.status}`)
    },
  })
  return loadResult(result.latenciesMs, result.elapsedMs, result.failed)
}

const appUser = process.env.DATABASE_APP_USER ?? 'uniservice_app'
const modes: Record<string, (w: BookingWorkload) => Promise<LoadResult>> = {
  'booking/node': (w) => runHttpBookingLoad(client, tokens, w),
  'base-booking/node': (w) => runHttpBookingLoad(baseClient as HttpClient, tokens, w),
  'base-booking/wrk': (w) => runWrkBookingLoad(wrk as string, baseServer?.url as string, tokens, w),
  'booking/wrk': (w) => runWrkBookingLoad(wrk as string, engine.server.url, tokens, w),
  'health/node': (w) => runHealthLoop(w),
  'health/wrk': (w) => runWrkBookingLoad(wrk as string, engine.server.url, tokens, w, { health: true }),
  'raw/pgbench': (w) => engine.raw(w),
  'raw/pg': (w) =>
    runRawBookingLoop(
      pool(`pg/${w.concurrency}`, () => openPostgresDatabase(url, w.concurrency)),
      w,
    ),
  'raw/pg-app': (w) =>
    runAppRoleLoop(
      pool(`app/${w.concurrency}`, () =>
        organisationDatabase(
          openPostgresDatabase(url, w.concurrency).asRole(appUser),
          DEFAULT_ORGANISATION_ID,
        ),
      ),
      w,
    ),
}
const runnable = wantedModes.filter(
  (m) => modes[m] && (wrk || !m.endsWith('/wrk')) && (baseServer || !m.startsWith('base-')),
)

/** CPU ms of this process and of its reaped children (pgbench, wrk): /proc/self/stat. */
async function ownCpuMs(): Promise<{ self: number; children: number }> {
  const stat = await readFile('/proc/self/stat', 'utf8')
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number)
  return { self: ((f[11] ?? 0) + (f[12] ?? 0)) * 10, children: ((f[13] ?? 0) + (f[14] ?? 0)) * 10 }
}

/** The server's context switches so far: voluntary (it waited) and not (it was preempted). */
async function contextSwitches(pid: number): Promise<{ voluntary: number; preempted: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return { voluntary: count('voluntary_ctxt_switches'), preempted: count('nonvoluntary_ctxt_switches') }
}

interface Sample {
  result: LoadResult
  /** The server's context switches per operation, preempted ones apart. */
  switches: number
  preempted: number
  /** CPU ms per operation. */
  driver: number
  server: number
  database: number
  machine: number
}

async function measure(mode: string, concurrency: number): Promise<Sample> {
  const slot = PATTERN === 'hot' ? hotSlots.shift() : undefined
  if (PATTERN === 'hot' && slot === undefined) throw new Error('out of hot slots')
  const shape = {
    concurrency,
    maxOperations: PATTERN === 'hot' ? Math.min(MAX_OPERATIONS, 900) : MAX_OPERATIONS,
  }
  const workload: BookingWorkload = {
    ...shape,
    pattern: PATTERN,
    maxMs: MAX_MS,
    ...(slot === undefined ? spreadRuns.nextRun(shape) : hotRun(slot, tokens.length)),
  }
  const run = modes[mode] as (w: BookingWorkload) => Promise<LoadResult>
  // A hot run's customers are cached by the server beforehand, as in the bench (throughputComparison.ts).
  if (PATTERN === 'hot' && mode.includes('booking/'))
    await warmSessionCache(
      mode.startsWith('base-') ? (baseClient as HttpClient) : client,
      customerTokens(workload, tokens),
    )
  const serverPid = (mode.startsWith('base-') ? (baseServer as ServerProcess) : engine.server).pid()
  const db = await trackDatabaseCpu(engine.rawDb, 50)
  const own0 = await ownCpuMs()
  const server0 = await processCpuMs(serverPid)
  const switches0 = await contextSwitches(serverPid)
  const machine0 = await machineCpuMs()
  const result = await run(workload)
  const machine1 = await machineCpuMs()
  const server1 = await processCpuMs(serverPid)
  const switches1 = await contextSwitches(serverPid)
  const own1 = await ownCpuMs()
  const database = await db.stop()
  const ops = Math.max(1, result.succeeded)
  // The driver: this process for the Node drivers, the reaped child for pgbench and wrk.
  const external = mode === 'raw/pgbench' || mode.endsWith('/wrk')
  const driver = external ? own1.children - own0.children : own1.self - own0.self
  return {
    result,
    switches: (switches1.voluntary - switches0.voluntary) / ops,
    preempted: (switches1.preempted - switches0.preempted) / ops,
    driver: driver / ops,
    server: mode.startsWith('raw/') ? 0 : (server1 - server0) / ops,
    database: database / ops,
    machine: (machine1 - machine0) / ops,
  }
}

const samples = new Map<string, Sample[]>()
console.log(
  `booking path profile: ${PATTERN}, clients ${CLIENTS.join('/')}, ${REPEATS} rounds, runs of <= ${MAX_MS} ms; modes ${runnable.join(' ')}; server pid ${engine.server.pid()}; load ${loadAtStart}`,
)
for (let round = 0; round < REPEATS; round++) {
  for (const concurrency of CLIENTS) {
    // Each round starts the rotation one mode later: no mode always runs right after another.
    const order = runnable.map((_, i) => runnable[(i + round) % runnable.length] as string)
    for (const mode of order) {
      const sample = await measure(mode, concurrency)
      const key = `${mode}@${concurrency}`
      samples.set(key, [...(samples.get(key) ?? []), sample])
      if (sample.result.failed) console.log(`  ${key}: ${sample.result.failed} failed`)
    }
  }
  console.log(`  round ${round + 1} done, load ${load()}`)
}

const fmt = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-')
const med = (list: Sample[], pick: (s: Sample) => number) => median(list.map(pick))
const rangeOf = (list: Sample[], pick: (s: Sample) => number) =>
  `${fmt(Math.min(...list.map(pick)), 0)}-${fmt(Math.max(...list.map(pick)), 0)}`
console.log(
  '\nmode@clients        ops/s (min-max)      p50 ms  p99 ms | CPU ms/op: driver  server  postgres  machine | server switches/op: waits preempted',
)
for (const concurrency of CLIENTS) {
  for (const mode of runnable) {
    const list = samples.get(`${mode}@${concurrency}`) ?? []
    if (!list.length) continue
    console.log(
      `${`${mode}@${concurrency}`.padEnd(20)}${fmt(
        med(list, (s) => s.result.throughput),
        0,
      ).padStart(5)} (${rangeOf(list, (s) => s.result.throughput)})`.padEnd(41) +
        `${fmt(med(list, (s) => s.result.p50Ms)).padStart(6)}  ${fmt(med(list, (s) => s.result.p99Ms)).padStart(6)} |` +
        `           ${fmt(med(list, (s) => s.driver)).padStart(6)}  ${fmt(med(list, (s) => s.server)).padStart(6)} (${fmt(Math.min(...list.map((s) => s.server)))}-${fmt(Math.max(...list.map((s) => s.server)))})  ${fmt(med(list, (s) => s.database)).padStart(8)}  ${fmt(med(list, (s) => s.machine)).padStart(7)} |` +
        `                    ${fmt(med(list, (s) => s.switches)).padStart(5)}  ${fmt(med(list, (s) => s.preempted)).padStart(9)}`,
    )
  }
}
console.log(
  `load ${loadAtStart} -> ${load()}; steal ${((stolenShare(ticksAtStart, cpuTicks()) ?? 0) * 100).toFixed(1)} % of the CPU time`,
)

client.close()
baseClient?.close()
await baseServer?.stop()
for (const p of pools.values()) await p.close()
await engine.close()
if (CPU_PROF_DIR) await printProfile(CPU_PROF_DIR)
process.exit(0)
