import { describe, expect, it } from 'vitest'
import { expandWeeklyPattern } from '../../server/domain/slotCalendar.js'

describe('expandWeeklyPattern', () => {
  it('keeps 09:00 Berlin wall time across the spring DST change (UTC hour shifts 08 -> 07)', () => {
    const slots = expandWeeklyPattern(
      {
        fromDate: '2026-03-23',
        toDate: '2026-04-01',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTimes: ['09:00'],
        durationMinutes: 60,
      },
      'Europe/Berlin',
    )
    expect(slots.map((s) => s.startTime)).toEqual([
      '2026-03-23T08:00:00.000Z',
      '2026-03-24T08:00:00.000Z',
      '2026-03-25T08:00:00.000Z',
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z', // Sunday 29 March: CEST begins
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-01T07:00:00.000Z',
    ])
    for (const s of slots) expect(Date.parse(s.endTime) - Date.parse(s.startTime)).toBe(3_600_000)
  })

  it('keeps New York wall time across the autumn change and picks only the requested weekdays', () => {
    const slots = expandWeeklyPattern(
      {
        fromDate: '2026-10-26',
        toDate: '2026-11-08',
        weekdays: [1, 3],
        startTimes: ['18:30'],
        durationMinutes: 90,
      },
      'America/New_York',
    )
    expect(slots.map((s) => s.startTime)).toEqual([
      '2026-10-26T22:30:00.000Z', // Mon, EDT (UTC-4)
      '2026-10-28T22:30:00.000Z', // Wed
      '2026-11-02T23:30:00.000Z', // Mon after 1 Nov: EST (UTC-5)
      '2026-11-04T23:30:00.000Z',
    ])
  })

  it('skips a local time that does not exist on the spring-forward day', () => {
    const slots = expandWeeklyPattern(
      {
        fromDate: '2026-03-29',
        toDate: '2026-03-29',
        weekdays: [7],
        startTimes: ['02:30', '10:00'],
        durationMinutes: 30,
      },
      'Europe/Berlin',
    )
    expect(slots.map((s) => s.startTime)).toEqual(['2026-03-29T08:00:00.000Z'])
  })
})
