/**
 * The insights tiles' changes from the previous period (client/features/insights/headlineFigures.ts):
 * counts and money change by a relative percentage, a share (seats used) by percentage points. A walk
 * read "+600%" for one day at 64% after one at 9%, and "63% +2%" without knowing which it was.
 */
import { describe, expect, it } from 'vitest'
import { headlineFigures } from '../../client/features/insights/headlineFigures.js'
import type { Insights, PeriodFigures } from '../../shared/insightsSchemas.js'

function period(from: string, figures: Partial<PeriodFigures>, seats: { used: number; capacity: number }) {
  const base: PeriodFigures = {
    from,
    to: from,
    bookings: 0,
    completed: 0,
    rejected: 0,
    cancellations: { byCustomer: 0, byProvider: 0, unknown: 0 },
    declines: 0,
    waitlistPromotions: 0,
    utilisation: {
      past: {
        slots: 1,
        capacity: seats.capacity,
        used: seats.used,
        unused: seats.capacity - seats.used,
        rate: seats.capacity === 0 ? 0 : seats.used / seats.capacity,
      },
      upcoming: { slots: 0, capacity: 0, booked: 0, free: 0, rate: 0 },
    },
    revenue: [],
  }
  return { ...base, ...figures }
}

function insights(current: PeriodFigures, previous: PeriodFigures): Insights {
  return {
    providerId: '00000000-0000-4000-8000-000000000001',
    timeZone: 'UTC',
    current,
    previous,
    daily: { current: [], previous: [] },
    leadTime: [],
    heatmap: [],
    topServices: [],
  }
}

const tile = (all: ReturnType<typeof headlineFigures>, label: string) => {
  const found = all.find((t) => t.label.startsWith(label))
  if (!found) throw new Error(`no tile ${label}`)
  return found
}

describe('the insights tiles', () => {
  it('a share changes by percentage points, between the percentages shown', () => {
    const figures = headlineFigures(
      insights(
        period('2026-11-27', { bookings: 64 }, { used: 64, capacity: 100 }),
        period('2026-11-26', { bookings: 9 }, { used: 9, capacity: 100 }),
      ),
    )
    const seats = tile(figures, 'Seats used')
    expect(seats.value).toBe('64%')
    expect(seats.delta).toBe('+55 pts')
    expect(seats.deltaTitle).toBe('Change from the previous period in percentage points (9% before)')
    // A count keeps its relative change.
    expect(tile(figures, 'Bookings').delta).toBe('+611%')
  })

  it('the bookings tile says how many of its bookings were cancelled or declined', () => {
    const withdrawn = {
      bookings: 210,
      completed: 172,
      cancellations: { byCustomer: 16, byProvider: 9, unknown: 0 },
      declines: 2,
    }
    const figures = headlineFigures(
      insights(
        period('2026-11-27', withdrawn, { used: 1, capacity: 1 }),
        period('2026-11-26', {}, { used: 1, capacity: 1 }),
      ),
    )
    expect(tile(figures, 'Bookings').note).toBe('172 completed · includes 27 cancelled or declined')
    const none = headlineFigures(
      insights(
        period('2026-11-27', { bookings: 3, completed: 3 }, { used: 1, capacity: 1 }),
        period('2026-11-26', {}, { used: 1, capacity: 1 }),
      ),
    )
    expect(tile(none, 'Bookings').note).toBe('3 completed')
  })

  it('a share that fell, that stayed, and one without a previous share', () => {
    const seats = (now: [number, number], before: [number, number]) =>
      tile(
        headlineFigures(
          insights(
            period('2026-11-27', {}, { used: now[0], capacity: now[1] }),
            period('2026-11-26', {}, { used: before[0], capacity: before[1] }),
          ),
        ),
        'Seats used',
      ).delta
    // 63% after 61%: two points, whatever the seat counts did (40 → 63 seats would read "+58%").
    expect(seats([63, 100], [40, 66])).toBe('+2 pts')
    expect(seats([3, 10], [9, 10])).toBe('−60 pts')
    expect(seats([1, 2], [2, 4])).toBe('±0 pts')
    expect(seats([1, 2], [0, 0])).toBe('new')
    expect(seats([0, 0], [1, 2])).toBeNull()
  })

  it('no past slots reads as a dash, not 0% of 0 seats', () => {
    const seats = tile(
      headlineFigures(
        insights(
          period('2026-11-27', {}, { used: 0, capacity: 0 }),
          period('2026-11-26', {}, { used: 0, capacity: 0 }),
        ),
      ),
      'Seats used',
    )
    expect(seats).toMatchObject({ value: '—', note: 'No past slots in this period', delta: null })
  })

  it('the cancellations note adds up to the tile: a declined request is said apart, as not counted', () => {
    const figures = (cancellations: PeriodFigures['cancellations'], declines: number) =>
      tile(
        headlineFigures(
          insights(
            period('2026-11-27', { cancellations, declines }, { used: 0, capacity: 0 }),
            period('2026-10-28', {}, { used: 0, capacity: 0 }),
          ),
        ),
        'Cancellations',
      )
    // A walk read "22" over "15 by customers · 7 by you · 1 declined" and added the parts to 23.
    expect(figures({ byCustomer: 15, byProvider: 7, unknown: 0 }, 1)).toMatchObject({
      value: '22',
      note: '15 by customers · 7 by you; 1 request declined (not counted)',
    })
    expect(figures({ byCustomer: 0, byProvider: 0, unknown: 0 }, 2).note).toBe(
      '0 by customers · 0 by you; 2 requests declined (not counted)',
    )
    expect(figures({ byCustomer: 3, byProvider: 1, unknown: 0 }, 0).note).toBe('3 by customers · 1 by you')
    // Cancellations the audit log cannot attribute are part of the figure too.
    expect(figures({ byCustomer: 3, byProvider: 1, unknown: 2 }, 0)).toMatchObject({
      value: '6',
      note: '3 by customers · 1 by you · 2 other',
    })
  })
})
