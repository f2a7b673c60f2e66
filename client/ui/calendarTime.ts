/**
 * Calendar dates as the viewer sees them: every function takes the IANA zone to show times in, and
 * all arithmetic goes through date-fns in that zone (DST-correct, no hand-written day math).
 */
import { tz } from '@date-fns/tz'
import { addDays, addWeeks, isValid, parse, startOfWeek } from 'date-fns'
import { repeatsLocalTime } from '../../shared/zoneClock.js'

type Instant = Date | string

const toDate = (instant: Instant): Date => (typeof instant === 'string' ? new Date(instant) : instant)

export { viewerTimeZone } from '../data/deviceTimeZone.js'

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
  const f = fieldsIn(instant, zone)
  return `${pad4(f.year)}-${pad2(f.month)}-${pad2(f.day)}`
}

/** The instant a "yyyy-MM-dd" day (and optional "HH:mm" time) starts in the zone, or null if malformed. */
export function parseLocalDateTime(day: string, time: string | undefined, zone: string): Date | null {
  const parsed = parse(`${day} ${time ?? '00:00'}`, 'yyyy-MM-dd HH:mm', new Date(), { in: tz(zone) })
  return isValid(parsed) ? new Date(parsed.getTime()) : null
}

/** "09:00" */
export function formatTime(instant: Instant, zone: string): string {
  const f = fieldsIn(instant, zone)
  return `${pad2(f.hour)}:${pad2(f.minute)}`
}

/**
 * "09:00–10:00"; an end on a later day in the zone says so: "23:30–01:00 (+1 day)" (a walk read a
 * session crossing midnight as ending before it began). On the night the clocks go back a local time
 * is shown twice, so a range touching such a time, or reading the same time at both ends, names the
 * offsets: "02:30 GMT+2 – 02:30 GMT+1" for an hour (it read "02:30–02:30").
 */
export function formatTimeRange(start: Instant, end: Instant, zone: string): string {
  const startTime = formatTime(start, zone)
  const endTime = formatTime(end, zone)
  // Ending at midnight is still the start's evening: "22:30–00:00".
  const days = daysBetween(dayKey(start, zone), dayKey(end, zone)) - (endTime === '00:00' ? 1 : 0)
  const later = days > 0 ? ` (+${days} ${days === 1 ? 'day' : 'days'})` : ''
  const [from, to] = [toDate(start).getTime(), toDate(end).getTime()]
  const ambiguous =
    (days === 0 && startTime === endTime && from !== to) ||
    repeatsLocalTime(from, zone) ||
    repeatsLocalTime(to, zone)
  if (ambiguous)
    return `${startTime} ${zoneAbbreviation(zone, start)} – ${endTime} ${zoneAbbreviation(zone, end)}${later}`
  return `${startTime}–${endTime}${later}`
}

/** Whole calendar days from one "yyyy-MM-dd" to another (the keys are dates, so UTC arithmetic is exact). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/**
 * Items in time order, one run per calendar day in the zone: [{ day: "2026-11-23", items }]. The
 * day is the viewer's, not UTC's: 00:30 in Berlin is that day, though it is the evening before in UTC.
 */
