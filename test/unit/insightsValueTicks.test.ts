/**
 * The bookings-per-day chart's y-axis (client/features/insights/valueTicks.ts): whole, evenly spaced
 * counts up to a nice ceiling, where a walk found "0, 1, 1" for no data and "0, 6, 11" for a max of 11.
 */
import { describe, expect, it } from 'vitest'
import { valueTicks } from '../../client/features/insights/valueTicks.js'

describe('valueTicks', () => {
  it('shows 0 and 1 when there is no data', () => {
    expect(valueTicks(0)).toEqual([0, 1])
  })

  it('uses nice whole steps up to a nice ceiling at or above the largest value', () => {
    expect(valueTicks(1)).toEqual([0, 1])
    expect(valueTicks(3)).toEqual([0, 1, 2, 3])
    expect(valueTicks(5)).toEqual([0, 2, 4, 6])
    expect(valueTicks(10)).toEqual([0, 5, 10])
    expect(valueTicks(11)).toEqual([0, 5, 10, 15])
    expect(valueTicks(38)).toEqual([0, 10, 20, 30, 40])
    expect(valueTicks(120)).toEqual([0, 50, 100, 150])
  })

  it('never repeats a label and always reaches the largest value', () => {
    for (let max = 0; max <= 1000; max++) {
      const ticks = valueTicks(max)
      expect(new Set(ticks).size).toBe(ticks.length)
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max)
      expect(ticks.length).toBeLessThanOrEqual(5)
      expect(ticks.every((t) => Number.isInteger(t))).toBe(true)
    }
  })
})
