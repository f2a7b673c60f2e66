/** The slot dialog's words for a Delete it disables (shared slotDeletionRefusal decides). */
import type { SlotDeletionRefusal } from '../../../shared/availability.js'

/** Why Delete is disabled: a session's history stays; active bookings are to be cancelled first. */
export function deleteHint(refusal: SlotDeletionRefusal, activeCount: number): string {
  if (refusal.code === 'SLOT_HAS_HISTORY') return refusal.message
  return `To delete this slot, cancel its ${activeCount === 1 ? 'booking' : `${activeCount} bookings`} first.`
}
