/**
 * `npm run bench`: every figure of issues 5 and 15 in one run, printed as tables with the targets and
 * written to bench-results.json. Needs real PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test); it creates fresh databases and drops them after.
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from './benchEngines.js'
import { BENCH_CUSTOMERS } from './benchFixtures.js'
import { type BenchResults, RESULTS_FILE } from './benchResults.js'
import { benchSize } from './benchSize.js'
import { bundleTargets, measureBundleSize } from './bundleSize.js'
import { measureBrowserOfflinePush } from './browserOfflinePush.js'
import { measureReplication } from './deviceReplication.js'
import { insightsTargets, measureInsightsQuery, printInsights } from './insightsQuery.js'
import { measureFanOut } from './fanOut.js'
import { feedTargets, printFeed } from './feedReport.js'
import { cpuTicks, machineInfo, stolenShare } from './machineInfo.js'
import { measureNotifyCost } from './notifyExperiment.js'
import { printSync, printTargets, syncTargets } from './syncReport.js'
import { type ThroughputRow, compareThroughput, hotSlotsNeeded } from './throughputComparison.js'
import { printThroughput, throughputTargets } from './throughputReport.js'
import { measureUiLatency } from './uiLatencyRun.js'
import { measureWeekRender } from './weekRender.js'
import { settleDatabase } from './settleDatabase.js'
import { measureWebhookCost, printWebhookCost, webhookTargets } from './webhookThroughput.js'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
// openTestDatabase creates its fresh databases on the server DATABASE_URL points at.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL
const databaseUrl = process.env.DATABASE_URL

const size = benchSize()
const started = performance.now()
const machine = machineInfo()
const loadAtStart = os.loadavg()[0] ?? 0
const ticksAtStart = cpuTicks()
console.log(
  `bench on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`,
)

const plan = { customers: BENCH_CUSTOMERS, spreadSlots: 1000, hotSlots: hotSlotsNeeded(size.throughput) }
const throughput: ThroughputRow[] = []
await settleDatabase(databaseUrl)
const rawDrivers: Record<string, string> = {}
let postgresVersion = 'unknown'
for (const open of [openPostgresEngine, openPgliteEngine]) {
  const engine: BenchEngine = await open(plan)
  try {
    rawDrivers[engine.name] = engine.rawDriver
    if (engine.name === 'postgres') {
      const { rows } = await engine.rawDb.query<{ server_version: string }>('SHOW server_version')
      postgresVersion = rows[0]?.server_version ?? 'unknown'
    }
    const rows = await compareThroughput(engine, size.throughput)
    // Printed per engine as soon as it is done, so a later failure still leaves these figures.
    printThroughput(rows, { [engine.name]: engine.rawDriver })
    throughput.push(...rows)
  } finally {
    await engine.close()
  }
}
console.log(`[throughput: ${((performance.now() - started) / 1000).toFixed(0)} s]`)

/** Runs one stage and says how long it took (the whole bench must stay under 10 minutes). */
async function stage<T>(name: string, run: () => Promise<T>): Promise<T> {
  const settled = await settleDatabase(databaseUrl)
  if (settled.waitedMs > 1000 || settled.autovacuumStillRunning > 0)
    console.log(
      `[before ${name}: waited ${(settled.waitedMs / 1000).toFixed(0)} s for PostgreSQL to settle${settled.autovacuumStillRunning ? `, ${settled.autovacuumStillRunning} autovacuum workers still running` : ''}]`,
    )
  const t0 = performance.now()
  const value = await run()
  console.log(`[${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s]`)
  return value
}

const sync = {
  replication: await stage('replication', () =>
    measureReplication({
      offlineBookings: size.offlineBookings,
      initialSlots: size.initialSlots,
      propagationChanges: size.propagationChanges,
      repeats: size.replicationRepeats,
    }),
  ),
  browserPush: await stage('Chromium offline push', () =>
    measureBrowserOfflinePush(size.offlineBookings, size.replicationRepeats),
  ),
  weekRender: await stage('Chromium week render', () =>
    measureWeekRender(size.initialSlots, size.replicationRepeats),
  ),
  ui: await stage('Chromium click latency', () => measureUiLatency(size.clicks)),
}
printSync(sync)
const bundle = await stage('first-load JS', measureBundleSize)
console.log(`\nfirst-load JS: ${bundle.totalGzipKB.toFixed(1)} kB gzipped (${bundle.totalKB.toFixed(1)} kB)`)
const insights = await stage('insights query', measureInsightsQuery)
printInsights(insights)

// Issue 15: the booking SQL with and without the old NOTIFY trigger, and one booking's fan-out to live devices.
const feed = {
  notify: await stage('NOTIFY experiment', () => measureNotifyCost(size.notify)),
  fanOut: await stage(`fan-out to ${size.fanOut.devices} devices`, () => measureFanOut(size.fanOut)),
  shared: await stage(`${size.fanOut.devices} devices watching one provider`, () =>
    measureFanOut(size.fanOut, 'customers'),
  ),
}
printFeed(feed)
// Issue 17: booking throughput with and without a subscribed webhook endpoint.
const webhooks = await stage('webhooks on/off', () =>
  measureWebhookCost({ repeats: 3, maxOperations: 3000, maxMs: 8000 }),
)
printWebhookCost(webhooks)

const targets = [
  ...throughputTargets(throughput),
  ...syncTargets(sync),
  ...bundleTargets(bundle),
  ...insightsTargets(insights),
  ...feedTargets(feed),
  ...webhookTargets(webhooks),
]
printTargets(targets)
const durationS = (performance.now() - started) / 1000
const stolenCpuShare = stolenShare(ticksAtStart, cpuTicks())
console.log(
  `\nbench finished in ${durationS.toFixed(0)} s${stolenCpuShare === null ? '' : `; the hypervisor took ${(stolenCpuShare * 100).toFixed(1)} % of the CPU time (steal)`}`,
)
const results: BenchResults = {
  at: new Date().toISOString(),
  machine: { ...machine, postgresVersion },
  loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
  stolenCpuShare,
  size,
  durationS,
  rawDrivers,
  throughput,
  ...sync,
  bundle,
  insights,
  feed,
  webhooks,
  targets,
}
await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
console.log(
  `wrote ${RESULTS_FILE}; \`npx tsx test/bench/performanceSection.ts\` turns it into test/bench/PERFORMANCE.md`,
)
// Devices' streams and Chromium leave handles behind whose closing we need not wait for.
process.exit(0)
