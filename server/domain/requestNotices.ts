/**
 * A provider's "New request to confirm" notice (NEW_BOOKING_REQUEST) is settled once its request is
 * answered: confirmed, declined, withdrawn by its customer or deleted. It is then marked read, so
 * every device of the provider drops it from the unread count: a walk saw two answered requests'
 * notices still unread beside "No requests waiting", the bell counting them. Written in the same
 * transaction as the answer.
 */
import type { BookingStatus } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

interface RequestFacts {
  id: string
  providerId: string
  status: BookingStatus
}

export async function settleRequestNotices(
  tx: Queryable,
  before: RequestFacts,
  after: Pick<RequestFacts, 'status'> | null,
): Promise<void> {
  if (before.status !== 'PENDING' || after?.status === 'PENDING') return
  // The provider's own notices (index notifications_user), then the one of this booking.
  await tx.query(
    `UPDATE notifications SET read_at = now()
     WHERE user_id = $1 AND booking_id = $2 AND kind = 'NEW_BOOKING_REQUEST' AND read_at IS NULL AND NOT deleted`,
    [before.providerId, before.id],
  )
}
