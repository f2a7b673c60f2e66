/**
 * A closed-loop load driver: `concurrency` workers each run `operation` back to back until the
 * run has issued `maxOperations` or `maxMs` has passed, whichever comes first. Every load loop in
 * the bench and the torture tests goes through here, so every loop is bounded in count and time.
 */
import { performance } from 'node:perf_hooks'

export interface ClosedLoopOptions {
  concurrency: number
  maxOperations: number
  maxMs: number
  /** One unit of work; `index` is unique across the run (0..maxOperations-1). Throw = failed. */
  operation: (index: number, worker: number) => Promise<void>
}

export interface ClosedLoopResult {
  /** Operations that resolved. */
  succeeded: number
  failed: number
  elapsedMs: number
  /** Latency in ms of every operation that resolved. */
  latenciesMs: number[]
  /** Completed operations per second. */
  throughput: number
  firstError: unknown
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = []
  let next = 0
  let failed = 0
  let firstError: unknown
  const started = performance.now()
  const deadline = started + options.maxMs

  const worker = async (workerIndex: number): Promise<void> => {
    while (next < options.maxOperations && performance.now() < deadline) {
      const index = next++
      const t0 = performance.now()
      try {
        await options.operation(index, workerIndex)
        latenciesMs.push(performance.now() - t0)
      } catch (error) {
        failed++
        firstError ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)))
  const elapsedMs = performance.now() - started
  return {
    succeeded: latenciesMs.length,
    failed,
    elapsedMs,
    latenciesMs,
    throughput: (latenciesMs.length / elapsedMs) * 1000,
    firstError,
  }
}
