/**
 * The insights period presets (client/features/insights/periods.ts). Bookings count on their
 * session's day, so presets that all ended today never showed an upcoming booking (a walk found a new
 * provider's 39 upcoming slots and fresh bookings read "Bookings 0"): the page now opens on the last
 * and next 30 days, and "Next 30 days" shows what is coming. Fixed instants, so the time of day the
 * test runs at does not matter.
 */
import { describe, expect, it } from 'vitest'
import { defaultPeriod, periodPresets } from '../../client/features/insights/periods.js'

const BERLIN = 'Europe/Berlin'
const byLabel = (now: Date, zone = BERLIN) =>
  Object.fromEntries(periodPresets(now, zone).map((p) => [p.label, p.period]))

describe('insights period presets', () => {
  it('opens on the last and the next 30 days, today in both halves', () => {
    const now = new Date('2026-11-27T10:00:00Z')
    const presets = byLabel(now)
    expect(defaultPeriod(periodPresets(now, BERLIN))).toEqual({ from: '2026-10-29', to: '2026-12-26' })
    expect(presets['Last & next 30 days']).toEqual({ from: '2026-10-29', to: '2026-12-26' })
    expect(presets['Next 30 days']).toEqual({ from: '2026-11-27', to: '2026-12-26' })
    expect(presets['Last 30 days']).toEqual({ from: '2026-10-29', to: '2026-11-27' })
  })

  it('a session tomorrow is in the period the page opens on and in "Next 30 days"', () => {
    const now = new Date('2026-11-27T10:00:00Z')
    const tomorrow = '2026-11-28'
    const opened = defaultPeriod(periodPresets(now, BERLIN))
    expect(opened.from <= tomorrow && tomorrow <= opened.to).toBe(true)
    const next = byLabel(now)['Next 30 days']
    expect(next && next.from <= tomorrow && tomorrow <= next.to).toBe(true)
  })

  it('the past presets end today and say so', () => {
    const presets = byLabel(new Date('2026-11-27T10:00:00Z'))
    expect(presets).toMatchObject({
      'Last 7 days': { from: '2026-11-21', to: '2026-11-27' },
      'Last 90 days': { from: '2026-08-30', to: '2026-11-27' },
      'Last 12 months': { from: '2025-11-28', to: '2026-11-27' },
    })
  })

  it("counts days in the provider's zone: late evening UTC is already tomorrow in Berlin", () => {
    const presets = byLabel(new Date('2026-11-27T23:30:00Z'))
    expect(presets['Next 30 days']).toEqual({ from: '2026-11-28', to: '2026-12-27' })
    expect(byLabel(new Date('2026-11-27T23:30:00Z'), 'UTC')['Next 30 days']).toEqual({
      from: '2026-11-27',
      to: '2026-12-26',
    })
  })

  it('30 calendar days ahead across the change to summer time', () => {
    // 29 March 2026 lasts 23 hours in Berlin: still 30 whole days, 20 March to 18 April.
    expect(byLabel(new Date('2026-03-20T12:00:00Z'))['Next 30 days']).toEqual({
      from: '2026-03-20',
      to: '2026-04-18',
    })
  })
})
