/**
 * Runs single pieces of `npm run bench` (the full run is too heavy for a shared machine) and
 * prints their tables and targets: `npx tsx test/bench/runPieces.ts throughput week push chromiumpush ui bundle`.
 * Writes the figures it measured to bench-pieces.json (merged into later runs of other pieces).
 */
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { openPostgresEngine } from './benchEngines.js'
import { BENCH_CUSTOMERS } from './benchFixtures.js'
import { benchSize } from './benchSize.js'
import { measureBundleSize } from './bundleSize.js'
import { measureBrowserOfflinePush } from './browserOfflinePush.js'
import { measureReplication } from './deviceReplication.js'
import { compareThroughput, hotSlotsNeeded } from './throughputComparison.js'
import { printThroughput, throughputTargets } from './throughputReport.js'
import { measureUiLatency } from './uiLatencyRun.js'
import { measureWeekRender } from './weekRender.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const PIECES_FILE = 'bench-pieces.json'
const wanted = new Set(process.argv.slice(2))
const size = benchSize()
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
const out: Record<string, unknown> = JSON.parse(await readFile(PIECES_FILE, 'utf8').catch(() => '{}'))

async function piece(name: string, run: () => Promise<unknown>): Promise<void> {
  if (!wanted.has(name)) return
  const loadBefore = load()
  const t0 = Date.now()
  const figures = await run()
  out[name] = { at: new Date().toISOString(), loadBefore, loadAfter: load(), figures }
  console.log(`\n[${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s, load ${loadBefore} -> ${load()}]`)
  console.log(JSON.stringify(figures, null, 1))
  await writeFile(PIECES_FILE, `${JSON.stringify(out, null, 2)}\n`)
}

await piece('throughput', async () => {
  const plan = { customers: BENCH_CUSTOMERS, spreadSlots: 1000, hotSlots: hotSlotsNeeded(size.throughput) }
  const engine = await openPostgresEngine(plan)
  try {
    const rows = await compareThroughput(engine, size.throughput)
    printThroughput(rows, { postgres: engine.rawDriver })
    return { rows, targets: throughputTargets(rows) }
  } finally {
    await engine.close()
  }
})
await piece('push', () =>
  measureReplication({
    offlineBookings: size.offlineBookings,
    initialSlots: size.initialSlots,
    propagationChanges: 20,
    repeats: size.replicationRepeats,
  }),
)
await piece('chromiumpush', () => measureBrowserOfflinePush(size.offlineBookings, size.replicationRepeats))
await piece('week', () => measureWeekRender(size.initialSlots, size.replicationRepeats))
await piece('ui', () => measureUiLatency(size.clicks))
await piece('bundle', () => measureBundleSize())
process.exit(0)
