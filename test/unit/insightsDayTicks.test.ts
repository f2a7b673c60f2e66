/**
 * The bookings-per-day chart's x-axis (client/features/insights/dayTicks.ts): real dates, the first
 * and last day of the period and a few between, where a walk found only "first day" and "last day".
 */
import { describe, expect, it } from 'vitest'
import { MAX_TICKS, dayTicks } from '../../client/features/insights/dayTicks.js'

describe('dayTicks', () => {
  it('names the first and last day of a 30-day period and three evenly between', () => {
    expect(dayTicks('2026-10-29', 30, 'day')).toEqual([
      { index: 0, label: '29 Oct' },
      { index: 7, label: '5 Nov' },
      { index: 15, label: '13 Nov' },
      { index: 22, label: '20 Nov' },
      { index: 29, label: '27 Nov' },
    ])
  })

  it('labels every day of a short period, one day once', () => {
    expect(dayTicks('2026-11-27', 1, 'day')).toEqual([{ index: 0, label: '27 Nov' }])
    expect(dayTicks('2026-11-25', 3, 'day').map((t) => t.label)).toEqual(['25 Nov', '26 Nov', '27 Nov'])
  })

  it('names the first day of each week shown for long periods, with the year when it changes', () => {
    const ticks = dayTicks('2025-11-28', 53, 'week')
    expect(ticks).toHaveLength(MAX_TICKS)
    expect(ticks[0]).toEqual({ index: 0, label: '28 Nov 2025' })
    expect(ticks.at(-1)).toEqual({ index: 52, label: '27 Nov 2026' })
    expect(ticks[2]).toEqual({ index: 26, label: '29 May' })
  })

  it('keeps the days across a change of clocks (no day lost or repeated)', () => {
    expect(dayTicks('2026-10-24', 3, 'day').map((t) => t.label)).toEqual(['24 Oct', '25 Oct', '26 Oct'])
  })

  it('draws nothing for no values', () => {
    expect(dayTicks('2026-11-27', 0, 'day')).toEqual([])
  })
})
