/**
 * The night the clocks go back, as the calendar says it: a local time shown twice names its offsets
 * (a 60-minute slot read "02:30–02:30"), and the week header names both offsets of a week that spans
 * the change (it named Monday's only, "Europe/Berlin (GMT+2)", for a week whose Sunday is GMT+1).
 */
import { describe, expect, it } from 'vitest'
import { formatTimeRange, weekOf, zoneLabel } from '../../client/ui/calendarTime.js'

const BERLIN = 'Europe/Berlin'
const NEW_YORK = 'America/New_York'

describe('times on the night the clocks go back', () => {
  it('a slot touching a time shown twice names the offsets of its start and end', () => {
    // 02:30 CEST for an hour: 02:30 CET.
    expect(formatTimeRange('2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z', BERLIN)).toBe(
      '02:30 GMT+2 – 02:30 GMT+1',
    )
    // Half an hour: the end reads before the start without them.
    expect(formatTimeRange('2027-10-31T00:30:00Z', '2027-10-31T01:00:00Z', BERLIN)).toBe(
      '02:30 GMT+2 – 02:00 GMT+1',
    )
    expect(formatTimeRange('2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', NEW_YORK)).toBe(
      '01:30 EDT – 01:30 EST',
    )
  })

  it('other times of that day, and other days, read as always', () => {
    expect(formatTimeRange('2027-10-31T08:00:00Z', '2027-10-31T09:00:00Z', BERLIN)).toBe('09:00–10:00')
    expect(formatTimeRange('2027-10-30T22:00:00Z', '2027-10-30T23:00:00Z', BERLIN)).toBe('00:00–01:00')
    expect(formatTimeRange('2027-11-07T01:30:00Z', '2027-11-07T02:30:00Z', BERLIN)).toBe('02:30–03:30')
    // A whole day later is not "the same time": the day says so.
    expect(formatTimeRange('2027-11-02T08:00:00Z', '2027-11-03T08:00:00Z', BERLIN)).toBe(
      '09:00–09:00 (+1 day)',
    )
  })

  it('the week of the change names both offsets; the weeks either side one', () => {
    const label = (instant: string, zone: string) => {
      const week = weekOf(instant, zone)
      return zoneLabel(zone, week.start, week.end)
    }
    expect(label('2027-10-28T12:00:00Z', BERLIN)).toBe('Europe/Berlin (GMT+2 → GMT+1)')
    expect(label('2027-10-21T12:00:00Z', BERLIN)).toBe('Europe/Berlin (GMT+2)')
    expect(label('2027-11-04T12:00:00Z', BERLIN)).toBe('Europe/Berlin (GMT+1)')
    // New York changes on a Sunday too, the week's last day.
    expect(label('2026-10-29T12:00:00Z', NEW_YORK)).toBe('America/New_York (EDT → EST)')
    expect(label('2027-10-28T12:00:00Z', 'UTC')).toBe('UTC')
  })
})
