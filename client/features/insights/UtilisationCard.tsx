import type { PeriodFigures } from '../../../shared/insightsSchemas.js'
import { seatsPercent } from '../../ui/seatText.js'
import { noSlotsWords } from './noSlotsWords.js'

/** One stacked bar: the filled part and the rest of the capacity, with what each part means. */
function SeatBar({
  label,
  filled,
  rest,
  restLabel,
  capacity,
  none,
}: {
  label: string
  filled: number
  rest: number
  restLabel: string
  capacity: number
  /** What the legend says without any seats. */
  none: string
}) {
  const share = capacity === 0 ? 0 : filled / capacity
  // Empty seats of blocked slots are neither booked nor free (`rest` leaves them out).
  const blocked = capacity - filled - rest
  return (
    <div className="seat-bar">
      <div className="seat-bar__head">
        <span>{label}</span>
        <strong>{seatsPercent(filled, capacity)}</strong>
      </div>
      <div className="seat-bar__track" aria-hidden="true">
        <span className="seat-bar__filled" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="seat-bar__legend">
        {capacity === 0 ? none : `${filled} of ${capacity} seats · ${rest} ${restLabel}`}
        {blocked > 0 && ` · ${blocked} empty on blocked slots`}
      </p>
    </div>
  )
}

/**
 * Past slots and upcoming slots apart: an empty seat of a slot that has started is lost, not free;
 * only upcoming open seats can still be booked.
 */
export function UtilisationCard({ utilisation }: { utilisation: PeriodFigures['utilisation'] }) {
  const { past, upcoming } = utilisation
  return (
    <figure className="chart-card" data-testid="insights-utilisation">
      <figcaption>Seats</figcaption>
      <SeatBar
        label={`Past slots (${past.slots})`}
        filled={past.used}
        rest={past.unused}
        restLabel="left empty"
        capacity={past.capacity}
        none={noSlotsWords('past')}
      />
      <SeatBar
        label={`Upcoming slots (${upcoming.slots})`}
        filled={upcoming.booked}
        rest={upcoming.free}
        restLabel="still free"
        capacity={upcoming.capacity}
        none={noSlotsWords('upcoming')}
      />
    </figure>
  )
}
