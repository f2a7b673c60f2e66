/**
 * Booking many seats in ONE statement: the new bookings of a replication push batch (issue 13: a
 * device back from offline pushes hundreds at once), and REST bookings of several customers that
 * arrived together (seatBatcher.ts). It does for every row what bookSeat.ts does for one, as sets:
 * checks the row's session when it names one and its customer's membership (held until the commit,
 * as bookSeat holds it), inserts the bookings, takes their seats under the capacity check, and
 * writes their audit, notification and webhook outbox rows (createdBookingWrites, the rows
 * bookSeat.ts writes).
 *
 * The seats: the batch's slots are locked first, in id order (FOR NO KEY UPDATE, the lock bookSeat and
 * the counter UPDATE take; id order so that two batches never wait on each other in a cycle). Under
 * READ COMMITTED the locked rows are their newest versions, so `max_bookings - current_bookings` is
 * what is free; the batch's rows for a slot take the free seats in batch order (row_number by
 * ordinal), exactly as booking them one by one would.
 *
 * A row it does not book is left to the caller, who books it on its own (createBooking) and learns
 * why: its id exists already (a replay, or someone else's), its slot refused (full, blocked, deleted,
 * past, unknown), its customer holds a seat of the slot already (invariant 12: before the batch, by
 * an earlier row of it, or by a concurrent booking, which the unique index turns away), its session
 * ended, or a concurrent replay of the same id won the insert. Because this statement only ever
 * books a prefix, in batch order, of each slot's candidates (the rows whose customer holds no seat
 * there), booking the rest one by one in batch order afterwards gives each row the outcome it would
 * have had in a row-by-row run: a seat refusal depends on the rows booked before it, and the
 * customer's seat on nothing else.
 */
import type { Role } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { createdBookingWrites, creationNotice, mayBookHere } from './bookSeat.js'
import { BOOKING_COLUMNS, type BookingRow, seatHeldSql } from './bookingRows.js'

/**
 * $1 booking ids, $2 slot ids, $3 notes, $4 customer ids, $9 session token hashes (NULL: no check)
 * (arrays in batch order), $5/$6 the notification kind for a PENDING/CONFIRMED booking (NULL: none),
 * $7/$8 whom it goes to. Exported for the bench's probe of the statement's cost per booking.
 */
export const BOOK_SEATS_SQL = `WITH wanted AS (
  SELECT w.id, w.slot_id, w.notes, w.customer_id, w.ord
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $9::text[])
       WITH ORDINALITY AS w(id, slot_id, notes, customer_id, session, ord)
  WHERE NOT EXISTS (SELECT 1 FROM bookings x WHERE x.id = w.id)
    -- A probe of the session's primary key per row (an EXISTS under OR became a hashed scan of them all)
    -- and of the customer's membership, held FOR SHARE (every caller books for customers acting as
    -- members: a push's, the REST route's); a row whose session or membership ended is left to
    -- bookSeat, which says which.
    AND (w.session IS NULL
         OR coalesce((SELECT z.expires_at > now() FROM sessions z WHERE z.token_hash = w.session), false))
    AND ${mayBookHere('w.customer_id')}
), seats AS (
  SELECT s.id, s.organisation_id, s.provider_id, s.service_id, s.start_time,
         s.max_bookings - s.current_bookings AS free, p.auto_confirm
  FROM slots s JOIN users p ON p.id = s.provider_id
  WHERE s.id IN (SELECT slot_id FROM wanted) AND NOT s.deleted AND NOT s.blocked AND s.start_time > now()
  ORDER BY s.id
  FOR NO KEY UPDATE OF s
), eligible AS (
  -- One seat per customer per slot (invariant 12): not where the customer holds one, and only the
  -- first of the batch's rows of one customer for one slot.
  SELECT w.id, w.slot_id, w.notes, w.customer_id, w.ord, s.provider_id, s.service_id, s.start_time, s.auto_confirm, s.free,
         row_number() OVER (PARTITION BY w.slot_id, w.customer_id ORDER BY w.ord) AS nth
  FROM wanted w JOIN seats s ON s.id = w.slot_id
  WHERE NOT ${seatHeldSql('s', 'w.customer_id')}
), ranked AS (
  SELECT e.*, row_number() OVER (PARTITION BY e.slot_id ORDER BY e.ord) AS place
  FROM eligible e WHERE e.nth = 1
), inserted AS (
  INSERT INTO bookings AS b (id, slot_id, provider_id, service_id, customer_id, start_time, status, notes)
  SELECT r.id, r.slot_id, r.provider_id, r.service_id, r.customer_id, r.start_time,
         CASE WHEN r.auto_confirm THEN 'CONFIRMED' ELSE 'PENDING' END, r.notes
  FROM ranked r WHERE r.place <= r.free
  ORDER BY r.ord
  ON CONFLICT DO NOTHING
  RETURNING ${BOOKING_COLUMNS}
), seat AS (
  UPDATE slots s SET current_bookings = s.current_bookings + taken.n
  FROM (SELECT slot_id, count(*) AS n FROM inserted GROUP BY slot_id) taken
  WHERE s.id = taken.slot_id
  RETURNING s.id
)${createdBookingWrites({ noticeId: 'gen_random_uuid()', kinds: ['$5', '$6'], targets: ['$7', '$8'] })}
SELECT * FROM inserted`

export interface NewSeat {
  id: string
  slotId: string
  notes: string
}

/** A new booking of any customer (seatBatcher.ts gathers those of several requests). */
export interface CustomerSeat extends NewSeat {
  customerId: string
  /** Checked in the statement when given: a row whose session ended is not booked. */
  sessionTokenHash: string | null
}

/** Books what it can of `wanted` (a customer's new bookings, distinct ids); the rows it booked, by id. */
export function bookSeats(
  tx: Queryable,
  actor: Actor,
  wanted: readonly NewSeat[],
): Promise<Map<string, BookingRow>> {
  return bookCustomerSeats(
    tx,
    actor.role,
    wanted.map((w) => ({ ...w, customerId: actor.userId, sessionTokenHash: null })),
  )
}

/** Books what it can of `wanted` (distinct ids; every customer of `role`); the rows it booked, by id. */
export async function bookCustomerSeats(
  tx: Queryable,
  role: Role,
  wanted: readonly CustomerSeat[],
): Promise<Map<string, BookingRow>> {
  if (wanted.length === 0) return new Map()
  const pending = creationNotice(role, 'PENDING')
  const confirmed = creationNotice(role, 'CONFIRMED')
  const { rows } = await tx.query<BookingRow>(
    BOOK_SEATS_SQL,
    [
      wanted.map((w) => w.id),
      wanted.map((w) => w.slotId),
      wanted.map((w) => w.notes),
      wanted.map((w) => w.customerId),
      pending?.kind ?? null,
      confirmed?.kind ?? null,
      pending?.target ?? null,
      confirmed?.target ?? null,
      wanted.map((w) => w.sessionTokenHash),
    ],
    { prepareAs: 'book_seats' },
  )
  return new Map(rows.map((row) => [row.id, row]))
}
