/**
 * Why a weekly pattern form creates nothing, per field, in words shown next to that field (the form
 * used to say only "Creates 0 slots" with a disabled button). The same limits as the request schema
 * (shared/schemas.ts CreateRecurringSlotsBody) and the slots' horizon (shared/slotLimits.ts), which
 * the server checks again: a pattern made offline beyond the horizon was only refused when sent.
 */
import { tz } from '@date-fns/tz'
import { addDays, format } from 'date-fns'
import { TimeOfDay } from '../../../shared/schemas.js'
import { latestSlotStart } from '../../../shared/slotLimits.js'
import { dayKey } from '../../ui/calendarTime.js'
import { dayNamingYear } from './slotBasics.js'

/** The longest span a pattern may cover, as the schema counts it (days between From and Until). */
const MAX_SPAN_DAYS = 366
const MAX_START_TIMES = 48

export interface PatternFields {
  fromDate: string
  toDate: string
  weekdays: readonly number[]
  /** The start times as typed: "09:00, 14:30". */
  startTimes: string
}

export interface PatternProblems {
  fromDate?: string
  toDate?: string
  weekdays?: string
  startTimes?: string
}

/** The start times typed, one per comma or space, "7:00" read as "07:00" (the schema's HH:mm). */
export function splitStartTimes(typed: string): string[] {
  return typed
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t))
}

/**
 * The first day a new pattern starts on: today while every start time of it is still ahead in the
 * zone, else tomorrow, so the first preview does not list today's past times as skipped.
 */
export function firstPatternDay(startTimes: string, zone: string, now: Date): string {
  const clock = format(now, 'HH:mm', { in: tz(zone) })
  const allAhead = splitStartTimes(startTimes).every((time) => time > clock)
  return format(addDays(now, allAhead ? 0 : 1), 'yyyy-MM-dd', { in: tz(zone) })
}

const DAY_MS = 86_400_000
const isDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day))

/**
 * Each field's problem, or none: an empty object means the pattern is valid. `zone` and `now` place
 * the horizon's last day: a pattern may end on it (the server judges a slot late that day by its time).
 */
export function patternProblems(
  fields: PatternFields,
  zone = 'UTC',
  now: Date = new Date(),
): PatternProblems {
  const problems: PatternProblems = {}
  if (!isDay(fields.fromDate)) problems.fromDate = 'Choose the first day.'
  if (!isDay(fields.toDate)) problems.toDate = 'Choose the last day.'
  else if (!problems.fromDate) {
    const days = (Date.parse(fields.toDate) - Date.parse(fields.fromDate)) / DAY_MS
    if (days < 0) problems.toDate = '“Until” is before “From”: choose a later day.'
    else if (days > MAX_SPAN_DAYS) problems.toDate = 'A pattern covers at most a year: choose an earlier day.'
    else {
      const latest = latestSlotStart(now).toISOString()
      if (fields.toDate > dayKey(latest, zone)) {
        problems.toDate = `A slot starts at most 5 years ahead: choose a day up to ${dayNamingYear(latest, zone, now)}.`
      }
    }
  }
  if (fields.weekdays.length === 0) problems.weekdays = 'Tick at least one weekday.'
  const startTimes = startTimesProblem(splitStartTimes(fields.startTimes))
  if (startTimes) problems.startTimes = startTimes
  return problems
}

function startTimesProblem(times: readonly string[]): string | null {
  if (times.length === 0) return 'Enter at least one start time, such as 09:00.'
  const wrong = times.filter((t) => !TimeOfDay.safeParse(t).success)
  if (wrong.length > 0) {
    const listed = wrong
      .slice(0, 3)
      .map((t) => `“${t}”`)
      .join(', ')
    return `${listed} ${wrong.length === 1 ? 'is not a time' : 'are not times'}: write each as H:mm or HH:mm from 0:00 to 23:59, such as 9:00 or 14:30.`
  }
  if (times.length > MAX_START_TIMES) return `At most ${MAX_START_TIMES} start times.`
  return null
}
