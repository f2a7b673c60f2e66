import type { BookingStatus } from '../../shared/schemas.js'

const labels: Record<BookingStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  CANCELLED: 'Cancelled',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
}

/** A booking's status as a coloured pill; `unsynced` marks a local change the server has not seen yet. */
export function StatusBadge({ status, unsynced = false }: { status: BookingStatus; unsynced?: boolean }) {
  return (
    <span
      className={`badge status-${status.toLowerCase()}`}
      data-testid="booking-status"
      data-status={status}
    >
      {labels[status]}
      {unsynced && <span className="badge__note"> · not synced yet</span>}
    </span>
  )
}
