import type { BookingStatus } from '../../shared/schemas.js'
import { BOOKING_STATUS_WORDS } from '../data/bookingStatusWords.js'

/** A booking's status as a coloured pill; `unsynced` marks a local change the server has not seen yet. */
export function StatusBadge({ status, unsynced = false }: { status: BookingStatus; unsynced?: boolean }) {
  return (
    <span
      className={`badge status-${status.toLowerCase()}`}
      data-testid="booking-status"
      data-status={status}
    >
      {BOOKING_STATUS_WORDS[status]}
      {unsynced && <span className="badge__note"> · not synced yet</span>}
    </span>
  )
}
