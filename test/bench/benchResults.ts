/** The shape of bench-results.json: written by run.ts, read by performanceSection.ts. */
import type { BenchSize } from './benchSize.js'
import type { BundleFigures } from './bundleSize.js'
import type { InsightsQueryFigures } from './insightsQuery.js'
import type { FeedFigures } from './feedReport.js'
import type { WebhookCostFigures } from './webhookThroughput.js'
import type { MachineInfo } from './machineInfo.js'
import type { SyncFigures } from './syncReport.js'
import type { ThroughputRow } from './throughputComparison.js'
import type { TargetVerdict } from './throughputReport.js'

export const RESULTS_FILE = 'bench-results.json'

export interface BenchResults extends SyncFigures {
  at: string
  machine: MachineInfo & { postgresVersion: string }
  /** Other processes competing for the CPU while the bench ran (1-minute load average at start/end). */
  loadAverage: { start: number; end: number }
  /** Share of the machine's CPU time during the run that the hypervisor took (steal); absent in older results. */
  stolenCpuShare?: number | null
  size: BenchSize
  durationS: number
  rawDrivers: Record<string, string>
  throughput: ThroughputRow[]
  /** Issue 13 goal 6; absent in results written before it. */
  bundle?: BundleFigures
  /** Issue 12; absent in results written before it. */
  insights?: InsightsQueryFigures
  /** Issue 15's change-feed figures; absent in results written before it. */
  feed?: FeedFigures
  /** Issue 17's booking throughput with and without a webhook endpoint; absent before it. */
  webhooks?: WebhookCostFigures
  targets: TargetVerdict[]
}
