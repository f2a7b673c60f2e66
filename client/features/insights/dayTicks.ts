/**
 * The x-axis labels of the bookings-per-day chart: the first and last day (or week) of the period
 * and a few evenly spaced between, as calendar dates ("3 Nov"). The period's days are calendar days
 * in the provider's zone, the zone the screen reads in, so a date names the same day in any zone.
 */
import { addDays, format, parseISO } from 'date-fns'

export interface AxisTick {
  /** The value's position in the chart's series. */
  index: number
  label: string
}

/** How many labels fit under the chart at most, first and last included. */
export const MAX_TICKS = 5

/**
 * Labels for `count` values starting on `from` ("yyyy-MM-dd"), each a day or a week of days. The
 * year is added to the first and last label when the period spans two years.
 */
export function dayTicks(from: string, count: number, unit: 'day' | 'week'): AxisTick[] {
  if (count < 1) return []
  const start = parseISO(from)
  const dayOf = (index: number) => addDays(start, unit === 'week' ? index * 7 : index)
  const crossesYear = format(dayOf(0), 'yyyy') !== format(dayOf(count - 1), 'yyyy')
  const shown = Math.min(count, MAX_TICKS)
  const indices =
    shown === 1 ? [0] : Array.from({ length: shown }, (_, i) => Math.round((i * (count - 1)) / (shown - 1)))
  return indices.map((index, i) => {
    const edge = i === 0 || i === indices.length - 1
    return { index, label: format(dayOf(index), crossesYear && edge ? 'd MMM yyyy' : 'd MMM') }
  })
}
