import type { BookingStatus } from '../../shared/schemas.js'
import { statusPillWords } from '../data/bookingStatusWords.js'

/**
 * A booking's status as a coloured pill; `unsynced` marks a local change the server has not seen yet,
 * `neverSent` a booking the server has not seen at all (no status of the provider's yet: "Not sent yet"),
 * `declined` a cancellation that was the provider declining the request ("Declined").
 */
export function StatusBadge({
  status,
  unsynced = false,
  neverSent = false,
  declined = false,
}: {
  status: BookingStatus
  unsynced?: boolean
  neverSent?: boolean
  declined?: boolean
}) {
  const words = statusPillWords(status, { unsynced, neverSent }, declined)
  return (
    <span
      // A change not sent yet is not the status's outcome yet (a move may still be refused): neutral.
      className={`badge ${neverSent || unsynced ? 'badge--pending' : `status-${status.toLowerCase()}`}`}
      data-testid="booking-status"
      data-status={status}
      data-declined={status === 'CANCELLED' && declined}
      data-sent={!neverSent}
    >
      {words.label}
      {words.note && <span className="badge__note"> · {words.note}</span>}
    </span>
  )
}
