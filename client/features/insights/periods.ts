/** Periods a provider picks from, as whole days in their time zone (date-fns does the calendar). */
import { tz } from '@date-fns/tz'
import { format, subDays, subMonths } from 'date-fns'
import type { InsightsPeriod } from '../../data/index.js'

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
