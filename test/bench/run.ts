/**
 * `npm run bench`: every figure of issue 5 in one run, printed as tables with the targets and
 * written to bench-results.json. Needs real PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test); it creates fresh databases and drops them after.
 */
import { writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from './benchEngines.js'
import { benchSize } from './benchSize.js'
import { machineInfo } from './machineInfo.js'
import { printThroughput, throughputTargets } from './throughputReport.js'
import { type ThroughputRow, compareThroughput, hotSlotsNeeded } from './throughputComparison.js'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
// openTestDatabase creates its fresh databases on the server DATABASE_URL points at.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL

const size = benchSize()
const started = performance.now()
const machine = machineInfo()
console.log(
  `bench on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`,
)

const plan = { customers: 32, spreadSlots: 1000, hotSlots: hotSlotsNeeded(size.throughput) }
const throughput: ThroughputRow[] = []
const rawDrivers: Record<string, string> = {}
for (const open of [openPostgresEngine, openPgliteEngine]) {
  const engine: BenchEngine = await open(plan)
  try {
    rawDrivers[engine.name] = engine.rawDriver
    throughput.push(...(await compareThroughput(engine, size.throughput)))
  } finally {
    await engine.close()
  }
}
printThroughput(throughput, rawDrivers)

const targets = [...throughputTargets(throughput)]
const durationS = (performance.now() - started) / 1000
console.log(`\nbench finished in ${durationS.toFixed(0)} s`)
await writeFile(
  'bench-results.json',
  `${JSON.stringify({ at: new Date().toISOString(), machine, size, durationS, rawDrivers, throughput, targets }, null, 2)}\n`,
)
