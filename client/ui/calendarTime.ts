/**
 * Calendar dates as the viewer sees them: every function takes the IANA zone to show times in, and
 * all arithmetic goes through date-fns in that zone (DST-correct, no hand-written day math).
 */
import { tz, tzName } from '@date-fns/tz'
import { addDays, addWeeks, format, isValid, parse, startOfWeek } from 'date-fns'

type Instant = Date | string

const toDate = (instant: Instant): Date => (typeof instant === 'string' ? new Date(instant) : instant)

/** How long the device's zone is reused before asking the browser again (the device may travel). */
const DEVICE_ZONE_TTL_MS = 60_000
let deviceZone: { zone: string; at: number } | null = null

/**
 * The browser's IANA time zone, e.g. "Europe/Berlin". Asked at most once a minute: building the
 * Intl formatter that answers it cost milliseconds at every render of the app's shell.
 */
export function viewerTimeZone(now = Date.now()): string {
  if (!deviceZone || now - deviceZone.at > DEVICE_ZONE_TTL_MS) {
    deviceZone = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone, at: now }
  }
  return deviceZone.zone
}

export interface Week {
  /** Monday 00:00 in the zone. */
  start: Date
  /** The next Monday 00:00 (exclusive). */
  end: Date
  days: Date[]
}

export function weekOf(instant: Instant, zone: string): Week {
  const inZone = { in: tz(zone) }
  const start = startOfWeek(toDate(instant), { ...inZone, weekStartsOn: 1 })
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i, inZone))
  return { start, end: addWeeks(start, 1, inZone), days }
}

export function shiftWeek(week: Week, weeks: number, zone: string): Week {
  return weekOf(addWeeks(week.start, weeks, { in: tz(zone) }), zone)
}

/** "2026-11-23": the calendar day of an instant in the zone (a stable key and URL parameter). */
export function dayKey(instant: Instant, zone: string): string {
  return format(toDate(instant), 'yyyy-MM-dd', { in: tz(zone) })
}

/** The instant a "yyyy-MM-dd" day (and optional "HH:mm" time) starts in the zone, or null if malformed. */
export function parseLocalDateTime(day: string, time: string | undefined, zone: string): Date | null {
  const parsed = parse(`${day} ${time ?? '00:00'}`, 'yyyy-MM-dd HH:mm', new Date(), { in: tz(zone) })
  return isValid(parsed) ? new Date(parsed.getTime()) : null
}

export function formatTime(instant: Instant, zone: string): string {
  return format(toDate(instant), 'HH:mm', { in: tz(zone) })
}

export function formatTimeRange(start: Instant, end: Instant, zone: string): string {
  return `${formatTime(start, zone)}–${formatTime(end, zone)}`
}

/** "Mon 23 Nov" */
export function formatDay(instant: Instant, zone: string): string {
  return format(toDate(instant), 'EEE d MMM', { in: tz(zone) })
}

/** "Monday 23 November 2026, 09:00" */
export function formatLongDateTime(instant: Instant, zone: string): string {
  return format(toDate(instant), "EEEE d MMMM yyyy', 'HH:mm", { in: tz(zone) })
}

/** "23–29 Nov 2026" */
export function formatWeekRange(week: Week, zone: string): string {
  const last = week.days[6] ?? week.start
  const inZone = { in: tz(zone) }
  const sameMonth = format(week.start, 'MM', inZone) === format(last, 'MM', inZone)
  return `${format(week.start, sameMonth ? 'd' : 'd MMM', inZone)}–${format(last, 'd MMM yyyy', inZone)}`
}

/** "Europe/Berlin (CET)": the zone's id with its current abbreviation, so viewers know which clock they read. */
export function zoneLabel(zone: string, at: Date): string {
  const short = tzName(zone, at, 'short')
  return short && short !== zone ? `${zone} (${short})` : zone
}

/** "12:04:31": a wall-clock time with seconds (the sync indicator's last sync). */
export function formatClock(instant: Instant, zone: string): string {
  return format(toDate(instant), 'HH:mm:ss', { in: tz(zone) })
}

/** The week containing a "yyyy-MM-dd" day, or the week of `fallback` when the day is missing or malformed. */
export function weekFromDay(day: string | undefined, zone: string, fallback: Date): Week {
  const start = day ? parseLocalDateTime(day, undefined, zone) : null
  return weekOf(start ?? fallback, zone)
}

/** A UTC ISO string ("...Z"), the form stored slot times use, so range queries compare like with like. */
export function utcIso(instant: Date): string {
  return new Date(instant.getTime()).toISOString()
}