export function groupByDay<T>(
  items: readonly T[],
  startOf: (item: T) => Instant,
  zone: string,
): { day: string; items: T[] }[] {
  const inOrder = items
    .map((item) => ({ item, at: toDate(startOf(item)) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
  const days: { day: string; items: T[] }[] = []
  for (const { item, at } of inOrder) {
    const day = dayKey(at, zone)
    const last = days.at(-1)
    if (last?.day === day) last.items.push(item)
    else days.push({ day, items: [item] })
  }
  return days
}

/** "Mon 23 Nov" */
export function formatDay(instant: Instant, zone: string): string {
  const f = fieldsIn(instant, zone)
  return `${SHORT_WEEKDAYS[f.weekday]} ${f.day} ${SHORT_MONTHS[f.month - 1]}`
}

/** "Monday 23 November 2026, 09:00" */
export function formatLongDateTime(instant: Instant, zone: string): string {
  const f = fieldsIn(instant, zone)
  return `${WEEKDAYS[f.weekday]} ${f.day} ${MONTHS[f.month - 1]} ${pad4(f.year)}, ${pad2(f.hour)}:${pad2(f.minute)}`
}

/** "Monday 23 November 2026" */
export function formatLongDate(instant: Instant, zone: string): string {
  const f = fieldsIn(instant, zone)
  return `${WEEKDAYS[f.weekday]} ${f.day} ${MONTHS[f.month - 1]} ${pad4(f.year)}`
}

/** "Monday" */
export function formatWeekday(instant: Instant, zone: string): string {
  return WEEKDAYS[fieldsIn(instant, zone).weekday] ?? ''
}

/** "23–29 Nov 2026" */
export function formatWeekRange(week: Week, zone: string): string {
  const first = fieldsIn(week.start, zone)
  const last = fieldsIn(week.days[6] ?? week.start, zone)
  const from = first.month === last.month ? `${first.day}` : `${first.day} ${SHORT_MONTHS[first.month - 1]}`
  return `${from}–${last.day} ${SHORT_MONTHS[last.month - 1]} ${pad4(last.year)}`
}

/**
 * "Europe/Berlin (CET)": the zone's id with its abbreviation at `at`, so viewers know which clock they
 * read; with `until` (exclusive), a span in which the clocks change names both: "Europe/Berlin
 * (GMT+2 → GMT+1)" for the week of the change.
 */
export function zoneLabel(zone: string, at: Date, until?: Date): string {
  const first = zoneAbbreviation(zone, at)
  const last = until ? zoneAbbreviation(zone, new Date(until.getTime() - 1)) : first
  const short = first === last ? first : `${first} → ${last}`
  return first && first !== zone ? `${zone} (${short})` : zone
}

/** "CET", "GMT+2", "EDT": the zone's short name at an instant ('' when it has none). */
function zoneAbbreviation(zone: string, at: Instant): string {
  // The same text as @date-fns/tz's tzName(zone, at, 'short'), from a formatter built once per zone.
  return cachedFormatter(abbreviationFormatters, zone, {
    hour: 'numeric',
    timeZone: zone,
    timeZoneName: 'short',
  })
    .format(toDate(at))
    .split(/\s/g)
    .slice(2)
    .join(' ')
}

/** "12:04:31": a wall-clock time with seconds (the sync indicator's last sync). */
export function formatClock(instant: Instant, zone: string): string {
  const f = fieldsIn(instant, zone)
  return `${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}`
}

/*
 * Formatting reads an instant's calendar fields in the zone from one Intl formatter per zone, built
 * once: date-fns' format with { in: tz(zone) } built a TZDate whose every step asked Intl for the
 * zone's offset again (about a third of the JavaScript time of drawing a week of slots). The English
 * names are date-fns' default locale's, so the texts are unchanged (test/unit/clientCalendar.test.ts
 * compares both across zones and DST changes).
 */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const SHORT_WEEKDAYS = WEEKDAYS.map((day) => day.slice(0, 3))
const SHORT_MONTHS = MONTHS.map((month) => month.slice(0, 3))

interface ZonedFields {
  year: number
  /** 1-12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 0 = Sunday */
  weekday: number
}

const fieldFormatters = new Map<string, Intl.DateTimeFormat>()
const abbreviationFormatters = new Map<string, Intl.DateTimeFormat>()

function cachedFormatter(
  cache: Map<string, Intl.DateTimeFormat>,
  zone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let formatter = cache.get(zone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', options)
    cache.set(zone, formatter)
  }
  return formatter
}

function fieldsIn(instant: Instant, zone: string): ZonedFields {
  const date = toDate(instant)
  // Like date-fns' format: an invalid instant is an error, not "NaN:NaN".
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value')
  const formatter = cachedFormatter(fieldFormatters, zone, {
    timeZone: zone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  const fields: ZonedFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 }
  for (const part of formatter.formatToParts(date)) {
    if (part.type === 'weekday') fields.weekday = SHORT_WEEKDAYS.indexOf(part.value)
    else if (part.type in fields) fields[part.type as keyof ZonedFields] = Number(part.value)
  }
  return fields
}

const pad2 = (value: number) => String(value).padStart(2, '0')
const pad4 = (value: number) => String(value).padStart(4, '0')

/** The week containing a "yyyy-MM-dd" day, or the week of `fallback` when the day is missing or malformed. */
export function weekFromDay(day: string | undefined, zone: string, fallback: Date): Week {
  const start = day ? parseLocalDateTime(day, undefined, zone) : null
  return weekOf(start ?? fallback, zone)
}

/** A UTC ISO string ("...Z"), the form stored slot times use, so range queries compare like with like. */
export function utcIso(instant: Date): string {
  return new Date(instant.getTime()).toISOString()
}
