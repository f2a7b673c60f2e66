import { describe, expect, it } from 'vitest'
import {
  basicsForService,
  patternCreatedText,
  repeatedTimeText,
  skippedSlotText,
  slotCreatedText,
} from '../../client/features/provider/slotBasics.js'

const groupClass = {
  id: '00000000-0000-4000-8000-000000000001',
  providerId: '00000000-0000-4000-8000-000000000002',
  name: 'Back-care group class',
  durationMinutes: 60,
  defaultCapacity: 8,
  description: '',
  priceMinor: 0,
  currency: 'EUR',
}

describe('slot form basics', () => {
  it("start from the service's length and default capacity (a group class is not capacity 1)", () => {
    expect(basicsForService(groupClass)).toEqual({
      serviceId: groupClass.id,
      durationMinutes: 60,
      maxBookings: 8,
    })
  })

  it('switching service takes its capacity too', () => {
    const single = { ...groupClass, id: '00000000-0000-4000-8000-000000000003', defaultCapacity: 1 }
    expect(basicsForService(single, basicsForService(groupClass)).maxBookings).toBe(1)
  })
})

describe('the toast after creating a slot', () => {
  const now = new Date('2026-11-26T10:00:00.000Z')

  it('names the year of a slot in another year, not of one this year', () => {
    expect(slotCreatedText('2099-12-31T22:30:00.000Z', 'Europe/Berlin', now)).toBe(
      'Slot created on Thu 31 Dec 2099 at 23:30.',
    )
    expect(slotCreatedText('2026-12-03T08:00:00.000Z', 'Europe/Berlin', now)).toBe(
      'Slot created on Thu 3 Dec at 09:00.',
    )
  })

  it("reads the year in the provider's zone: New Year's Eve in New York is already next year in UTC", () => {
    const eve = new Date('2027-01-01T03:00:00.000Z')
    expect(slotCreatedText('2026-12-31T23:30:00.000Z', 'America/New_York', eve)).toBe(
      'Slot created on Thu 31 Dec at 18:30.',
    )
    expect(slotCreatedText('2027-01-01T14:00:00.000Z', 'America/New_York', eve)).toBe(
      'Slot created on Fri 1 Jan 2027 at 09:00.',
    )
  })
})

describe("a weekly pattern's skipped slots in words", () => {
  const zone = 'Europe/Berlin'
  const at = (startTime: string, endTime: string) => ({ startTime, endTime })

  it('the times of a pattern that overlap each other are said to, not blamed on your slots', () => {
    const slot = at('2027-03-23T08:30:00.000Z', '2027-03-23T09:30:00.000Z')
    expect(skippedSlotText({ ...slot, reason: 'SLOT_OVERLAPS_PATTERN' }, zone)).toBe(
      'Tue 23 Mar 09:30–10:30: overlaps another time of this pattern',
    )
    expect(skippedSlotText({ ...slot, reason: 'SLOT_OVERLAPS' }, zone)).toBe(
      'Tue 23 Mar 09:30–10:30: overlaps one of your slots',
    )
  })

  it('a time the clocks skip is named as asked, with why', () => {
    const gap = { ...at('2027-03-28T01:30:00.000Z', '2027-03-28T02:30:00.000Z'), nonexistentTime: '02:30' }
    expect(skippedSlotText({ ...gap, reason: 'SLOT_TIME_NONEXISTENT' }, zone)).toBe(
      'Sun 28 Mar 02:30: this time does not exist that night (the clocks go forward)',
    )
    expect(patternCreatedText(27, [{ ...gap, reason: 'SLOT_TIME_NONEXISTENT' }])).toBe(
      '27 slots created, 1 skipped (1 at a time the clocks skip).',
    )
  })

  it('the toast counts the skipped per reason', () => {
    const slot = at('2027-03-23T08:30:00.000Z', '2027-03-23T09:30:00.000Z')
    expect(patternCreatedText(1, [])).toBe('1 slot created.')
    expect(
      patternCreatedText(3, [
        { ...slot, reason: 'SLOT_IN_PAST' },
        { ...slot, reason: 'SLOT_OVERLAPS' },
        { ...slot, reason: 'SLOT_OVERLAPS' },
      ]),
    ).toBe('3 slots created, 3 skipped (1 in the past, 2 overlapping your slots).')
  })

  it('a time that happens twice says which one the slot takes', () => {
    expect(repeatedTimeText(at('2027-10-31T00:30:00.000Z', '2027-10-31T01:00:00.000Z'), zone)).toBe(
      'Sun 31 Oct 02:30 happens twice (the clocks go back): the slot starts at the first 02:30.',
    )
  })
})
