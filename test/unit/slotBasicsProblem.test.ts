/**
 * The single-slot form says why a length or capacity cannot be used, by the weekly pattern's own rule
 * (shared/schemas.ts SlotDurationMinutes, Capacity): a walk saw a length of 100,000 minutes read as
 * "This overlaps one of your slots", and 0, -30 and 7.5 say nothing until the browser's tooltip.
 */
import { expect, it } from 'vitest'
import { basicsProblem } from '../../client/features/provider/slotBasics.js'

const basics = (durationMinutes: number, maxBookings = 4) => ({
  serviceId: 'x',
  durationMinutes,
  maxBookings,
})

it('accepts five minutes to a day and one to a thousand seats', () => {
  expect(basicsProblem(basics(5))).toBeNull()
  expect(basicsProblem(basics(24 * 60, 1000))).toBeNull()
})

it('names the field and its limit for a length or capacity out of range', () => {
  for (const minutes of [100_000, 1441]) expect(basicsProblem(basics(minutes))).toMatch(/^Length .*1440/)
  for (const minutes of [0, -30]) expect(basicsProblem(basics(minutes))).toMatch(/^Length .*5/)
  expect(basicsProblem(basics(7.5))).toMatch(/^Length .*whole/i)
  expect(basicsProblem(basics(60, 5000))).toMatch(/^Capacity .*1000/)
  expect(basicsProblem(basics(60, 0))).toMatch(/^Capacity .*1/)
})
