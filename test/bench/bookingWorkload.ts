/**
 * What one throughput run does, independent of how it reaches the database: how many clients,
 * how many bookings at most, for how long at most, and which slot each booking goes to.
 */
import { percentile } from './stats.js'

export type SlotPattern = 'spread' | 'hot'

export interface BookingWorkload {
  pattern: SlotPattern
  concurrency: number
  maxOperations: number
  maxMs: number
  /** Inclusive range of slot numbers (benchId('slot', n)); hot = one slot. */
  slotRange: [number, number]
  customers: number
}

/** One measured run. */
export interface LoadResult {
  throughput: number
  p50Ms: number
  p99Ms: number
  succeeded: number
  failed: number
}

export function loadResult(latenciesMs: number[], elapsedMs: number, failed: number): LoadResult {
  return {
    throughput: (latenciesMs.length / elapsedMs) * 1000,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    succeeded: latenciesMs.length,
    failed,
  }
}

/** A uniformly random slot number of the workload's range. */
export function pickSlot(workload: BookingWorkload): number {
  const [lo, hi] = workload.slotRange
  return lo + Math.floor(Math.random() * (hi - lo + 1))
}

/** Customer number (1-based) used by a worker: workers are spread over the customers. */
export function customerOf(workload: BookingWorkload, worker: number): number {
  return (worker % workload.customers) + 1
}
