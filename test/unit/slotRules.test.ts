import { describe, expect, it } from 'vitest'
import { firstFreeSlot, overlaps, planSlots, slotRefusal } from '../../shared/slotRules.js'

const now = new Date('2030-01-07T08:30:00Z')
const slot = (start: string, end: string) => ({
  startTime: `2030-01-07T${start}:00.000Z`,
  endTime: `2030-01-07T${end}:00.000Z`,
})

describe('slot placement rules', () => {
  it('slots that only touch do not overlap; a duplicate does', () => {
    expect(overlaps(slot('09:00', '10:00'), slot('10:00', '11:00'))).toBe(false)
    expect(overlaps(slot('09:00', '10:00'), slot('09:30', '10:30'))).toBe(true)
    expect(overlaps(slot('09:00', '10:00'), slot('09:00', '10:00'))).toBe(true)
  })

  it('refuses a start in the past (or right now) and an overlap, with a typed reason', () => {
    expect(slotRefusal(slot('08:00', '09:00'), [], now)).toBe('SLOT_IN_PAST')
    expect(slotRefusal(slot('08:30', '09:00'), [], now)).toBe('SLOT_IN_PAST')
    expect(slotRefusal(slot('09:00', '10:00'), [slot('09:30', '10:30')], now)).toBe('SLOT_OVERLAPS')
    expect(slotRefusal(slot('09:00', '10:00'), [slot('10:00', '10:30')], now)).toBeNull()
  })

  it('plans a pattern: creates what fits, skips the past, overlaps with existing slots and, told apart, with each other', () => {
    const plan = planSlots(
      [slot('11:00', '12:00'), slot('08:00', '09:00'), slot('09:00', '10:00'), slot('11:30', '12:30')],
      [slot('09:30', '10:30')],
      now,
    )
    expect(plan.create).toEqual([slot('11:00', '12:00')])
    expect(plan.skipped.map((s) => [s.startTime.slice(11, 16), s.reason])).toEqual([
      ['08:00', 'SLOT_IN_PAST'],
      ['09:00', 'SLOT_OVERLAPS'],
      ['11:30', 'SLOT_OVERLAPS_PATTERN'],
    ])
  })
})

describe('firstFreeSlot (the single-slot form prefills its start)', () => {
  const at = (hh: string) => `2026-12-01T${hh}:00.000Z`
  const span = (from: string, to: string) => ({ startTime: at(from), endTime: at(to) })
  const hour = span('09:00', '10:00')

  it('is the candidate when nothing overlaps it (a slot ending as it starts does not)', () => {
    expect(firstFreeSlot(hour, [span('08:00', '09:00')], at('23:00'))).toEqual(hour)
  })

  it('moves past each clash to the end of the slots it overlaps, keeping its length', () => {
    const existing = [span('09:00', '10:00'), span('10:00', '10:45'), span('11:00', '12:00')]
    expect(firstFreeSlot(hour, existing, at('23:00'))).toEqual(span('12:00', '13:00'))
    expect(firstFreeSlot(span('09:00', '09:15'), existing, at('23:00'))).toEqual(span('10:45', '11:00'))
  })

  it('is null when the free start would come after the latest allowed', () => {
    expect(firstFreeSlot(hour, [span('08:30', '22:00')], at('21:00'))).toBeNull()
  })
})
