/** Printing figures 1a/1b and judging their ratio targets. */
import type { ThroughputRow } from './throughputComparison.js'
import { type Table, formatSpread, textTable } from './textTable.js'

/** Server/raw throughput ratio targets on real PostgreSQL (issue 5, 1a). */
export const RATIO_TARGETS = { spread: 0.6, hot: 0.8 } as const

export interface TargetVerdict {
  figure: string
  target: string
  value: number
  met: boolean
}

export function throughputTargets(rows: ThroughputRow[]): TargetVerdict[] {
  return rows
    .filter((r) => r.engine === 'postgres')
    .map((r) => ({
      figure: `server/raw throughput, postgres, ${r.pattern}, ${r.concurrency} clients`,
      target: `>= ${RATIO_TARGETS[r.pattern]}`,
      value: r.ratio,
      met: r.ratio >= RATIO_TARGETS[r.pattern],
    }))
}

export function throughputTable(rows: ThroughputRow[]): Table {
  const header = [
    'engine',
    'slots',
    'clients',
    'server/s',
    'raw/s',
    'ratio',
    'server p50',
    'server p99',
    'raw p50',
    'raw p99',
    'failed',
  ]
  const body = rows.map((r) => [
    r.engine,
    r.pattern,
    String(r.concurrency),
    formatSpread(r.server.throughput),
    formatSpread(r.raw.throughput),
    r.engine === 'postgres'
      ? `${r.ratio.toFixed(2)} (target ${RATIO_TARGETS[r.pattern]})`
      : r.ratio.toFixed(2),
    formatSpread(r.server.p50Ms, 1),
    formatSpread(r.server.p99Ms, 1),
    formatSpread(r.raw.p50Ms, 1),
    formatSpread(r.raw.p99Ms, 1),
    String(r.server.failed + r.raw.failed),
  ])
  return { header, rows: body }
}

export function printThroughput(rows: ThroughputRow[], rawDrivers: Record<string, string>): void {
  console.log('\n1a/1b  Booking throughput (bookings/s) and latency (ms): median (min–max) over runs')
  for (const [engine, driver] of Object.entries(rawDrivers)) console.log(`       raw ${engine}: ${driver}`)
  const { header, rows: body } = throughputTable(rows)
  console.log(textTable(header, body))
}
