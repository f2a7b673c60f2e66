/** Invariant 1 as a query: slots whose counter disagrees with their active bookings or capacity. */
import type { Queryable } from '../../server/db/database.js'
import { ACTIVE_STATUS_SQL } from '../../server/domain/bookingRows.js'

export interface CounterMismatch {
  id: string
  currentBookings: number
  activeBookings: number
  maxBookings: number
}

export async function counterMismatches(db: Queryable): Promise<CounterMismatch[]> {
  const { rows } = await db.query<{
    id: string
    current_bookings: number
    active: string | number
    max_bookings: number
  }>(
    `SELECT s.id, s.current_bookings, s.max_bookings,
            (SELECT count(*) FROM bookings b
             WHERE b.slot_id = s.id AND NOT b.deleted AND b.status IN (${ACTIVE_STATUS_SQL})) AS active
     FROM slots s`,
  )
  return rows
    .map((r) => ({
      id: r.id,
      currentBookings: Number(r.current_bookings),
      activeBookings: Number(r.active),
      maxBookings: Number(r.max_bookings),
    }))
    .filter(
      (r) =>
        r.currentBookings !== r.activeBookings || r.currentBookings > r.maxBookings || r.currentBookings < 0,
    )
}
