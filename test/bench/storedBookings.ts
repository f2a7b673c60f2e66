/**
 * What a bench's bookings left in the database. pgbench cannot tell a booking from a refusal (the
 * booking statement then returns no row, no error), so the raw side's count of bookings is only
 * right if every one of them was stored: checked here once a bench's runs are done, together with
 * the rule the bench's pairs must keep (bookingPairs.ts: no customer holds two seats of a slot).
 */
import type { Queryable } from '../../server/db/database.js'

const ACTIVE = "status IN ('PENDING', 'CONFIRMED') AND NOT deleted"
/** How long bookings sent but not yet answered when a driver stopped may take to land (wrk's). */
const SETTLE_MS = 5000

/** Bookings a bench made: answered as booked, and sent but left unanswered when wrk stopped. */
export interface BookingsMade {
  acknowledged: number
  /** Each may or may not be booked: the server drops a request whose client left before its body was read. */
  unanswered: number
}

async function counts(db: Queryable): Promise<{ stored: number; repeated: number }> {
  const { rows } = await db.query<{ stored: number; repeated: number }>(
    `SELECT (SELECT count(*)::int FROM bookings WHERE ${ACTIVE}) AS stored,
            (SELECT count(*)::int FROM (SELECT 1 FROM bookings WHERE ${ACTIVE}
               GROUP BY slot_id, customer_id HAVING count(*) > 1) r) AS repeated`,
  )
  return rows[0] ?? { stored: 0, repeated: 0 }
}

/**
 * Fails unless the database holds every acknowledged booking, no more than the unanswered ones
 * besides, and no customer holds two seats of a slot. Waits up to SETTLE_MS for bookings on their way.
 */
export async function expectBookingsStored(db: Queryable, made: BookingsMade, what: string): Promise<void> {
  const most = made.acknowledged + made.unanswered
  const deadline = Date.now() + SETTLE_MS
  let found = await counts(db)
  while (found.stored < most && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    found = await counts(db)
  }
  if (found.repeated > 0)
    throw new Error(`${what}: ${found.repeated} (slot, customer) pairs were booked twice (bookingPairs.ts)`)
  if (found.stored < made.acknowledged || found.stored > most) {
    throw new Error(
      `${what}: ${found.stored} bookings stored, ${made.acknowledged} acknowledged + ${made.unanswered} unanswered (refused: a repeated pair?)`,
    )
  }
}
