/**
 * What one throughput run does, independent of how it reaches the database: how many clients,
 * how many bookings at most, for how long at most, and which customer books which slot
 * (bookingPairs.ts).
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
  /** The pool of customers booking side by side (bookingPairs.ts). */
  customers: number
  /** The run's first booking number on these slots (bookingPairs.ts SpreadRuns; 0 on a fresh slot). */
  firstBooking: number
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
