/**
 * The y-axis of the bookings-per-day chart: whole-number gridlines at a "nice" step (1, 2 or 5
 * times a power of ten) from 0 up to a nice ceiling at or above the largest value, so every label
 * is a count a line can actually reach and sits where its line is drawn.
 */

/** At most this many steps between 0 and the top gridline. */
const MAX_STEPS = 4

/** The gridline values, 0 first and the chart's top (its scale maximum) last; 0 and 1 for no data. */
export function valueTicks(max: number): number[] {
  const largest = Math.max(1, Math.ceil(max))
  let step = 1
  for (let power = 1; Math.ceil(largest / step) > MAX_STEPS; power *= 10)
    step = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(largest / s) <= MAX_STEPS) ?? 10 * power
  return Array.from({ length: Math.ceil(largest / step) + 1 }, (_, i) => i * step)
}
