/** The web client's pure pieces: calendar weeks in the viewer's zone, routes, utilisation grouping. */
import { tz, tzName } from '@date-fns/tz'
import { addMinutes, format } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { parseRoute, routeHash } from '../../client/app/route.js'
import type { SlotView } from '../../client/data/api.js'
import {
  bookingsBySlot,
  totalUtilisation,
  utilisationByDay,
  utilisationByWeek,
} from '../../client/features/provider/utilisation.js'
import {
  dayKey,
  formatClock,
  formatDay,
  formatLongDateTime,
  formatTime,
  formatTimeRange,
  formatWeekRange,
  groupByDay,
  parseLocalDateTime,
  shiftWeek,
  utcIso,
  weekOf,
  zoneLabel,
} from '../../client/ui/calendarTime.js'

const BERLIN = 'Europe/Berlin'

describe('calendar weeks in the viewer zone', () => {
  it('starts on Monday midnight local time and spans 7 local days across a DST change', () => {
    // 2026-03-29 is the Sunday Berlin moves from CET to CEST: that week is 167 hours long.
    const week = weekOf('2026-03-26T12:00:00Z', BERLIN)
    expect(utcIso(week.start)).toBe('2026-03-22T23:00:00.000Z')
    expect(utcIso(week.end)).toBe('2026-03-29T22:00:00.000Z')
    expect(week.days.map((d) => dayKey(d, BERLIN))).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ])
    expect(dayKey(shiftWeek(week, 1, BERLIN).start, BERLIN)).toBe('2026-03-30')
  })

  it('puts an instant on the day it falls on in the viewer zone, not in UTC', () => {
    expect(dayKey('2026-11-26T23:30:00Z', BERLIN)).toBe('2026-11-27')
    expect(dayKey('2026-11-26T23:30:00Z', 'America/New_York')).toBe('2026-11-26')
    expect(formatTimeRange('2026-11-26T23:30:00Z', '2026-11-27T00:30:00Z', 'Asia/Kolkata')).toBe(
      '05:00–06:00',
    )
    // Crossing midnight in the zone (not in UTC): the end says it is the next day.
    expect(formatTimeRange('2026-11-26T22:30:00Z', '2026-11-27T00:00:00Z', BERLIN)).toBe(
      '23:30–01:00 (+1 day)',
    )
    expect(formatTimeRange('2026-11-26T22:30:00Z', '2026-11-27T00:00:00Z', 'UTC')).toBe('22:30–00:00')
    expect(formatTimeRange('2026-11-26T20:00:00Z', '2026-11-26T22:00:00Z', BERLIN)).toBe('21:00–23:00')
  })

  it("groups times by the viewer's day, in time order (the reschedule dialog's day headings)", () => {
    const starts = [
      '2026-11-27T08:00:00Z', // Friday 09:00 in Berlin
      '2026-11-26T23:30:00Z', // Friday 00:30 in Berlin, still Thursday in UTC and New York
      '2026-11-26T08:00:00Z', // Thursday 09:00
      '2026-11-28T09:00:00Z', // Saturday 10:00
    ]
    const days = (zone: string) =>
      groupByDay(starts, (start) => start, zone).map(({ day, items }) => [
        day,
        items.map((s) => s.slice(5, 16)),
      ])
    expect(days(BERLIN)).toEqual([
      ['2026-11-26', ['11-26T08:00']],
      ['2026-11-27', ['11-26T23:30', '11-27T08:00']],
      ['2026-11-28', ['11-28T09:00']],
    ])
    expect(days('America/New_York')).toEqual([
      ['2026-11-26', ['11-26T08:00', '11-26T23:30']],
      ['2026-11-27', ['11-27T08:00']],
      ['2026-11-28', ['11-28T09:00']],
    ])
    expect(groupByDay([], (start: string) => start, BERLIN)).toEqual([])
  })

  it('reads a local date and time as the instant in that zone, and refuses malformed input', () => {
    expect(parseLocalDateTime('2026-07-01', '09:30', BERLIN)?.toISOString()).toBe('2026-07-01T07:30:00.000Z')
    expect(parseLocalDateTime('2026-13-01', '09:30', BERLIN)).toBeNull()
  })
})

