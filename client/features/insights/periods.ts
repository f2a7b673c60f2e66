/**
 * Periods a provider picks from, as whole days in their time zone (date-fns does the calendar).
 * Figures count a booking on its session's day, so a period ending today leaves out every upcoming
 * session: the page opens on one that spans the last and the next 30 days (what happened and what
 * is coming), and "Next 30 days" shows only what is coming.
 */
import { tz } from '@date-fns/tz'
import { addDays, format, subDays, subMonths } from 'date-fns'
import type { InsightsPeriod } from '../../data/index.js'
import { formatDay } from '../../ui/calendarTime.js'

export interface PeriodPreset {
  id: string
  label: string
  period: InsightsPeriod
}

/** The preset the page opens on when the URL names no period. */
export const DEFAULT_PRESET_ID = 'around'

export function periodPresets(now: Date, zone: string): PeriodPreset[] {
  const inZone = { in: tz(zone) }
  const day = (d: Date) => format(d, 'yyyy-MM-dd', inZone)
  const today = day(now)
  // Today belongs to both sides: its sessions are partly over, partly still to come.
  const lastDays = (days: number) => ({ from: day(subDays(now, days - 1, inZone)), to: today })
  const next30 = { from: today, to: day(addDays(now, 29, inZone)) }
  return [
    {
      id: DEFAULT_PRESET_ID,
      label: 'Last & next 30 days',
      period: { from: lastDays(30).from, to: next30.to },
    },
    { id: 'next30d', label: 'Next 30 days', period: next30 },
    { id: '7d', label: 'Last 7 days', period: lastDays(7) },
    { id: '30d', label: 'Last 30 days', period: lastDays(30) },
    { id: '90d', label: 'Last 90 days', period: lastDays(90) },
    {
      id: '12m',
      label: 'Last 12 months',
      period: { from: day(subDays(subMonths(now, 12, inZone), -1, inZone)), to: today },
    },
  ]
}

/** The period the page shows when the URL names none: the default preset's. */
export function defaultPeriod(presets: readonly PeriodPreset[]): InsightsPeriod {
  return presets.find((p) => p.id === DEFAULT_PRESET_ID)?.period ?? { from: '', to: '' }
}

/** "64%" for a share of 0.64, as the insights screen shows shares. */
export const percent = (rate: number) => `${Math.round(rate * 100)}%`

/** "+" / "−" / "±" before the size of a change. */
const signed = (amount: number, unit: string) =>
  `${amount > 0 ? '+' : amount < 0 ? '−' : '±'}${Math.abs(amount)}${unit}`

/**
 * A count's or an amount's change from the previous period, relative: "+12%" / "−5%" / "new"; null
 * when both are zero. Not for shares: see pointsChange.
 */
export function change(current: number, previous: number): string | null {
  if (previous === 0) return current === 0 ? null : 'new'
  return signed(Math.round(((current - previous) / previous) * 100), '%')
}

/**
 * A share's change from the previous period, in percentage points: "+55 pts" from 9% to 64% (a
 * relative change of a share read "+600%"). Between the percentages as shown, so the figures add up;
 * null (no share) for a period without any, "new" when only the previous one had none.
 */
export function pointsChange(current: number | null, previous: number | null): string | null {
  if (current === null) return null
  if (previous === null) return 'new'
  return signed(Math.round(current * 100) - Math.round(previous * 100), ' pts')
}

/** "Tue 29 Sep 2026" for "2026-09-29": a calendar day as the app writes days (it is one in any zone). */
export function dayWords(day: string): string {
  const noon = Date.parse(`${day}T12:00:00Z`)
  return Number.isNaN(noon) ? day : `${formatDay(new Date(noon), 'UTC')} ${day.slice(0, 4)}`
}

const rangeWords = (period: InsightsPeriod) => `${dayWords(period.from)} to ${dayWords(period.to)}`

/**
 * Whether the period has days after today in the provider's zone: their sessions are still being
 * booked, so its figures cannot be compared with a finished period's (today belongs to both sides,
 * as in the presets, so "Last 7 days" is compared and "Next 30 days" is not).
 */
export function stillBeingBooked(period: InsightsPeriod, now: Date, zone: string): boolean {
  return period.to > format(now, 'yyyy-MM-dd', { in: tz(zone) })
}

/**
 * The period shown and what it is compared with: "Tue 29 Sep 2026 to Wed 28 Oct 2026 in Europe/Berlin,
 * compared with Sat 30 Aug 2026 to Mon 28 Sep 2026." (the previous period once the server named it).
 * A period still being booked (`upcoming`) says why its changes are not shown.
 */
export function comparisonWords(
  period: InsightsPeriod,
  previous: InsightsPeriod | null,
  zone: string,
  upcoming = false,
): string {
  const compared = previous ? rangeWords(previous) : 'the period of the same length before it'
  if (upcoming) {
    return `${rangeWords(period)} in ${zone}. Upcoming: no comparison while sessions are still being booked (the previous period, ${compared}, is shown for reference only).`
  }
  return `${rangeWords(period)} in ${zone}, compared with ${compared}.`
}

/** Which day a booking counts on, said on the page: it is why a period ending today shows no upcoming session. */
export const SESSION_DAY_NOTE =
  'Bookings count on the day of their session, not the day they were made: a period that ends today leaves out upcoming sessions.'
