import { describe, expect, it } from 'vitest'
import { expandWeeklyPattern } from '../../server/domain/slotCalendar.js'
import { planSlots } from '../../shared/slotRules.js'

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

  it('marks a local time that does not exist on the spring-forward day; planning lists it as skipped, with why', () => {
    const slots = expandWeeklyPattern(
      {
        fromDate: '2027-03-22',
        toDate: '2027-04-04',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTimes: ['02:30', '09:00'],
        durationMinutes: 60,
      },
      'Europe/Berlin',
    )
    const plan = planSlots(slots, [], new Date('2027-01-01T00:00:00Z'))
    expect(plan.create).toHaveLength(27)
    // Sunday 28 March 02:30 is not on the clock (02:00 -> 03:00); it is named as asked, not moved.
    expect(plan.skipped).toEqual([
      {
        startTime: '2027-03-28T01:30:00.000Z',
        endTime: '2027-03-28T02:30:00.000Z',
        reason: 'SLOT_TIME_NONEXISTENT',
        nonexistentTime: '02:30',
      },
    ])
    expect(plan.create.map((s) => s.startTime)).not.toContain('2027-03-28T01:30:00.000Z')
  })

  it('a local time that happens twice on the fall-back day is created once, at its first occurrence', () => {
    const slots = expandWeeklyPattern(
      {
        fromDate: '2027-10-30',
        toDate: '2027-11-01',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTimes: ['02:30'],
        durationMinutes: 30,
      },
      'Europe/Berlin',
    )
    expect(slots).toEqual([
      { startTime: '2027-10-30T00:30:00.000Z', endTime: '2027-10-30T01:00:00.000Z' },
      // Sunday 31 October: 02:30 CEST (00:30Z), not the second 02:30 CET (01:30Z); said to the provider.
      { startTime: '2027-10-31T00:30:00.000Z', endTime: '2027-10-31T01:00:00.000Z', repeated: true },
      { startTime: '2027-11-01T01:30:00.000Z', endTime: '2027-11-01T02:00:00.000Z' },
    ])
  })
})