describe('texts of instants in a zone (cached Intl formatters)', () => {
  // The formatters replaced date-fns' format in the zone: every text must stay what date-fns wrote.
  const zones = [BERLIN, 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC']
  // Around both of Berlin's and New York's 2026 DST changes, midnights, a year end and a leap day,
  // every 37 minutes for a day (so minutes, hours and both sides of each change are covered).
  const starts = [
    '2026-03-08T00:00:00Z',
    '2026-03-28T12:00:00Z',
    '2026-10-24T12:00:00Z',
    '2026-12-31T10:00:00Z',
    '2028-02-28T20:00:00Z',
  ]
  const instants = starts.flatMap((start) =>
    Array.from({ length: 40 }, (_, i) => addMinutes(new Date(start), i * 37)),
  )

  it('writes the same days, times and dates as date-fns in the zone', () => {
    for (const zone of zones) {
      const inZone = { in: tz(zone) }
      for (const instant of instants) {
        expect(dayKey(instant, zone)).toBe(format(instant, 'yyyy-MM-dd', inZone))
        expect(formatTime(instant, zone)).toBe(format(instant, 'HH:mm', inZone))
        expect(formatClock(instant, zone)).toBe(format(instant, 'HH:mm:ss', inZone))
        expect(formatDay(instant, zone)).toBe(format(instant, 'EEE d MMM', inZone))
        expect(formatLongDateTime(instant.toISOString(), zone)).toBe(
          format(instant, "EEEE d MMMM yyyy', 'HH:mm", inZone),
        )
        const short = tzName(zone, instant, 'short')
        expect(zoneLabel(zone, instant)).toBe(short && short !== zone ? `${zone} (${short})` : zone)
      }
    }
  })

  it('writes a week range within one month and across two', () => {
    expect(formatWeekRange(weekOf('2026-11-25T12:00:00Z', BERLIN), BERLIN)).toBe('23–29 Nov 2026')
    expect(formatWeekRange(weekOf('2026-12-30T12:00:00Z', BERLIN), BERLIN)).toBe('28 Dec–3 Jan 2027')
  })

  it('refuses an invalid instant as date-fns did', () => {
    expect(() => formatTime('not a date', BERLIN)).toThrow(RangeError)
  })
})

describe('routes in the URL hash', () => {
  it('round-trips a calendar route with its parameters', () => {
    const route = { page: 'slots' as const, week: '2026-11-23', serviceId: 'abc', slotId: 'def' }
    expect(parseRoute(routeHash(route))).toEqual(route)
  })

  it('ignores unknown pages', () => {
    expect(parseRoute('#/admin')).toBeNull()
    expect(parseRoute('')).toBeNull()
  })
})

describe('utilisation per day and week', () => {
  const slot = (startTime: string, displayedBookings: number, maxBookings: number, id = startTime) =>
    ({ id, startTime, displayedBookings, maxBookings }) as SlotView
  const noBookings = bookingsBySlot([])

  it('groups seats by local day and by week', () => {
    const week = weekOf('2026-11-25T12:00:00Z', BERLIN)
    const now = new Date('2026-11-20T00:00:00Z')
    const slots = [
      slot('2026-11-23T08:00:00Z', 1, 2), // Monday
      slot('2026-11-23T23:30:00Z', 2, 2), // still Monday in UTC, Tuesday 00:30 in Berlin
      slot('2026-11-24T09:00:00Z', 0, 4), // Tuesday
    ]
    const days = utilisationByDay(slots, noBookings, week, BERLIN, now)
    expect(days.map((d) => [d.stats.booked, d.stats.capacity])).toEqual([
      [1, 2],
      [2, 6],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ])
    const weeks = utilisationByWeek(slots, noBookings, [week, shiftWeek(week, 1, BERLIN)], BERLIN, now)
    expect(weeks.map((w) => w.stats.utilisation)).toEqual([3 / 8, 0])
  })

  it('counts the completed bookings of slots that have started, whose seats the counter gave back', () => {
    const week = weekOf('2026-11-25T12:00:00Z', BERLIN)
    const now = new Date('2026-11-24T12:00:00Z') // Tuesday noon: Monday's slot has started
    // Monday: 3 completed, 1 no longer held (cancelled); the counter says 0, as after completing.
    const monday = slot('2026-11-23T08:00:00Z', 0, 4, 'monday')
    // Wednesday, ahead: the counter counts its one active booking.
    const wednesday = slot('2026-11-25T08:00:00Z', 1, 2, 'wednesday')
    const bookings = bookingsBySlot([
      { slotId: 'monday', status: 'COMPLETED' },
      { slotId: 'monday', status: 'COMPLETED' },
      { slotId: 'monday', status: 'COMPLETED' },
      { slotId: 'monday', status: 'CANCELLED' },
      { slotId: 'wednesday', status: 'CONFIRMED' },
      { slotId: 'wednesday', status: 'CANCELLED' },
    ])
    const days = utilisationByDay([monday, wednesday], bookings, week, BERLIN, now)
    expect(days.map((d) => `${d.stats.booked}/${d.stats.capacity}`).slice(0, 3)).toEqual([
      '3/4',
      '0/0',
      '1/2',
    ])
    const [thisWeek] = utilisationByWeek([monday, wednesday], bookings, [week], BERLIN, now)
    expect(thisWeek?.stats).toMatchObject({ booked: 4, capacity: 6, free: 2 })
    expect(totalUtilisation([monday, wednesday], bookings, now).utilisation).toBe(4 / 6)
  })
})
