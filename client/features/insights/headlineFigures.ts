/** The insights tiles' figures: each headline figure of the period and its change from the previous one. */
import { formatPrice } from '../../../shared/currencies.js'
import type { Insights } from '../../../shared/insightsSchemas.js'
import { seatsPercent } from '../../ui/seatText.js'
import { noSlotsWords } from './noSlotsWords.js'
import { change, percent, pointsChange } from './periods.js'
import { awaitingWords } from './pendingWords.js'

export interface HeadlineFigure {
  label: string
  value: string
  /** Change from the previous period; `goodWhenUp` false for figures that should fall. */
  delta: string | null
  /** What the change is measured in, for the reader who wonders (a share's change is in points). */
  deltaTitle: string
  goodWhenUp: boolean
  note?: string
}

const RELATIVE = 'Change from the previous period'

/**
 * Who cancelled; a declined request is no cancellation, so it is said apart, as not counted: a walk
 * read "22" over "15 by customers · 7 by you · 1 declined" and added the parts to 23.
 */
function cancellationsNote(p: Insights['current']): string {
  const { byCustomer, byProvider, unknown } = p.cancellations
  const who = `${byCustomer} by customers · ${byProvider} by you${unknown > 0 ? ` · ${unknown} other` : ''}`
  if (p.declines === 0) return who
  return `${who}; ${p.declines} ${p.declines === 1 ? 'request' : 'requests'} declined (not counted)`
}

/**
 * The bookings made count every one not refused, cancelled and declined ones too: the note says how
 * many of them those are, so "210" is not read as 210 appointments (a walk did).
 */
function bookingsNote(p: Insights['current'], withdrawn: number): string {
  return withdrawn === 0
    ? `${p.completed} completed`
    : `${p.completed} completed · includes ${withdrawn} cancelled or declined`
}

/**
 * Revenue booked counts accepted bookings only; the requests awaiting the provider are said beside
 * it ("+ €80.00 in 2 requests awaiting you"), then the other currencies the table lists.
 */
function revenueNote(p: Insights['current']): string | undefined {
  const revenue = p.revenue[0]
  const awaiting = revenue && awaitingWords(revenue.pending, revenue.pendingRequests, revenue.currency)
  const parts = [
    awaiting ? `+ ${awaiting}` : null,
    p.revenue.length > 1 ? `and ${p.revenue.length - 1} more currencies below` : null,
  ].filter((part) => part !== null)
  return parts.length === 0 ? undefined : parts.join(' · ')
}

/**
 * The tiles of the period. `upcoming`: the period has days still ahead, whose sessions are still
 * being booked, so its figures are not comparable with a finished period's: no change is shown (a
 * walk read a normal "Next 30 days" as a red −88% against the last 30).
 */
export function headlineFigures(insights: Insights, upcoming = false): HeadlineFigure[] {
  const figures = comparedFigures(insights)
  return upcoming ? figures.map((figure) => ({ ...figure, delta: null })) : figures
}

function comparedFigures({ current, previous }: Insights): HeadlineFigure[] {
  const cancelled = (p: Insights['current']) =>
    p.cancellations.byCustomer + p.cancellations.byProvider + p.cancellations.unknown
  const revenue = current.revenue[0]
  const previousRevenue = previous.revenue.find((r) => r.currency === revenue?.currency)
  const seats = current.utilisation.past
  const seatsBefore = previous.utilisation.past
  return [
    {
      label: 'Bookings',
      value: String(current.bookings),
      delta: change(current.bookings, previous.bookings),
      deltaTitle: RELATIVE,
      goodWhenUp: true,
      note: bookingsNote(current, cancelled(current) + current.declines),
    },
    {
      label: 'Cancellations',
      value: String(cancelled(current)),
      delta: change(cancelled(current), cancelled(previous)),
      deltaTitle: RELATIVE,
      goodWhenUp: false,
      note: cancellationsNote(current),
    },
    {
      // A share: its change is the difference in points (9% → 64% is +55 pts, not +600%).
      label: 'Seats used (past slots)',
      value: seatsPercent(seats.used, seats.capacity),
      delta: pointsChange(
        seats.capacity === 0 ? null : seats.rate,
        seatsBefore.capacity === 0 ? null : seatsBefore.rate,
      ),
      deltaTitle:
        seatsBefore.capacity === 0
          ? RELATIVE
          : `${RELATIVE} in percentage points (${percent(seatsBefore.rate)} before)`,
      goodWhenUp: true,
      note: seats.capacity === 0 ? noSlotsWords('past') : `${seats.used} of ${seats.capacity} seats`,
    },
    {
      label: 'Revenue booked',
      value: revenue ? formatPrice(revenue.booked, revenue.currency) : '—',
      delta: revenue ? change(revenue.booked, previousRevenue?.booked ?? 0) : null,
      deltaTitle: RELATIVE,
      goodWhenUp: true,
      note: revenueNote(current),
    },
  ]
}
