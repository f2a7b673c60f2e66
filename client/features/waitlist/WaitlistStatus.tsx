import { gotSeat } from '../../../shared/waitlist.js'
import { errorMessages } from '../../../shared/errors.js'
import type { WaitlistEntryView } from '../../data/index.js'
import { waitlistPlaceWords } from './waitlistPlaceText.js'

/** One line on a slot card: where the customer is in its queue, or that the queue gave them a seat. */
export function WaitlistStatus({
  entry,
  holdsSeat,
}: {
  entry: WaitlistEntryView | undefined
  holdsSeat: boolean
}) {
  if (!entry) return null
  if (entry.status === 'WAITING') {
    return (
      <span
        className="slot-card__waitlist"
        data-testid="waitlist-position"
        data-position={entry.position ?? ''}
      >
        {waitlistPlaceWords(entry.position)}
      </span>
    )
  }
  if (gotSeat(entry.status) && holdsSeat) {
    return (
      <span className="slot-card__waitlist slot-card__waitlist--seat" data-testid="waitlist-got-seat">
        You got a seat
      </span>
    )
  }
  if (entry.status === 'REJECTED' && entry.rejectionReason) {
    return (
      <span className="slot-card__waitlist slot-card__waitlist--rejected" data-testid="waitlist-rejected">
        Waitlist: {errorMessages[entry.rejectionReason]}
      </span>
    )
  }
  return null
}
