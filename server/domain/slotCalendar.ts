/**
 * Expanding a weekly pattern into slot instants in the provider's IANA time zone. Wall-clock times
 * are resolved per day by @date-fns/tz, so 09:00 stays 09:00 local across a DST change; a time that
 * does not exist on a spring-forward day is skipped rather than silently moved.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, addMinutes, differenceInCalendarDays, getISODay } from 'date-fns'

export interface WeeklyPattern {
  /** yyyy-MM-dd, inclusive, in the provider's zone */
  fromDate: string
  toDate: string
  /** ISO weekdays, 1 = Monday ... 7 = Sunday */
  weekdays: readonly number[]
  /** HH:mm local times */
  startTimes: readonly string[]
  durationMinutes: number
}

export interface SlotInstant {
  startTime: string
  endTime: string
}

export function expandWeeklyPattern(pattern: WeeklyPattern, timeZone: string): SlotInstant[] {
  const first = localDate(pattern.fromDate, timeZone)
  const days = differenceInCalendarDays(localDate(pattern.toDate, timeZone), first)
  const times = [...new Set(pattern.startTimes)].sort()
  const instants: SlotInstant[] = []
  for (let offset = 0; offset <= days; offset++) {
    const day = addDays(first, offset)
    if (!pattern.weekdays.includes(getISODay(day))) continue
    for (const time of times) {
      const [hours, minutes] = time.split(':').map(Number) as [number, number]
      const start = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes, timeZone)
      if (start.getHours() !== hours || start.getMinutes() !== minutes) continue
      instants.push({
        startTime: new Date(start.getTime()).toISOString(),
        endTime: new Date(addMinutes(start, pattern.durationMinutes).getTime()).toISOString(),
      })
    }
  }
  return instants
}

function localDate(isoDate: string, timeZone: string): TZDate {
  const [year, month, date] = isoDate.split('-').map(Number) as [number, number, number]
  return new TZDate(year, month - 1, date, timeZone)
}
