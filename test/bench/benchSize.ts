/**
 * How big the bench runs. `full` (default) is sized so `npm run bench` ends well inside 10 minutes
 * on a 2-core machine; BENCH_SCALE=quick is a smoke run of the same code in about a minute.
 */
import type { FanOutSize } from './fanOut.js'
import type { NotifySize } from './notifyExperiment.js'
import type { ThroughputSize } from './throughputComparison.js'

export interface BenchSize {
  throughput: ThroughputSize
  /** Offline bookings one device pushes (1c). */
  offlineBookings: number
  /** Slots in the database for the initial pull and the Chromium week (1c). */
  initialSlots: number
  /** Changes timed from device A to device B (1d). */
  propagationChanges: number
  /** Clicks timed in Chromium (1e). */
  clicks: number
  /** Repetitions of the 1c figures. */
  replicationRepeats: number
  /** The booking SQL with and without the old NOTIFY trigger (5a). */
  notify: NotifySize
  /** Live stream devices and one booking's fan-out (5b). */
  fanOut: FanOutSize
}

const FULL: BenchSize = {
  throughput: { repeats: 3, concurrencies: [1, 8, 32], maxOperations: 500, maxMs: 3000 },
  offlineBookings: 1000,
  initialSlots: 10_000,
  propagationChanges: 500,
  clicks: 30,
  replicationRepeats: 3,
  notify: { concurrencies: [8, 32], repeats: 3, maxOperations: 4000, maxMs: 8000 },
  fanOut: {
    devices: 1000,
    seeing: 10,
    bookings: 10,
    throughput: { maxOperations: 1000, maxMs: 4000, repeats: 3 },
  },
}

const QUICK: BenchSize = {
  throughput: { repeats: 1, concurrencies: [1, 8, 32], maxOperations: 100, maxMs: 2000 },
  offlineBookings: 100,
  initialSlots: 1000,
  propagationChanges: 50,
  clicks: 5,
  replicationRepeats: 1,
  notify: { concurrencies: [8, 32], repeats: 1, maxOperations: 1000, maxMs: 5000 },
  fanOut: {
    devices: Number(process.env.FANOUT_DEVICES ?? 200),
    seeing: Number(process.env.FANOUT_SEEING ?? 10),
    bookings: 5,
    throughput: { maxOperations: 400, maxMs: 2000, repeats: 2 },
  },
}

export function benchSize(scale = process.env.BENCH_SCALE): BenchSize {
  return scale === 'quick' ? QUICK : FULL
}
