import type { ReactNode } from 'react'
import { NOT_SENT_YET } from '../data/bookingStatusWords.js'
import type { SlotView } from '../data/index.js'
import { formatTimeRange } from './calendarTime.js'
import { seatsLine } from './seatText.js'
import { slotStateLabels } from './slotState.js'

interface SlotCardProps {
  slot: SlotView
  zone: string
  /** Makes the card a button (e.g. "book" or "manage"). */
  onSelect?: () => void
  /** What pressing the card does, read out before the card's text ("Book", "Manage"). */
  actionLabel?: string
  /** Extra lines under the seats (e.g. booking counts). */
  children?: ReactNode
  /**
   * What the card leads with, before its state (the viewer's own seat): then "Available" or "Full",
   * which speak of seats for others, are not shown; "Blocked" and "Past" still are.
   */
  lead?: ReactNode
  highlighted?: boolean
}

/** One slot in a calendar: time, service, seats left and state, usable with a keyboard when selectable. */
export function SlotCard({
  slot,
  zone,
  onSelect,
  actionLabel,
  children,
  lead,
  highlighted = false,
}: SlotCardProps) {
  const stateShown = !lead || slot.state === 'blocked' || slot.state === 'past'
  const time = formatTimeRange(slot.startTime, slot.endTime, zone)
  const body = (
    <>
      <span className="slot-card__time">{time}</span>
      <span className="slot-card__service">{slot.serviceName}</span>
      <span className="slot-card__provider">{slot.providerName}</span>
      {/* No count once the slot has started: completing a booking gives its seat back, and no device
          but the provider's holds them all, so no count would be the same for every viewer. */}
      {slot.state !== 'past' && (
        <span className="slot-card__seats">
          <span data-testid="slot-remaining">{seatsLine(slot)}</span>
          <SeatMeter used={slot.displayedBookings} capacity={slot.maxBookings} />
        </span>
      )}
      <span className="slot-card__footer">
        {lead}
        {stateShown && (
          <span className={`badge state-${slot.state}`} data-testid="slot-state">
            {slotStateLabels[slot.state]}
          </span>
        )}
        {/* Said the same way as on My bookings and in the legend: offline nothing is syncing. */}
        {slot.pending && (
          <span className="badge badge--pending" data-testid="slot-not-sent">
            {NOT_SENT_YET}
          </span>
        )}
      </span>
      {children}
    </>
  )
  const className = `slot-card state-border-${slot.state}${highlighted ? ' slot-card--highlighted' : ''}`
  const data = {
    'data-testid': 'slot-card',
    'data-slot-id': slot.id,
    'data-state': slot.state,
    'data-remaining': slot.remaining,
  }
  if (!onSelect) {
    return (
      <div className={className} {...data}>
        {body}
      </div>
    )
  }
  return (
    <button type="button" className={`${className} slot-card--button`} onClick={onSelect} {...data}>
      {/* The accessible name is the visible text with the action in front (no aria-label that could drift from it). */}
      <span className="visually-hidden">{actionLabel ?? 'Open'}: </span>
      {body}
    </button>
  )
}

function SeatMeter({ used, capacity }: { used: number; capacity: number }) {
  const share = capacity === 0 ? 0 : Math.min(1, used / capacity)
  return (
    <span className="seat-meter" aria-hidden="true">
      <span className="seat-meter__fill" style={{ width: `${share * 100}%` }} />
    </span>
  )
}
