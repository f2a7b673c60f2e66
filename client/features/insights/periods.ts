/** Periods a provider picks from, as whole days in their time zone (date-fns does the calendar). */
import { tz } from '@date-fns/tz'
import { format, subDays, subMonths } from 'date-fns'
import type { InsightsPeriod } from '../../data/index.js'
import { formatDay } from '../../ui/calendarTime.js'

export interface PeriodPreset {
  id: string
  label: string
  period: InsightsPeriod
}

export function periodPresets(now: Date, zone: string): PeriodPreset[] {
  const inZone = { in: tz(zone) }
  const day = (d: Date) => format(d, 'yyyy-MM-dd', inZone)
  const today = day(now)
  return [
    { id: '7d', label: '7 days', period: { from: day(subDays(now, 6, inZone)), to: today } },
    { id: '30d', label: '30 days', period: { from: day(subDays(now, 29, inZone)), to: today } },
    { id: '90d', label: '90 days', period: { from: day(subDays(now, 89, inZone)), to: today } },
    {
      id: '12m',
      label: '12 months',
      period: { from: day(subDays(subMonths(now, 12, inZone), -1, inZone)), to: today },
    },
  ]
}

/** "+12%" / "−5%" / "new" for a change from the previous period; null when both are zero. */
export function change(current: number, previous: number): string | null {
  if (previous === 0) return current === 0 ? null : 'new'
  const percent = Math.round(((current - previous) / previous) * 100)
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)}%`
}

/** "Tue 29 Sep 2026" for "2026-09-29": a calendar day as the app writes days (it is one in any zone). */
export function dayWords(day: string): string {
  const noon = Date.parse(`${day}T12:00:00Z`)
  return Number.isNaN(noon) ? day : `${formatDay(new Date(noon), 'UTC')} ${day.slice(0, 4)}`
}

const rangeWords = (period: InsightsPeriod) => `${dayWords(period.from)} to ${dayWords(period.to)}`

/**
 * The period shown and what it is compared with: "Tue 29 Sep 2026 to Wed 28 Oct 2026 in Europe/Berlin,
 * compared with Sat 30 Aug 2026 to Mon 28 Sep 2026." (the previous period once the server named it).
 */
export function comparisonWords(
  period: InsightsPeriod,
  previous: InsightsPeriod | null,
  zone: string,
): string {
  const compared = previous ? rangeWords(previous) : 'the period of the same length before it'
  return `${rangeWords(period)} in ${zone}, compared with ${compared}.`
}
