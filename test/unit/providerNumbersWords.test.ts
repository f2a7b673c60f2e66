/**
 * The words of the numbers a provider acts on: requests awaiting them said apart from revenue booked
 * (M1), no change shown for a period still being booked (L3), Stats' empty seats split into still
 * free and left empty (L4), and the slot dialog's Delete disabled for a session with history (L2).
 */
import { describe, expect, it } from 'vitest'
import { headlineFigures } from '../../client/features/insights/headlineFigures.js'
import { awaitingCell } from '../../client/features/insights/pendingWords.js'
import { comparisonWords, stillBeingBooked } from '../../client/features/insights/periods.js'
import { slotDeletionRefusal, unusedSeats } from '../../shared/availability.js'
import { deleteHint } from '../../client/features/provider/slotDeletionHint.js'
import { statTiles } from '../../client/features/provider/statTiles.js'
import type { Insights, PeriodFigures, Revenue } from '../../shared/insightsSchemas.js'

function period(from: string, to: string, figures: Partial<PeriodFigures>): PeriodFigures {
  return {
    from,
    to,
    bookings: 0,
    completed: 0,
    rejected: 0,
    cancellations: { byCustomer: 0, byProvider: 0, unknown: 0 },
    declines: 0,
    waitlistPromotions: 0,
    utilisation: {
      past: { slots: 1, capacity: 10, used: 5, unused: 5, rate: 0.5 },
      upcoming: { slots: 0, capacity: 0, booked: 0, free: 0, rate: 0 },
    },
    revenue: [],
    ...figures,
  }
}

const eur = (booked: number, pending: number, pendingRequests: number): Revenue => ({
  currency: 'EUR',
  booked,
  pending,
  pendingRequests,
  completed: 0,
  lostToCancellations: 0,
  declined: 0,
})

function insights(current: PeriodFigures, previous: PeriodFigures): Insights {
  return {
    providerId: '00000000-0000-4000-8000-000000000001',
    timeZone: 'Europe/Berlin',
    current,
    previous,
    daily: { current: [], previous: [] },
    leadTime: [],
    heatmap: [],
    topServices: [],
  }
}

const tile = (all: ReturnType<typeof headlineFigures>, label: string) => {
  const found = all.find((t) => t.label === label)
  if (!found) throw new Error(`no tile ${label}`)
  return found
}

describe('M1: revenue booked and the requests awaiting the provider', () => {
  const figures = (revenue: Revenue[]) =>
    headlineFigures(
      insights(
        period('2026-11-28', '2026-11-28', { bookings: 8, revenue }),
        period('2026-11-27', '2026-11-27', { bookings: 4, revenue: [eur(4000, 0, 0)] }),
      ),
    )

  it('the tile shows accepted money; the requests are a note beside it', () => {
    const revenue = tile(figures([eur(8000, 8000, 2)]), 'Revenue booked')
    expect(revenue.value).toBe('€80.00')
    expect(revenue.note).toBe('+ €80.00 in 2 requests awaiting you')
    expect(tile(figures([eur(8000, 4000, 1)]), 'Revenue booked').note).toBe(
      '+ €40.00 in 1 request awaiting you',
    )
    expect(tile(figures([eur(8000, 0, 0)]), 'Revenue booked').note).toBeUndefined()
    const chf = { ...eur(100, 0, 0), currency: 'CHF' }
    expect(tile(figures([eur(8000, 8000, 2), chf]), 'Revenue booked').note).toBe(
      '+ €80.00 in 2 requests awaiting you · and 1 more currencies below',
    )
  })

  it('the revenue table cell names the requests', () => {
    expect(awaitingCell(8000, 2, 'EUR')).toBe('€80.00 (2 requests)')
    expect(awaitingCell(4000, 1, 'EUR')).toBe('€40.00 (1 request)')
    expect(awaitingCell(0, 0, 'EUR')).toBe('€0.00')
  })
})

