/**
 * Summary statistics for the bench: latency percentiles within one run, and median with spread
 * (min..max) across repeated runs of the same configuration.
 */

/** Nearest-rank percentile of `values` (need not be sorted); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** One figure over repeated runs: the median run, and the spread as min and max. */
export interface Spread {
  median: number
  min: number
  max: number
  runs: number[]
}

export function spread(runs: readonly number[]): Spread {
  const finite = runs.filter(Number.isFinite)
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    runs: [...runs],
  }
}

/** Ratio of two medians (e.g. server / raw PostgreSQL throughput). */
export function ratio(numerator: Spread, denominator: Spread): number {
  return numerator.median / denominator.median
}