describe('L3: a period still being booked is not compared with a finished one', () => {
  // 04:20 Berlin on Sat 28 Nov 2026.
  const now = new Date('2026-11-28T03:20:00Z')
  const zone = 'Europe/Berlin'

  it('a period with days after today is still being booked; one ending today is not', () => {
    expect(stillBeingBooked({ from: '2026-11-28', to: '2026-12-27' }, now, zone)).toBe(true)
    expect(stillBeingBooked({ from: '2026-10-30', to: '2026-12-27' }, now, zone)).toBe(true)
    expect(stillBeingBooked({ from: '2026-11-22', to: '2026-11-28' }, now, zone)).toBe(false)
    // Still 27 Nov in Los Angeles: its "today" is the 27th.
    expect(stillBeingBooked({ from: '2026-11-21', to: '2026-11-28' }, now, 'America/Los_Angeles')).toBe(true)
  })

  it('no tile shows a change, and the period line says why', () => {
    const data = insights(
      period('2026-11-28', '2026-12-27', { bookings: 24, revenue: [eur(108500, 0, 0)] }),
      period('2026-10-29', '2026-11-27', { bookings: 200, revenue: [eur(800000, 0, 0)] }),
    )
    expect(tile(headlineFigures(data), 'Bookings').delta).toBe('−88%')
    expect(headlineFigures(data, true).map((t) => t.delta)).toEqual([null, null, null, null])
    const next30 = { from: '2026-11-28', to: '2026-12-27' }
    const previous = { from: '2026-10-29', to: '2026-11-27' }
    expect(comparisonWords(next30, previous, zone, true)).toBe(
      'Sat 28 Nov 2026 to Sun 27 Dec 2026 in Europe/Berlin. Upcoming: no comparison while sessions are still being booked (the previous period, Thu 29 Oct 2026 to Fri 27 Nov 2026, is shown for reference only).',
    )
    expect(comparisonWords(next30, previous, zone)).toBe(
      'Sat 28 Nov 2026 to Sun 27 Dec 2026 in Europe/Berlin, compared with Thu 29 Oct 2026 to Fri 27 Nov 2026.',
    )
  })
})

describe('L4: Stats split empty seats into still free and left empty', () => {
  const now = new Date('2026-11-28T03:20:00Z')
  const slot = (startTime: string, maxBookings: number, used: number, blocked = false) => ({
    startTime,
    maxBookings,
    used,
    blocked,
  })

  it('past slots leave their seats empty; upcoming open ones are still free; blocked ones neither', () => {
    const empty = unusedSeats(
      [
        slot('2026-11-27T09:00:00Z', 11, 8),
        slot('2026-11-28T03:20:00Z', 3, 1), // starts now: over for booking
        slot('2026-11-28T08:00:00Z', 3, 0),
        slot('2026-11-28T16:00:00Z', 8, 0),
        slot('2026-11-29T09:00:00Z', 2, 0, true),
        slot('2026-11-29T10:00:00Z', 2, 5), // over-counted: never below zero
      ],
      now,
    )
    expect(empty).toEqual({ stillFree: 11, leftEmpty: 5 })
  })

  it('the tiles say "Still free" and "Left empty", not "Seats free"', () => {
    const stats = { slots: 26, capacity: 70, booked: 33, free: 37, utilisation: 33 / 70 }
    expect(statTiles(stats, { stillFree: 13, leftEmpty: 24 })).toEqual([
      { label: 'Utilisation', value: '47%' },
      { label: 'Seats booked', value: 33 },
      { label: 'Still free', value: 13 },
      { label: 'Left empty', value: 24 },
      { label: 'Slots', value: 26 },
    ])
  })
})

describe('L2: the slot dialog disables Delete for a session with history, and says so', () => {
  it('completed bookings keep the session; active ones are to be cancelled first', () => {
    const history = slotDeletionRefusal({ active: 1, completed: 2 })
    expect(history).toMatchObject({ code: 'SLOT_HAS_HISTORY', details: { completedBookings: 2 } })
    expect(history && deleteHint(history, 1)).toBe(
      'This session has 2 completed bookings; it stays in your history.',
    )
    const one = slotDeletionRefusal({ active: 0, completed: 1 })
    expect(one?.message).toBe('This session has 1 completed booking; it stays in your history.')
    const active = slotDeletionRefusal({ active: 2, completed: 0 })
    expect(active?.code).toBe('SLOT_HAS_ACTIVE_BOOKINGS')
    expect(active && deleteHint(active, 2)).toBe('To delete this slot, cancel its 2 bookings first.')
    expect(slotDeletionRefusal({ active: 0, completed: 0 })).toBeNull()
  })
})
